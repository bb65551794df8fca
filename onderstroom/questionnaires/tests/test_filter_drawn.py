"""The class overview's filter is drawn once per key and kept (forms._drawn): what is kept is never
shown for other values, other choices or another language."""

from django.utils import translation

from onderstroom.questionnaires.forms import OverviewChoicesForm


def form(moment: str = "m1", query: str = "", moment_name: str = "Oktober") -> OverviewChoicesForm:
    return OverviewChoicesForm(
        {"moment": moment, "rater": "r1", "profile": "", "sort": "name", "q": query, "signals": False},
        moments=[("m1", moment_name), ("m2", "Maart")],
        raters=[("r1", "Juf Anna")],
        profiles=[("close", "close")],
        sorts=[("name", "name")],
    )


def drawn_by_template(f: OverviewChoicesForm) -> str:
    return "".join(field.as_field_group() for field in f)


def test_the_kept_filter_is_what_the_fields_draw_and_follows_every_input() -> None:
    with translation.override("nl"):
        dutch = form().drawn()
        assert dutch == drawn_by_template(form())
        assert form().drawn() is dutch  # kept
        for other in (form(moment="m2"), form(query="ab<c"), form(moment_name="November")):
            assert other.drawn() == drawn_by_template(other) != dutch
        assert "ab&lt;c" in form(query="ab<c").drawn()
    with translation.override("en"):
        english = form().drawn()
        assert english == drawn_by_template(form()) != dutch
        assert "Moment" in english
        assert "Teacher" in english
