"""The Qt widgets: the only package (with ``app``) that imports PySide6."""
