"""The pain traffic light and the progression rule (pain-monitoring model)."""

from __future__ import annotations

from dataclasses import dataclass

GREEN, AMBER, RED = "green", "amber", "red"


@dataclass(frozen=True)
class Thresholds:
    """Pain during up to ``safe_max`` is green, up to ``acceptable_max`` amber."""

    safe_max: int = 3
    acceptable_max: int = 5


def traffic_light(pain: int | None, thresholds: Thresholds = Thresholds()) -> str | None:
    """Colour of one pain score: green 0-3, amber 4-5, red 6+ with the defaults."""
    if pain is None:
        return None
    if pain <= thresholds.safe_max:
        return GREEN
    if pain <= thresholds.acceptable_max:
        return AMBER
    return RED
