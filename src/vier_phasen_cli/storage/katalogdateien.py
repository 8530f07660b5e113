"""Loading the catalogs: built-in files, each overridable by a workspace ``catalogs/`` file.

Catalogs are read with ruamel's C safe loader (fast, YAML 1.2); only when a file turns out
to be wrong is it parsed again round-trip, to name the line of the problem.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from vier_phasen_cli.domain.kataloge import (
    KATALOG_NAMEN,
    Katalog,
    Kataloge,
    baue_katalog,
    querbezuege,
)
from vier_phasen_cli.domain.probleme import Problem, pfad_text
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.ressourcen import eingebaute_kataloge


def katalog_pfad(name: str, ueberschreibungen: Path | None) -> Path:
    """The file that defines catalog ``name``: the workspace's if it has one."""
    if ueberschreibungen is not None:
        eigene = ueberschreibungen / f"{name}.yaml"
        if eigene.is_file():
            return eigene
    return eingebaute_kataloge() / f"{name}.yaml"


def lade_kataloge(ueberschreibungen: Path | None = None) -> Kataloge:
    """All catalogs; a broken file (built-in or override) is a DatenFehler naming its line."""
    kataloge: dict[str, Katalog] = {}
    pfade: dict[str, Path] = {}
    kennung = hashlib.blake2b(digest_size=16)
    for name in KATALOG_NAMEN:
        pfad = katalog_pfad(name, ueberschreibungen)
        kataloge[name], roh = _lade_katalog(name, pfad)
        kennung.update(name.encode() + b"\0" + roh)
        pfade[name] = pfad
    for name, problem in querbezuege(kataloge):
        raise _fehler(pfade[name], problem)
    return Kataloge(kataloge, kennung.hexdigest())


def _lade_katalog(name: str, pfad: Path) -> tuple[Katalog, bytes]:
    roh = yamldatei.lies_bytes(pfad)
    text, _ = yamldatei.dekodiere(pfad, roh)
    try:
        daten: Any = YAML(typ="safe", pure=False).load(text)
    except (YAMLError, ValueError, RecursionError):
        yamldatei.lade(pfad, roh)  # raises with the line of the problem
        raise  # pragma: no cover - the round-trip parse always fails too
    if daten is None:
        raise DatenFehler("Katalogdatei ist leer", datei=pfad)
    katalog, probleme = baue_katalog(name, daten)
    if katalog is None:
        raise _fehler(pfad, probleme[0], len(probleme))
    return katalog, roh


def _fehler(pfad: Path, problem: Problem, anzahl: int = 1) -> DatenFehler:
    dokument = yamldatei.lade(pfad)
    weitere = f" (und {anzahl - 1} weitere Probleme)" if anzahl > 1 else ""
    ort = pfad_text(problem.pfad)
    return DatenFehler(
        f"Katalog ungültig: {ort + ': ' if ort else ''}{problem.meldung}{weitere}",
        datei=pfad,
        zeile=yamldatei.zeile_von(dokument.daten, problem.pfad),
        hinweis=problem.hinweis
        or "Aufbau: quelle: …, eintraege: eine Liste mit code und bezeichnung je Eintrag.",
    )
