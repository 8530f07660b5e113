"""The rapidyaml reader (storage/rapidleser.py) against the round-trip reader: the same verdict
on every file, equal values and equal lines, or it hands the file over (docs/yaml-lesen.md).

The documents come from tests/test_leser_gleich.py's generator, with more scalars that this
reader's route through JSON could get wrong: quoted texts that look like numbers or dates
(JSON keeps no quotes), words and numbers its emitter rewrites (``nan``, ``1.``), integers
beyond 64 bits (orjson makes floats of them). ``VIER_PHASEN_FUZZ=N`` runs N examples instead
of 300.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings

from tests.conftest import DEMO, REPO
from tests.test_leser_gleich import WERTE, _knoten, falldokument, pruefe_gleich
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.rapidleser import lade_rapid
from vier_phasen_cli.storage.schnell import Sonderfall

ZUSAETZLICHE_WERTE = [
    "nan", "NaN", "inf", "-inf", "+inf", "infinity", "Infinity", ".5e3", "-.5", "1.", "+1.",
    "-1.", ".0", "0.e1", "1.e+1", "00.5", "1.0", "-0.0", "12e", "0e0",
    "123456789012345678901234567890", "18446744073709551616", "-9223372036854775809", "1e400",
    "'0x10'", '"1_000"', "'.inf'", '"nan"', "'True'", "'~'", "'2026-02-30'", '"2026-01-01"',
    "'1.'", "'null'", '"true"', "'it''s'", "a 'b' c", 'a "b', "'a", '"a\\"b"', "-x", "x:",
    ":x", "a | b", "a > b", "|x", "- - x", "x #", "[a, 'b']", "{'a': 1}", '["0x1", "~"]',
    "[1., nan]", "{nan: 1}", "{'~': 1}", "['2026-01-01', 2026-01-01]", "[1, [2, [3]]]",
    "? x", "a ? b", "Warum? Darum", "---", "...", "x --- y", "]x", "}x", "[%x]", "[@x]",
    "a@b", "50 %", "[x\n  y: z]", "[a,\n  b]", "{a: 1,\n  b: 2}", "x ]", "[a]]",
]  # fmt: skip

STRATEGIEN = {mild: _knoten(mild, WERTE + ZUSAETZLICHE_WERTE) for mild in (False, True)}


@settings(
    max_examples=int(os.environ.get("VIER_PHASEN_FUZZ", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(falldokument(STRATEGIEN))
@example("format: 1\nnotiz: '2026-01-01'\n")
@example("format: 1\nnotiz: nan\nzahl: 1.\n")
@example("format: 1\nzahl: 123456789012345678901234567890\n")
@example("format: 1\nnotiz: .5e3\n")
@example("format: 1\nid: a\nid: b\n")
@example("format: 1\nfachkraft: @x\nnotiz: `y\n")
@example("format: 1\nf: [x\n  y: z]\n")
@example("format: 1\nkunde:\n  name: x\n  name: x\n")
@example("format: 1\n'0x10': a\n")
@example("format: 1\nliste:\n  - 'x'\n  - \n  - [a]\n  - {b: 1}\n  -\n    c: 2\n")
def test_rapid_und_rundreise_gleich(text: str) -> None:
    event(pruefe_gleich(text, lade_rapid))


@pytest.mark.parametrize(
    "text",
    [
        "format: 1\nnotiz: '2026-01-01'\n",  # JSON cannot tell it from a plain date
        "format: 1\nnotiz: nan\n",  # the emitter writes .nan
        "format: 1\nzahl: 123456789012345678901234567890\n",  # orjson: a float
        "format: 1\nid: a\nid: b\n",  # orjson keeps the last
        "format: 1\nvermerk: |\n  2026-01-01\n",  # block scalars: LibYAML reads them
        "format: 1\nx: &a 1\ny: *a\n",
        "%YAML 1.2\n---\nformat: 1\n",
        "format: 1\n---\nformat: 2\n",
        "format: 1\nvermerk: # Freitext\n  pünktlich\n",
        "format: 1\nname: a\x1bb\n",
        "format: 1\nname: a\u2028b\n",
        "- a\n- b\n",
        "format: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "x: 1\n",
        "format: 1\nx: " + "[" * 300 + "]" * 300 + "\n",
        "format: 1\nx:\n  " + "- " * 5000 + "x\n",
    ],
    ids=lambda text: repr(text[:40]),
)
def test_rapid_gibt_ab(text: str) -> None:
    """What JSON or the emitter cannot show exactly goes to the other readers."""
    with pytest.raises(Sonderfall):
        lade_rapid(text)
    pruefe_gleich(text, lade_rapid)


def test_rapid_liest_falldateien_selbst() -> None:
    """The demo cases and a file with every kind of entry are read by rapidyaml itself, with
    the round-trip reader's values and lines (else every report would take the slow path)."""
    dateien = sorted((DEMO / "cases").glob("*.yaml"))
    assert dateien
    for datei in dateien:
        text = datei.read_text(encoding="utf-8")
        assert pruefe_gleich(text, lade_rapid) == "gleich", datei.name
    gemischt = (
        "format: 1\n"
        "kunde:\n  name: 'Müller, Erika'\n  titel: \"Dr.\"\n"
        "leitfragen: {passgenau: true, ok: no}\n"
        "leer: []\n"
        "liste:\n  - a\n  - 2026-01-01\n  - x: 1\n    y: ~\n  -\n    z: 3\n"
        "text: erste Zeile\n  zweite Zeile\n"
    )
    assert pruefe_gleich(gemischt, lade_rapid) == "gleich"


def test_rapid_zeilen_quotierter_schluessel() -> None:
    """Quoted keys and entries the tree cannot place are looked up by LibYAML's reader."""
    text = "format: 1\n'a b': 1\nliste:\n  - 'x'\n  - {c: 1}\n  - []\n"
    _, karte = lade_rapid(text)
    assert karte.zeile(("a b",)) == 2
    assert [karte.zeile(("liste", i)) for i in range(3)] == [4, 5, 6]
    assert karte.zeile(("liste", 3)) is None
    assert karte.zeile_von(("liste", 1, "c", "fehlt")) == 5


@pytest.mark.parametrize(
    "datei", sorted((REPO / "tests" / "data" / "hostile").glob("*.yaml")), ids=lambda p: p.stem
)
def test_feindliche_dateien(datei: Path) -> None:
    """Every file of the hostile corpus: the same verdict as the round-trip reader."""
    roh = datei.read_bytes()
    try:
        text, _, _ = yamldatei.als_text(datei, roh)
    except DatenFehler:
        return  # refused before any YAML reader sees it
    pruefe_gleich(text, lade_rapid)
