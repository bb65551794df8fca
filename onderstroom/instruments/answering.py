"""Answering an instrument: its questions as the respondent reads them, its answer choices, and the
context of the child's form (`templates/instruments/child/form.html`, `static/instruments/childform.js`).

A feature's view builds the context with `form_context` and renders a template that extends
`instruments/child/form.html`; its own endpoint takes the device's queued answers
({"answers": [{"client_id", "item", "value", "answered_at"}]}) and stores each client id once.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language

from onderstroom.core.errors import Refused
from onderstroom.core.inputs import bounded_int
from onderstroom.instruments.engine import InstrumentDefinition, fill_in

# What a posted answer may be at all; each form's own range is the service's to check.
MIN_ANSWER, MAX_ANSWER = -32768, 32767


@dataclass(frozen=True)
class Question:
    key: str
    number: int
    text: str


@dataclass(frozen=True)
class Choice:
    value: int
    label: str
    pictogram_url: str | None


def questions(spec: InstrumentDefinition, other: str = "") -> list[Question]:
    """The items in the active language; `other` fills a relationship form's one placeholder."""
    return [
        Question(item.key, n, fill_in(item.text.get(), other)) for n, item in enumerate(spec.items, start=1)
    ]


def choices(spec: InstrumentDefinition) -> list[Choice]:
    return [
        Choice(
            option.value,
            option.label.get(),
            static(f"instruments/pictograms/{option.pictogram}.svg") if option.pictogram else None,
        )
        for option in spec.options
    ]


def first_open(items: Sequence[Question], values: Mapping[str, int]) -> int | None:
    return next((n for n, q in enumerate(items, start=1) if q.key not in values), None)


def form_context(
    spec: InstrumentDefinition,
    items: Sequence[Question],
    values: Mapping[str, int],
    number: int | None,
    *,
    more: bool,
    next_url: str,
    endpoint: str,
    queue: str,
) -> dict[str, Any]:
    """The child's form at question `number` (None: every question answered).

    `more`: another form waits after this one (at `next_url`); `endpoint` takes the queued answers;
    `queue` names the device's storage for them (unique per form and child).
    """
    options = choices(spec)
    return {
        "spec": spec,
        "question": items[number - 1] if number else None,
        "number": number,
        "count": len(items),
        "answered": len(values),
        "chosen": values.get(items[number - 1].key) if number else None,
        "choices": options,
        "dots": [q.key in values for q in items],
        "more": more,
        "next_url": next_url,
        "data": {
            "items": [{"key": q.key, "text": q.text} for q in items],
            "choices": [{"value": c.value, "label": c.label, "pictogram": c.pictogram_url} for c in options],
            "answers": dict(values),
            "endpoint": endpoint,
            "queue": queue,
            "readAloud": spec.read_aloud,
            "language": get_language() or "nl",
            "next": next_url,
        },
    }


def save_plain_answer(
    request: HttpRequest, keys: Sequence[str], url: str, save: Callable[[str, int], bool]
) -> HttpResponse:
    """One answer from the child's form posted without the script, then on to the next question.

    `keys`: the form's items in order; `url`: the form's page; `save(item, value)` stores the answer
    through the feature's service and says whether it was taken (it raises `Refused` when the form
    can no longer be answered). Anything else gets the friendly page with the way back, and nothing
    is stored.
    """
    item = request.POST.get("item", "")
    value = bounded_int(request.POST.get("value", ""), MIN_ANSWER, MAX_ANSWER)
    problem = {"url": url}
    if item not in keys or value is None:
        return render(request, "instruments/child/problem.html", problem, status=400)
    try:
        taken = save(item, value)
    except Refused:
        return render(request, "instruments/child/problem.html", problem, status=409)
    if not taken:
        return render(request, "instruments/child/problem.html", problem, status=400)
    following = list(keys).index(item) + 2
    if following <= len(keys):
        return redirect(f"{url}?q={following}")
    return redirect(url)
