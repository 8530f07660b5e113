"""vier-phasen: case work along the Bundesagentur für Arbeit's 4-Phasen-Modell."""

__version__ = "0.1.0"
