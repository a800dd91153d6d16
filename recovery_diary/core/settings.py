"""The programme's settings: one table of names, words, units, ranges and defaults.

The facade checks what it stores against it, the diary file check refuses a
file whose settings fall outside it, and the settings dialogs and the
programme read their ranges and defaults from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One programme setting: a whole number from ``minimum`` to ``maximum``."""

    name: str
    label: str
    unit: str
    minimum: int
    maximum: int
    default: int


#: Every programme setting, in the order the dialogs show them (DESIGN §3 defaults).
SETTINGS: tuple[Setting, ...] = (
    Setting("low_impact_weeks", "Low-impact phase", "weeks", 2, 8, 4),
    # Four would put week N's last session and week N+1's first on consecutive days.
    Setting("sessions_per_week", "Low-impact sessions a week", "sessions", 1, 3, 3),
    Setting("first_minutes", "First week's sessions", "minutes", 5, 120, 20),
    Setting("step_minutes", "Added each week", "minutes", 0, 30, 5),
    Setting("safe_max", "Green: worst pain during a session up to", "pain 0-10", 0, 9, 3),
    Setting("acceptable_max", "Amber: worst pain during a session up to", "pain 0-10", 1, 10, 5),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
DEFAULTS: dict[str, int] = {s.name: s.default for s in SETTINGS}


def settings_errors(
    values: Mapping[str, object], only: Mapping[str, object] | None = None
) -> dict[str, str]:
    """What is wrong with programme settings, by name (empty when all is well).

    ``values`` are all the settings in force (missing ones take their
    defaults); only the names in ``only`` (all of ``values`` when None) are
    checked one by one, and the pain limits are checked against each other.
    """
    errors: dict[str, str] = {}
    for name, value in (only if only is not None else values).items():
        setting = BY_NAME.get(name)
        if setting is None:
            errors[name] = "Unknown setting."
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not setting.minimum <= value <= setting.maximum
        ):
            errors[name] = f"Must be a whole number from {setting.minimum} to {setting.maximum}."
    if not errors:
        safe = values.get("safe_max", DEFAULTS["safe_max"])
        acceptable = values.get("acceptable_max", DEFAULTS["acceptable_max"])
        if isinstance(safe, int) and isinstance(acceptable, int) and safe >= acceptable:
            errors["acceptable_max"] = "The amber limit must be above the green one."
    return errors
