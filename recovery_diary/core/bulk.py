"""Help for work that makes many long-lived objects at once (a start, a large import)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector inside the block; everything else is freed as ever.

    Each few hundred new objects the collector walks the young ones, and now
    and then all of them: making 100,000 sessions and their records at once,
    that walking takes about as long as the work itself. They hold no cycles,
    so the pause keeps no memory; the collector runs as before after the block.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
