"""Loading the catalogs: built-in files, each overridable by a workspace ``catalogs/`` file.

Catalogs are read with ruamel's C safe loader (fast, YAML 1.2); only when a file turns out
to be wrong is it parsed again round-trip, to name the line of the problem.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from typing import Any

from vier_phasen_cli import __version__
from vier_phasen_cli.domain.kataloge import (
    KATALOG_NAMEN,
    Katalog,
    Kataloge,
    querbezuege,
)
from vier_phasen_cli.domain.probleme import Problem, pfad_text
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar
from vier_phasen_cli.storage.cache import lade_pickle
from vier_phasen_cli.storage.ressourcen import eingebaute_kataloge
from vier_phasen_cli.storage.rohdaten import lies_bytes


def katalog_pfad(name: str, ueberschreibungen: Path | None) -> Path:
    """The file that defines catalog ``name``: the workspace's if it has one."""
    if ueberschreibungen is not None:
        eigene = ueberschreibungen / f"{name}.yaml"
        if eigene.is_file():
            return eigene
    return eingebaute_kataloge() / f"{name}.yaml"


ZWISCHENSPEICHER = "kataloge.pickle"
"""The parsed catalogs, kept in the workspace's ``.vier-phasen`` folder: parsing and
validating twelve YAML files would cost a report as much as reading a thousand cases."""


def lade_kataloge(
    ueberschreibungen: Path | None = None, zwischenspeicher: Path | None = None
) -> Kataloge:
    """All catalogs; a broken file (built-in or override) is a DatenFehler naming its line.

    With ``zwischenspeicher`` (a folder) the parsed catalogs are kept there and reused while
    every catalog file is byte for byte the same.
    """
    pfade = {name: katalog_pfad(name, ueberschreibungen) for name in KATALOG_NAMEN}
    rohe = {name: lies_bytes(pfad) for name, pfad in pfade.items()}
    kennung = hashlib.blake2b(digest_size=16)
    for name, roh in rohe.items():
        kennung.update(name.encode() + b"\0" + roh)
    schluessel = f"{__version__}:{kennung.hexdigest()}"
    if zwischenspeicher is not None:
        gemerkt = _gemerkt(zwischenspeicher / ZWISCHENSPEICHER, schluessel)
        if gemerkt is not None:
            return gemerkt
    kataloge = {name: _lade_katalog(name, pfade[name], rohe[name]) for name in KATALOG_NAMEN}
    for name, problem in querbezuege(kataloge):
        raise _fehler(pfade[name], problem)
    ergebnis = Kataloge(kataloge, kennung.hexdigest())
    if zwischenspeicher is not None:
        with contextlib.suppress(OSError):
            privater_ordner(zwischenspeicher)
            inhalt = pickle.dumps((schluessel, ergebnis), protocol=pickle.HIGHEST_PROTOCOL)
            schreibe_atomar(zwischenspeicher / ZWISCHENSPEICHER, inhalt, dauerhaft=False)
    return ergebnis


def _gemerkt(datei: Path, schluessel: str) -> Kataloge | None:
    gemerkt = lade_pickle(datei)
    if (
        isinstance(gemerkt, tuple)
        and len(gemerkt) == 2
        and gemerkt[0] == schluessel
        and isinstance(gemerkt[1], Kataloge)
    ):
        return gemerkt[1]
    return None


def _lade_katalog(name: str, pfad: Path, roh: bytes) -> Katalog:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from vier_phasen_cli.domain.katalogschema import baue_katalog
    from vier_phasen_cli.storage import yamldatei

    text, _ = yamldatei.dekodiere(pfad, roh)
    try:
        yaml = YAML(typ="safe", pure=False)
        yaml.Resolver = yamldatei.Aufloeser  # the case files' scalars (``=`` is text)
        daten: Any = yaml.load(text)
    except (YAMLError, ValueError, RecursionError):
        yamldatei.lade(pfad, roh)  # raises with the line of the problem
        raise  # pragma: no cover - the round-trip parse always fails too
    if daten is None:
        raise DatenFehler("Katalogdatei ist leer", datei=pfad)
    katalog, probleme = baue_katalog(name, daten)
    if katalog is None:
        raise _fehler(pfad, probleme[0], len(probleme))
    return katalog


def _fehler(pfad: Path, problem: Problem, anzahl: int = 1) -> DatenFehler:
    from vier_phasen_cli.storage import yamldatei

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
