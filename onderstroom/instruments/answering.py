"""Answering an instrument: its questions as the respondent reads them, its answer choices, and the
context of the child's form (`templates/instruments/child/form.html`, `static/instruments/childform.js`).

A feature's view builds the context with `form_context` and renders a template that extends
`instruments/child/form.html`; its own endpoint takes the device's queued answers
({"answers": [{"client_id", "item", "value", "answered_at"}]}) and stores each client id once.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.templatetags.static import static
from django.utils.translation import get_language

from onderstroom.instruments.engine import InstrumentDefinition, fill_in


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
