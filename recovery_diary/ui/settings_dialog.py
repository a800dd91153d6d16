"""Settings: the programme's thresholds and phase lengths (kept in the diary) and the
display preferences (kept in QSettings; no diary data ever goes there)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)

from recovery_diary.core.programme import ProgrammeSettings
from recovery_diary.ui.dialogs import SUFFIXES, StartProgrammeDialog

THEMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
WEEK_STARTS = {
    "monday": ("Monday", Qt.DayOfWeek.Monday),
    "sunday": ("Sunday", Qt.DayOfWeek.Sunday),
    "saturday": ("Saturday", Qt.DayOfWeek.Saturday),
}


@dataclass(frozen=True)
class DisplayPrefs:
    theme: str = "system"
    week_starts: str = "monday"

    @classmethod
    def load(cls) -> DisplayPrefs:
        settings = QSettings()
        theme = str(settings.value("display/theme", "system"))
        week = str(settings.value("display/weekStarts", "monday"))
        return cls(
            theme if theme in THEMES else "system", week if week in WEEK_STARTS else "monday"
        )

    def save(self) -> None:
        settings = QSettings()
        settings.setValue("display/theme", self.theme)
        settings.setValue("display/weekStarts", self.week_starts)

    @property
    def first_day_of_week(self) -> Qt.DayOfWeek:
        return WEEK_STARTS[self.week_starts][1]


_system_palette: QPalette | None = None
_system_style: str | None = None
_applied = "system"  # what the application shows now


def apply_theme(theme: str) -> None:
    """Light or dark palette (Fusion style), or the system's own look back."""
    global _system_palette, _system_style, _applied
    app = QApplication.instance()
    if not isinstance(app, QApplication) or theme == _applied:
        return
    _applied = theme
    # With an application style sheet set, a new palette does not reach the widgets:
    # take the sheet off while the palette changes.
    sheet = app.styleSheet()
    app.setStyleSheet("")
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
        _system_style = app.style().name()
    if theme == "system":
        if _system_style:
            app.setStyle(_system_style)
        app.setPalette(_system_palette)
    else:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(_dark_palette() if theme == "dark" else app.style().standardPalette())
    app.setStyleSheet(sheet)


def _dark_palette() -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#202124",
        role.WindowText: "#e8eaed",
        role.Base: "#171819",
        role.AlternateBase: "#2a2b2e",
        role.ToolTipBase: "#2a2b2e",
        role.ToolTipText: "#e8eaed",
        role.Text: "#e8eaed",
        role.Button: "#2d2e31",
        role.ButtonText: "#e8eaed",
        role.BrightText: "#ff6b6b",
        role.Highlight: "#3c8c74",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.PlaceholderText: "#9aa0a6",
    }
    colours.update(
        {
            role.Light: "#5f6368",
            role.Midlight: "#4a4d51",
            role.Mid: "#3c4043",
            role.Dark: "#2a2b2e",
            role.Shadow: "#000000",
        }
    )
    for name, colour in colours.items():
        palette.setColor(name, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#6f7378"))
    palette.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#6f7378"))
    return palette


class SettingsDialog(QDialog):
    """Collects settings; the main window applies them."""

    def __init__(
        self, parent: QWidget | None, programme: ProgrammeSettings | None, prefs: DisplayPrefs
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.spins: dict[str, QSpinBox] = {}
        group = QGroupBox("Programme (saved in the diary)")
        form = QFormLayout(group)
        if programme is None:
            form.addRow(QLabel("Start the programme to set its phase lengths and pain limits."))
        else:
            for name, label, lo, hi, _default in StartProgrammeDialog.FIELDS:
                spin = QSpinBox()
                spin.setObjectName(f"{name}Spin")
                spin.setRange(lo, hi)
                spin.setValue(getattr(programme, name))
                spin.setSuffix(SUFFIXES.get(name, ""))
                spin.setAccessibleName(label)
                self.spins[name] = spin
                form.addRow(label, spin)
        display = QGroupBox("Display (saved for this computer)")
        display_form = QFormLayout(display)
        self.themeCombo = QComboBox()
        self.themeCombo.setObjectName("themeCombo")
        for key, text in THEMES.items():
            self.themeCombo.addItem(text, key)
        self.themeCombo.setCurrentIndex(self.themeCombo.findData(prefs.theme))
        self.weekStartCombo = QComboBox()
        self.weekStartCombo.setObjectName("weekStartCombo")
        for key, (text, _day) in WEEK_STARTS.items():
            self.weekStartCombo.addItem(text, key)
        self.weekStartCombo.setCurrentIndex(self.weekStartCombo.findData(prefs.week_starts))
        display_form.addRow("Theme", self.themeCombo)
        display_form.addRow("First day of the week", self.weekStartCombo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        layout.addWidget(display)
        layout.addWidget(buttons)

    def answer(self) -> tuple[dict[str, int], DisplayPrefs]:
        programme = {name: spin.value() for name, spin in self.spins.items()}
        prefs = DisplayPrefs(self.themeCombo.currentData(), self.weekStartCombo.currentData())
        return programme, prefs

    @classmethod
    def ask(
        cls, parent: QWidget | None, programme: ProgrammeSettings | None, prefs: DisplayPrefs
    ) -> tuple[dict[str, int], DisplayPrefs] | None:
        dialog = cls(parent, programme, prefs)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
