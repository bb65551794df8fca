"""The one reader of untrusted numbers and JSON bodies: None or BadInput, never an exception of its own."""

import pytest
from django.test import RequestFactory

from onderstroom.core.inputs import BadInput, bounded_float, bounded_int, read_json


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), (" 7 ", 7), (7, 7), (7.0, 7), ("²", None), ("٣", None), ("9" * 400, None), (10**400, None)],
)
def test_bounded_int(value: object, expected: int | None) -> None:
    assert bounded_int(value, 0, 10) == expected


@pytest.mark.parametrize("value", ["-1", "11", True, None, [], "1e400", 7.5, float("inf"), "0x7"])
def test_bounded_int_refuses_what_is_not_a_whole_number_in_range(value: object) -> None:
    assert bounded_int(value, 0, 10) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.25", 0.25),
        (1, 1.0),
        (0.5, 0.5),
        ("1e400", None),
        (10**400, None),
        (float("nan"), None),
        ("x", None),
    ],
)
def test_bounded_float(value: object, expected: float | None) -> None:
    assert bounded_float(value, 0, 1) == expected


def post(body: str) -> object:
    return RequestFactory().post("/", body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("[" * 100_000, 400),
        ('{"a": 1e400}', 400),
        ('{"a": ' + "9" * 400 + "}", 400),
        ("NaN", 400),
        ("{", 400),
    ],
)
def test_read_json_refuses_with_a_status(body: str, status: int) -> None:
    with pytest.raises(BadInput) as refused:
        read_json(post(body))  # type: ignore[arg-type]
    assert refused.value.status == status


def test_read_json_refuses_a_large_body_as_too_large() -> None:
    with pytest.raises(BadInput) as refused:
        read_json(post('{"a": "' + "x" * 100 + '"}'), max_bytes=50)  # type: ignore[arg-type]
    assert refused.value.status == 413


def test_read_json_reads_brackets_inside_strings_as_text() -> None:
    assert read_json(post('{"a": "[[[[[[[[[[[[\\"]]"}')) == {"a": '[[[[[[[[[[[["]]'}  # type: ignore[arg-type]
