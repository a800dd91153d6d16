"""The Qt binding itself must not leak: a long session makes millions of Qt calls."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_keep_their_references_to_none(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.setObjectName("y")
    # A binding that drops one reference per call would be 4000 down here.
    assert sys.getrefcount(None) > before - 100
