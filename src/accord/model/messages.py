"""What a pydantic validation error means, in one sentence a user understands."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from accord.model.scenario import Scenario


def message(error: ErrorDetails, loc: tuple[Any, ...]) -> str:
    """One sentence a user understands, for one pydantic error."""
    kind = error["type"]
    if kind == "missing":
        return "this item is missing" if isinstance(loc[-1], int) else "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(loc)
    if kind == "literal_error" and loc == ("format",):
        return f"unsupported format {describe(error['input'])}; this version reads 'accord/1'"
    explain = _EXPLANATIONS.get(kind)
    if explain is not None:
        return explain(error["input"], error.get("ctx", {}))
    message = error["msg"]
    return message[0].lower() + message[1:] if message else kind


def _should_be(what: str) -> Explanation:
    def explain(value: Any, ctx: dict[str, Any]) -> str:
        # YAML reads `true` and `12` as a boolean and a number: text that looks like one needs quotes;
        # a number in quotes is text, and numbers are read strictly
        hint = ""
        if what == "text" and isinstance(value, bool | int | float):
            hint = "; put it in quotes"
        elif what != "text" and isinstance(value, str) and _is_number(value):
            hint = "; write it without quotes"
        return f"should be {what}, found {describe(value)}{hint}"

    return explain


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _date(value: Any, ctx: dict[str, Any]) -> str:
    reason = str(ctx.get("error", ""))
    if "outside expected range" in reason:
        return f"{describe(value)} is not a valid date: {reason}"
    return f"should be a date written YYYY-MM-DD, found {describe(value)}"


def _too_long(value: Any, ctx: dict[str, Any]) -> str:
    unit = "characters" if isinstance(value, str) else "items"
    return f"is too long ({len(value)} {unit}; the limit is {ctx['max_length']})"


Explanation = Callable[[Any, dict[str, Any]], str]

_EXPLANATIONS: dict[str, Explanation] = {
    "value_error": lambda value, ctx: str(ctx["error"]),
    # the one pattern in the model is that of an Id
    "string_pattern_mismatch": lambda value, ctx: (
        f"{describe(value)} is not a valid id: use letters, digits, '_', '.' and '-', "
        "starting with a letter or digit"
    ),
    "string_too_short": lambda value, ctx: "should not be empty",
    "string_too_long": _too_long,
    "too_long": _too_long,
    "too_short": lambda value, ctx: f"should have at least {_items(ctx['min_length'])}, found {len(value)}",
    "greater_than_equal": lambda value, ctx: f"should be {ctx['ge']:g} or more, found {describe(value)}",
    "less_than_equal": lambda value, ctx: f"should be {ctx['le']:g} or less, found {describe(value)}",
    "enum": lambda value, ctx: f"should be {ctx['expected']}, found {describe(value)}",
    "date_type": _date,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "string_type": _should_be("text"),
    "int_type": _should_be("a whole number"),
    "int_parsing": _should_be("a whole number"),
    "int_from_float": _should_be("a whole number"),
    "float_type": _should_be("a number"),
    "float_parsing": _should_be("a number"),
    "finite_number": _should_be("a finite number"),
    "tuple_type": _should_be("a list"),
    "list_type": _should_be("a list"),
    "dict_type": _should_be("a mapping (key: value)"),
    "model_type": _should_be("a mapping of fields"),
}
"""How each kind of pydantic error reads to a user, from the value found and the error's context."""


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def describe(value: Any) -> str:
    """A value as a user wrote it, for a message: ``'north'``, ``true``, ``the number 3``, ``a list``."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "nothing"}[value]
    if isinstance(value, int) and abs(value) >= 10**40:
        return f"a number of {len(str(abs(value)))} digits"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    kinds = ((Mapping, "a mapping"), (list | tuple, "a list"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


def _unknown_field(loc: tuple[Any, ...]) -> str:
    name = str(loc[-1])
    allowed = _allowed_fields(loc[:-1])
    if not allowed:
        return f"unknown field '{name}'"
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(allowed)})"
    return f"unknown field '{name}'{hint}"


def _allowed_fields(loc: Sequence[Any]) -> list[str]:
    """Field names of the model found at ``loc`` inside a scenario, by walking the type annotations."""
    model: Any = Scenario
    for key in loc:
        if isinstance(key, int) or key == "[key]":
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(str(key))
        if field is None:
            # a key of a dict[Id, Model] field: the model stays the dict's value type
            continue
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``X | None``, ``tuple[X, ...]`` or ``dict[K, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in reversed(getattr(annotation, "__args__", ())):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
