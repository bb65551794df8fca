"""Untrusted values from query strings, forms and JSON bodies, read within bounds.

Every number a request carries goes through `bounded_int` or `bounded_float`, and every JSON
body through `read_json`: a value that is no number, is out of range, is too long, too deep or
too large becomes None or `BadInput` (with a message in the user's language), never a 500.
"""

import json
import math
import re
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

MAX_JSON_BYTES = 256 * 1024  # far above the largest batch a device queue sends
MAX_JSON_DEPTH = 8  # the deepest body any endpoint expects is three levels
MAX_JSON_DIGITS = 20  # a JSON integer longer than this is no id, count or time we use
MAX_NUMBER_TEXT = 40  # characters of a typed number; "1e400" is short, a 400-digit number is not
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")  # ASCII digits only: "²".isdigit() is True, int("²") fails
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")


class BadInput(ValueError):
    """A request body the server will not read; `status` is 400 (malformed) or 413 (too large)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status

    def response(self) -> JsonResponse:
        return JsonResponse({"error": self.message}, status=self.status)


def bounded_int(value: object, low: int, high: int) -> int | None:
    """An integer in [low, high] from a form/query string or a JSON number; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        number = int(text) if _INTEGER.fullmatch(text) else None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    else:
        return None
    return number if number is not None and low <= number <= high else None


def bounded_float(value: object, low: float, high: float) -> float | None:
    """A finite number in [low, high] from a form/query string or a JSON number; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_TEXT or not _DECIMAL.fullmatch(text):
            return None
        number = float(text)
    elif isinstance(value, int):
        # float() of a 400-digit integer raises OverflowError; anything that long is out of range anyway.
        if not -(10**MAX_JSON_DIGITS) < value < 10**MAX_JSON_DIGITS:
            return None
        number = float(value)
    elif isinstance(value, float):
        number = value
    else:
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def read_json(request: HttpRequest, *, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """The request's JSON body, refused (BadInput) when too large, too deeply nested or malformed.

    Numbers are kept to what the endpoints can use: NaN, Infinity, 1e400 and integers longer
    than MAX_JSON_DIGITS are refused here rather than overflowing later in float() or the database.
    """
    if _declared_length(request) > max_bytes:
        raise BadInput(_("The request is too large."), status=413)
    body = request.body
    if len(body) > max_bytes:
        raise BadInput(_("The request is too large."), status=413)
    try:
        text = body.decode("utf-8") if body else "{}"
    except UnicodeDecodeError:
        raise BadInput(_("The request could not be read.")) from None
    if _depth(text) > MAX_JSON_DEPTH:
        raise BadInput(_("The request is nested too deeply."))
    try:
        return json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_refuse)
    except (ValueError, RecursionError):
        raise BadInput(_("The request could not be read.")) from None


def _declared_length(request: HttpRequest) -> int:
    length = request.META.get("CONTENT_LENGTH") or "0"
    return int(length) if _INTEGER.fullmatch(length) else 0


def _depth(text: str) -> int:
    """How deeply arrays and objects nest, counted before parsing so that parsing cannot recurse away."""
    deepest = depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_DIGITS:
        raise ValueError("integer too long")
    return int(text)


def _json_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("number out of range")
    return number


def _refuse(text: str) -> None:
    raise ValueError(f"{text} is not a number")
