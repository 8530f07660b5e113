"""The fast loader (LibYAML) reads every file exactly as the round-trip loader does: the same
values (YAML 1.2: ``no`` stays text) and the same line for every key and list entry."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from tests.conftest import DEMO, REPO
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.schnell import Sonderfall, lade_schnell

TUECKISCH = """\
# Werte, die YAML 1.1 anders liest als YAML 1.2
format: 1
id: 0815
kunde:
  name: no
  vorname: on
  titel: Yes
  kurz: n
  ja: y
  aus: off
  zeit: 1:20
  sexagesimal: 190:20:30
  oktal: 0123
  oktal2: 0o17
  hex: 0x1F
  binaer: 0b101
  unterstrich: 12_000
  exponent: 1e3
  punkt: .5
  plus: +1
  minus: -0
  nichts: ~
  null1: null
  null2: Null
  wahr: True
  falsch: FALSE
  datum: 2026-02-28
  datum_kurz: 2026-2-3
  zeit1: 2026-12-01T10:00:00
  zeit2: 2026-12-01 10:00:00+02:00
  zeit3: 2026-12-01t10:00:00.5Z
  zeit4: 2026-12-01 10:00:00 +0200
  unendlich: .inf
  minus_unendlich: -.Inf
  text_zahl: "0815"
  version: 1.10
  komma: 1,5
  prozent: 50%
  leer:
  liste: [no, on, 1:20, 0123, ~, 2026-12-01]
  block: |
    no
  gefaltet: >
    Yes
  "schluessel in anfuehrungszeichen": 'no'
  "123": Zahl als Schlüssel (in Anführungszeichen; ohne ist der Schlüssel keiner)
  '0x10': Hexzahl als Schlüssel
  "true": Wahrheitswert als Schlüssel
  notiz: =
  "#raute": Schlüssel mit Raute
  "mit\\ttab": Schlüssel mit Tabulator als Escape
"""


def _schlicht(wert: Any) -> Any:
    """Round-trip data as plain values, keys as they are (ruamel's int and str subclasses
    compare equal to the plain ones)."""
    if isinstance(wert, dict):
        return {k: _schlicht(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_schlicht(v) for v in wert]
    return wert


Pfad = tuple[Any, ...]


def _pfade(daten: Any, pfad: Pfad = (), text: Pfad = ()) -> Iterator[tuple[Pfad, Pfad]]:
    """Every key's and entry's path: as in the data, and with keys as text (line maps)."""
    if isinstance(daten, CommentedMap):
        for k, v in daten.items():
            yield (*pfad, k), (*text, str(k))
            yield from _pfade(v, (*pfad, k), (*text, str(k)))
    elif isinstance(daten, CommentedSeq):
        for i, v in enumerate(daten):
            yield (*pfad, i), (*text, i)
            yield from _pfade(v, (*pfad, i), (*text, i))


def _vergleiche(datei: Path) -> None:
    dokument = yamldatei.lade(datei)
    text, _, _ = yamldatei.als_text(datei, datei.read_bytes())
    daten, karte = lade_schnell(text)
    erwartet = _schlicht(dokument.daten)
    assert daten == erwartet, datei
    for wert_schnell, wert_rt in zip(_blaetter(daten), _blaetter(erwartet), strict=True):
        assert _art(wert_schnell) == _art(wert_rt), (datei, wert_schnell)
    rt_karte = yamldatei.Dokumentzeilen(dokument.daten)  # what edits and special files use
    for pfad, text_pfad in _pfade(dokument.daten):
        assert karte.zeile(text_pfad) == yamldatei.zeile_von(dokument.daten, pfad), (datei, pfad)
        assert rt_karte.zeile(text_pfad) == karte.zeile(text_pfad), (datei, pfad)


def test_zeilen_fehlender_pfade_wie_ruamel(tmp_path: Path) -> None:
    """Findings about missing elements point at the nearest existing section."""
    dokument = yamldatei.lade(tmp_path / "x.yaml", TUECKISCH.encode())
    _, karte = lade_schnell(TUECKISCH)
    for pfad in [
        ("kunde", "gibt_es_nicht"),
        ("kunde", "liste", 9),
        ("kunde", "liste", 0, "tiefer"),
        ("kunde", 0),  # a position where a section has keys
        ("fehlt",),
    ]:
        assert karte.zeile_von(pfad) == yamldatei.zeile_von(dokument.daten, pfad), pfad
    assert karte.zeile(("kunde", "gibt_es_nicht")) is None
    # A quoted key is named by its text.
    assert yamldatei.Dokumentzeilen(dokument.daten).zeile(("kunde", "0x10")) == karte.zeile(
        ("kunde", "0x10")
    )
    assert (
        karte.zeile(("kunde", "0x10"))
        == TUECKISCH.splitlines().index("  '0x10': Hexzahl als Schlüssel") + 1
    )
    assert karte.zeile_fuer((("fehlt",), ("kunde", "name"))) == 5


def _art(wert: Any) -> type:
    """The plain type behind a value (ruamel returns subclasses such as ScalarFloat)."""
    return next(
        t for t in (bool, int, float, str, datetime, date, type(None)) if isinstance(wert, t)
    )


def _blaetter(wert: Any) -> Iterator[Any]:
    if isinstance(wert, dict):
        for v in wert.values():
            yield from _blaetter(v)
    elif isinstance(wert, list):
        for v in wert:
            yield from _blaetter(v)
    else:
        yield wert


def test_tueckische_werte_wie_ruamel(tmp_path: Path) -> None:
    datei = tmp_path / "0815.yaml"
    datei.write_text(TUECKISCH, encoding="utf-8")
    _vergleiche(datei)
    daten, _ = lade_schnell(TUECKISCH)
    kunde = daten["kunde"]
    assert (kunde["name"], kunde["vorname"], kunde["titel"], kunde["zeit"]) == (
        "no",
        "on",
        "Yes",
        "1:20",
    )
    assert (daten["id"], kunde["oktal"], kunde["binaer"], kunde["unterstrich"]) == (
        815,
        123,
        5,
        12000,
    )
    assert kunde["datum_kurz"] == "2026-2-3" and kunde["zeit4"] == "2026-12-01 10:00:00 +0200"


@pytest.mark.parametrize(
    "datei", sorted(DEMO.glob("cases/*.yaml")) + sorted((REPO / "tests/data").glob("*.yaml"))
)
def test_demo_und_testdaten_wie_ruamel(datei: Path) -> None:
    _vergleiche(datei)


def test_benchmark_faelle_wie_ruamel(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from erzeuge import erzeuge
    finally:
        sys.path.pop(0)
    erzeuge(tmp_path, 40, saat=11)
    dateien = sorted((tmp_path / "cases").glob("*.yaml"))
    assert len(dateien) == 40
    for datei in dateien:
        _vergleiche(datei)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!python/object:os.system ls\n",  # a tag
        "a: 1\na: 2\n",  # duplicate key
        "a: 2026-02-30\n",  # impossible date
        "a: [1, 2\n",  # syntax error
        "# nur ein Kommentar\n",
        "? [a, b]\n: 1\n",  # complex key
    ],
)
def test_sonderfaelle_gehen_an_ruamel(text: str) -> None:
    with pytest.raises(Sonderfall):
        lade_schnell(text)
