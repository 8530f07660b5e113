"""Loading the catalogs: built-in files, each overridable by a workspace ``catalogs/`` file.

Catalogs are read with ruamel's C safe loader (fast, YAML 1.2); only when a file turns out
to be wrong is it parsed again round-trip, to name the line of the problem. What the files
hold is kept as JSON in the workspace's ``.vier-phasen/kataloge.json`` and validated again on
every use, exactly as if it had just been parsed: nothing read back from disk is trusted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import orjson

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
from vier_phasen_cli.storage.cachedatei import eigene_datei, entferne_alte
from vier_phasen_cli.storage.ressourcen import katalog_pfad as katalog_pfad
from vier_phasen_cli.storage.rohdaten import lies_bytes

ZWISCHENSPEICHER = "kataloge.json"
"""The parsed catalog files, kept in the workspace's ``.vier-phasen`` folder: parsing twelve
YAML files would cost a report as much as reading a thousand cases."""
ALTER_ZWISCHENSPEICHER = "kataloge.pickle"
"""The cache of earlier versions (pickle: loading it could run code). Removed, never read."""


def lade_kataloge(
    ueberschreibungen: Path | None = None,
    zwischenspeicher: Path | None = None,
    bundesland: str | None = None,
) -> Kataloge:
    """All catalogs; a broken file (built-in or override) is a DatenFehler naming its line.

    With ``zwischenspeicher`` (a folder) the parsed files are kept there and reused while
    every catalog file is byte for byte the same; they are validated on first use.
    """
    pfade = {name: katalog_pfad(name, ueberschreibungen) for name in KATALOG_NAMEN}
    rohe = {name: lies_bytes(pfad) for name, pfad in pfade.items()}
    kennung = hashlib.blake2b(digest_size=16)
    for name, roh in rohe.items():
        kennung.update(name.encode() + b"\0" + roh)
    kennung.update(b"\0bundesland\0" + (bundesland or "").encode())
    schluessel = f"{__version__}:{kennung.hexdigest()}"
    lesen = functools.partial(_lies_und_baue, pfade, rohe, zwischenspeicher, schluessel)
    if zwischenspeicher is not None:
        entferne_alte(zwischenspeicher, [ALTER_ZWISCHENSPEICHER])
        daten = _gemerkt(zwischenspeicher / ZWISCHENSPEICHER, schluessel)
        if daten is not None:
            return Kataloge(_GemerkteKataloge(daten, lesen), kennung.hexdigest(), bundesland)
    return Kataloge(lesen(), kennung.hexdigest(), bundesland)


def _lies_und_baue(
    pfade: Mapping[str, Path],
    rohe: Mapping[str, bytes],
    zwischenspeicher: Path | None,
    schluessel: str,
) -> dict[str, Katalog]:
    """Parse and validate the catalog files (and keep what they hold in the cache)."""
    daten: dict[str, Any] = {}
    kataloge: dict[str, Katalog] = {}
    for name in KATALOG_NAMEN:
        daten[name] = _parse_katalog(pfade[name], rohe[name])
        katalog, probleme = _baue(name, daten[name])
        if katalog is None:
            raise _fehler(pfade[name], probleme[0], len(probleme))
        kataloge[name] = katalog
    for name, problem in querbezuege(kataloge):
        raise _fehler(pfade[name], problem)
    if zwischenspeicher is not None:
        _merke(zwischenspeicher, {"schluessel": schluessel, "daten": daten})
    return kataloge


def _baue(name: str, daten: Any) -> tuple[Katalog | None, list[Problem]]:
    from vier_phasen_cli.domain.katalogschema import baue_katalog

    return baue_katalog(name, daten)


def _gemerkt(datei: Path, schluessel: str) -> dict[str, Any] | None:
    """The catalog files' data kept in ``datei`` for files with ``schluessel``; None when
    there is none or it is not even shaped like it (its content is checked on use)."""
    try:
        st = os.lstat(datei)
        if not eigene_datei(datei, st):
            return None
        gemerkt = orjson.loads(datei.read_bytes())
    except (OSError, ValueError):
        return None
    if (
        type(gemerkt) is not dict
        or gemerkt.get("schluessel") != schluessel
        or type(daten := gemerkt.get("daten")) is not dict
        or list(daten) != list(KATALOG_NAMEN)
    ):
        return None
    return daten


class _GemerkteKataloge(Mapping[str, Katalog]):
    """The catalogs from the cache, validated exactly as parsed files are – on first use: a
    report whose cases all come from the cache needs the catalogs' identity, not their
    content. Data that fails validation is dropped and the files are read instead."""

    def __init__(
        self,
        daten: dict[str, Any],
        neu_lesen: Callable[[], dict[str, Katalog]],
    ) -> None:
        self._daten: dict[str, Any] | None = daten
        self._neu_lesen = neu_lesen
        self._kataloge: dict[str, Katalog] | None = None

    def _alle(self) -> dict[str, Katalog]:
        if self._kataloge is None:
            assert self._daten is not None
            self._kataloge = _baue_alle(self._daten) or self._neu_lesen()
            self._daten = None
        return self._kataloge

    def __getitem__(self, name: str) -> Katalog:
        return self._alle()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._alle())

    def __len__(self) -> int:
        return len(self._alle())

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self._alle(),))  # worker processes get the validated catalogs


def _baue_alle(daten: dict[str, Any]) -> dict[str, Katalog] | None:
    """The catalogs validated from parsed data; None if anything is amiss."""
    kataloge: dict[str, Katalog] = {}
    for name in KATALOG_NAMEN:
        katalog, _ = _baue(name, daten[name])
        if katalog is None:
            return None
        kataloge[name] = katalog
    return None if querbezuege(kataloge) else kataloge


def _merke(ordner: Path, inhalt: Mapping[str, Any]) -> None:
    """Keep the parsed catalog files as JSON, if JSON holds them exactly (a date in a
    catalog, for one, would come back as text: such catalogs are parsed every time)."""
    try:
        text = orjson.dumps(inhalt)
        if orjson.loads(text) != inhalt:
            return
    except (TypeError, ValueError):
        return
    with contextlib.suppress(OSError):
        privater_ordner(ordner)
        schreibe_atomar(ordner / ZWISCHENSPEICHER, text, dauerhaft=False)


def _parse_katalog(pfad: Path, roh: bytes) -> Any:
    """The data of catalog file ``pfad`` (its bytes ``roh``); a DatenFehler naming the line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from vier_phasen_cli.storage import grenzen, yamldatei

    text, _ = yamldatei.dekodiere(pfad, roh)
    daten: Any
    if not grenzen.pruefe_yaml(pfad, text):  # never hand LibYAML's C composer a deep file
        daten = yamldatei.klar(yamldatei.lade(pfad, roh).daten)  # or raises with the line
    else:
        try:
            yaml = YAML(typ="safe", pure=False)
            yaml.Resolver = yamldatei.Aufloeser  # the case files' scalars (``=`` is text)
            daten = yaml.load(text)
        except (YAMLError, ValueError, RecursionError):
            yamldatei.lade(pfad, roh)  # raises with the line of the problem
            raise  # pragma: no cover - the round-trip parse always fails too
    if daten is None:
        raise DatenFehler("Katalogdatei ist leer", datei=pfad)
    return _tage_als_text(daten)


def _tage_als_text(wert: Any) -> Any:
    """Dates (``gilt_ab`` of the Rechtsstand) as ISO text, as the JSON cache keeps them: a
    catalog validates to the same value whether parsed or read back from the cache."""
    if isinstance(wert, dict):
        return {k: _tage_als_text(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_tage_als_text(v) for v in wert]
    if isinstance(wert, date):
        return wert.isoformat()
    return wert


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
