"""Building many frozen records fast: fill a mutable draft, then make it the record.

A frozen dataclass sets each field through ``object.__setattr__`` (its own
``__setattr__`` refuses), which makes building tens of thousands of them at
open the slowest part of reading a long diary. A draft is a plain class with
exactly the record's slots: its fields are set as fast as any attribute, and
once all are set, assigning ``__class__`` turns it into the record itself
(Python allows that between classes with the same slots). Nothing is checked
here: the records built are checked as ever.
"""

from __future__ import annotations

import dataclasses
from typing import Any


def draft_of(cls: type) -> type:
    """A mutable class with the slots of the frozen dataclass ``cls``, for building it.

    Raises TypeError at import if ``cls`` is not a frozen dataclass with slots
    whose construction only sets its fields (no ``__post_init__``, no default
    factory), since a draft would then skip what ``cls(...)`` does.
    """
    params = getattr(cls, "__dataclass_params__", None)
    fields = dataclasses.fields(cls) if params is not None else ()
    slots = getattr(cls, "__slots__", None)
    if (
        params is None
        or not params.frozen
        or slots is None
        or tuple(slots) != tuple(f.name for f in fields)
        or hasattr(cls, "__post_init__")
        or any(f.default_factory is not dataclasses.MISSING or not f.init for f in fields)
    ):
        raise TypeError(f"{cls.__name__} must stay a frozen dataclass with slots, built by fields")
    draft = type(f"{cls.__name__}Draft", (), {"__slots__": tuple(slots), "__module__": __name__})
    probe: Any = object.__new__(draft)
    probe.__class__ = cls  # TypeError now, not at open, if the layouts ever differ
    return draft
