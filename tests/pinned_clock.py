"""The day the test suite lives on, whatever the computer's clock says.

An autouse fixture in ``conftest.py`` makes it the system date as far as the app
can tell (``recovery_diary.core.clock``), so every diary a test opens, with or
without its own ``today``, agrees with the tests' own arithmetic. It is a
Wednesday in the middle of a month, far from a year's end.
"""

import datetime as dt

TODAY = dt.date(2026, 11, 18)
