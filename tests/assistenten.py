"""Keystrokes for the wizard tests: one string per prompt, in the wizards' order."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard import erstgespraech as eg
from vier_phasen_cli.wizard.ablauf import Assistent, starte
from vier_phasen_cli.wizard.terminal import Terminal

HOCH, RUNTER, LEER, ENTER = "\x1b[A", "\x1b[B", " ", "\r"
LOESCHEN = "\x15"
"""Ctrl-U: clears a text prompt's suggestion before typing another answer."""

STAMMDATEN = [
    "Erika Beispiel\r",
    ENTER,  # Geburtsdatum: none (optional)
    ENTER,  # SGB III
    ENTER,  # Fachkraft (the workspace's default)
    ENTER,  # Reha: nein
    ENTER,  # Ausbildungsvermittlung: nein
    "01.09.2026\r",  # arbeitslos seit
]
POTENZIALANALYSE = [
    ENTER,  # keine Ausnahme nach Anlage 1
    "Fachkraft für Lagerlogistik\r",
    ENTER,  # Stellengesuch: ja
    ENTER,  # BBiE: nein
    ENTER,  # Stärke: Formale Qualifikation
    "Ausbildung als Verkäuferin\r",
    HOCH + ENTER,  # Fertig (last choice)
    RUNTER * 8 + LEER + ENTER,  # Handlungsbedarf: Örtliche Mobilität
    "Kein Führerschein\r",
    ENTER,  # Prognose: Marktnah
    ENTER,  # Unterstützungsbedarf: gering (proposed)
]
ZIEL = [ENTER, "Vollzeit in der Lagerlogistik\r", "Führerschein Klasse B\r", "28.02.2027\r", ENTER]
STRATEGIEN = [
    LEER + ENTER,  # Mobilität erhöhen
    LEER + ENTER,  # Vermittlung (need-free)
    "Fahrschule anmelden\r", ENTER, "15.11.2026\r", ENTER,  # one activity
    ENTER,  # no activity for Vermittlung
    "Führerschein aus dem Vermittlungsbudget\r", ENTER, "01.11.2026\r", "31.01.2027\r",
    ENTER, "j\r", "j\r", "j\r",  # not at an employer, three Leitfragen (no default): ja
    "Einstellungsvoraussetzung bei drei Arbeitgebern\r",
    ENTER,  # no further product
]  # fmt: skip
VEREINBARUNG = [
    ENTER,  # EinV now (discretion, Fn. 5)
    "Übernahme der Fahrschulkosten\r", ENTER,
    "Fünf Bewerbungen im Monat\r", "31.10.2026\r", ENTER,
    ENTER,  # no other Leistungsträger
    ENTER,  # ausgehändigt: ja
]  # fmt: skip
GESPRAECH = ["20.11.2026\r", ENTER, ENTER, "Potenzialanalyse durchgeführt, EinV ausgehändigt\r"]
ERSTGESPRAECH = STAMMDATEN + POTENZIALANALYSE + ZIEL + STRATEGIEN + VEREINBARUNG + GESPRAECH
SPEICHERN = [ENTER]
ERSETZEN = [HOCH + ENTER]
"""A second Erstgespräch on a case with a Potenzialanalyse: "Ja, neu beginnen"."""

ERSTGESPRAECH_ASSISTENT = Assistent(
    "erstgespraech", "Erstgespräch", "erstgespraech", eg.PHASEN, eg.fuehre, neu_erlaubt=True
)


def erstgespraech(
    ablage: Path,
    fall_id: str,
    tasten: list[str],
    datum: date | None = date(2026, 10, 1),
    **mehr: Any,
) -> tuple[Path | None, Terminal]:
    """``datum`` as ``--datum`` gives it (None: not given; pass ``heute`` then)."""
    terminal = Terminal(tasten=list(tasten))
    gespeichert = starte(
        ERSTGESPRAECH_ASSISTENT, oeffne_ablage(ablage), lade_kataloge(), fall_id,
        datum=datum, antworten=mehr.pop("antworten", {}), terminal=terminal, **mehr,
    )  # fmt: skip
    return (gespeichert.pfad if gespeichert else None), terminal


# Folgegespräch of 911A100004 (SGB II, Kooperationsplan) on 14.12.2026.
FOLGEGESPRAECH = [
    HOCH + ENTER,  # Eigenbemühung "Zwei Bewerbungen im Monat …" erledigt: ja
    ENTER,  # Aktivität "Praktikumsplatz (MAG) …" erledigt: nein
    "Bewerbungen erbracht, Praktikum in Aussicht\r",
    ENTER, ENTER,  # Handlungsbedarfe Betreuung, Berufserfahrung: nicht behoben
    ENTER,  # keine neuen Handlungsbedarfe
    ENTER,  # keine neue Stärke
    ENTER,  # Zieloption bleibt
    ENTER,  # Zwischenziel nicht erreicht
    ENTER,  # alle Strategien bleiben
    ENTER,  # keine weiteren Strategien
    "Hortvertrag unterschreiben\r", ENTER, "15.01.2027\r", ENTER,  # new activity, strategy 1
    ENTER,  # none for strategy 2
    ENTER,  # kein neues Produkt
    "Ziel und Strategie passen weiter\r",
    "Drei Bewerbungen, eine Einladung\r",
    "Bewerbung bei Praxis Dr. Weber\r", ENTER, ENTER,  # new Eigenbemühung without deadline
    ENTER,  # no new Leistung
    ENTER,  # Schlichtung (§ 15a SGB II) nicht verlangt: now on record (SC001)
    "Praktikum ab Januar\r",
    ENTER,  # Integrationsprognose bleibt: nicht marktnah
    LOESCHEN + "19.01.2027\r", ENTER, ENTER, "Folgegespräch mit Praktikumsplanung\r",
]  # fmt: skip


def folgegespraech(
    ablage: Path,
    fall_id: str,
    tasten: list[str],
    datum: date | None,
    anlass: str = "folgegespraech",
    **mehr: Any,
) -> tuple[Path | None, Terminal]:
    """``datum`` as ``--datum`` gives it (None: not given; pass ``heute`` then)."""
    from vier_phasen_cli.cli.befehl_gespraeche import _folgegespraech

    terminal = Terminal(tasten=list(tasten))
    a, k = oeffne_ablage(ablage), lade_kataloge()
    assistent, produkt = _folgegespraech(a, k, fall_id, anlass, terminal, {})
    gespeichert = starte(
        assistent, a, k, fall_id, datum=datum, antworten={}, terminal=terminal, produkt=produkt,
        **mehr,
    )  # fmt: skip
    return (gespeichert.pfad if gespeichert else None), terminal


def entwurf_eingaben(ablage: Path, name: str) -> list[tuple[str, Any]]:
    """The answers a draft ``.vier-phasen/entwuerfe/<name>.yaml`` keeps, in order."""
    import yaml

    text = (ablage / ".vier-phasen" / "entwuerfe" / f"{name}.yaml").read_text(encoding="utf-8")
    return [next(iter(e.items())) for e in yaml.safe_load(text)["eingaben"]]
