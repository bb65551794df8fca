"""`{% signal_list %}`: the signals of a relationship as a list, written by a tag (one per child on the
class overview), escaped as a template would."""

from django.template import Context, Template

from onderstroom.questionnaires.scoring import Signal, SignalKey

DRAWN = Template(
    "{% load dyads %}{% signal_list signals %}|{% signal_list signals with_reasons=True %}"
    "|{% signal_list none %}"
)


def test_signals_are_listed_with_their_reasons_and_escaped() -> None:
    signals = [
        Signal(SignalKey.CONFLICT_ROSE, "Conflict <rose> for Siem & Ada.", 'Index 3,2 > 2,5 "reliable".'),
        Signal(SignalKey.SUPPORT_FELL, "Support fell.", "Because."),
    ]
    plain, reasons, empty = DRAWN.render(Context({"signals": signals, "none": []})).split("|")
    assert plain == (
        '<ul class="signals"><li>Conflict &lt;rose&gt; for Siem &amp; Ada.</li><li>Support fell.</li></ul>'
    )
    assert reasons == (
        '<ul class="signals"><li>Conflict &lt;rose&gt; for Siem &amp; Ada.'
        '<span class="reason">Index 3,2 &gt; 2,5 &quot;reliable&quot;.</span></li>'
        '<li>Support fell.<span class="reason">Because.</span></li></ul>'
    )
    assert empty == ""
