"""``python -m recovery_diary``: the same as the ``recovery-diary`` command."""

import sys

from recovery_diary.app import main

sys.exit(main())
