"""The Qt-free core: session records, their rules, the programme and the chart series.

Nothing in this package imports Qt, TinyDB or the storage layer; the
import-linter contracts in ``pyproject.toml`` keep it so.
"""
