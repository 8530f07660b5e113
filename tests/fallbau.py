"""Build test cases from the realistic demo cases: load one round-trip, change what a test
needs, write it into a temp workspace, and check it with the real storage and rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from vier_phasen_cli.domain.auswahl import Auswahl
from vier_phasen_cli.domain.befund import Befund, Pruefkontext
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.storage.pruefung import pruefe_dateien

from .conftest import DEMO

Aenderung = Callable[[CommentedMap], Any]


def demo_daten(fall_id: str) -> CommentedMap:
    return yamldatei.lade(DEMO / "cases" / f"{fall_id}.yaml").daten


def _teile(pfad: str) -> list[str | int]:
    return [int(t) if t.isdigit() else t for t in pfad.split(".")]


def setze(daten: Any, pfad: str, wert: Any) -> None:
    """``setze(d, "potenzialanalyse.staerken.0.art", "x")``; a missing mapping key is added."""
    *weg, letzter = _teile(pfad)
    for teil in weg:
        daten = daten[teil]
    daten[letzter] = wert


def hole(daten: Any, pfad: str) -> Any:
    for teil in _teile(pfad):
        daten = daten[teil]
    return daten


def schreibe(ordner: Path, daten: CommentedMap, name: str | None = None) -> Path:
    faelle = ordner / "cases"
    faelle.mkdir(parents=True, exist_ok=True)
    pfad = faelle / f"{name or daten['id']}.yaml"
    dokument = yamldatei.YamlDokument(pfad, b"", daten, yamldatei.Schreibweise())
    pfad.write_bytes(yamldatei.dump(dokument))
    return pfad


@cache
def _kataloge() -> Kataloge:
    return lade_kataloge()


def pruefe(ordner: Path, daten: CommentedMap, stichtag: date = date(2026, 12, 1)) -> list[Befund]:
    """All findings for ``daten`` as one case file in the workspace ``ordner``."""
    pfad = schreibe(ordner, daten)
    kontext = Pruefkontext(_kataloge(), stichtag)
    return pruefe_dateien([pfad], oeffne_ablage(ordner), REGELWERK, kontext, Auswahl()).befunde


def codes(befunde: list[Befund]) -> set[str]:
    return {b.code for b in befunde}
