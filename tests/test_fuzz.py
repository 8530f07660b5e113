"""Fuzzing: valid demo cases mutated at the text level (wrong types, unknown codes, dates out
of order, huge strings, unicode, YAML specials like ``no``, ``~``, ``2026-13-45``, broken
structure). Every command answers with a result or a clean error – never a traceback.
Crashers found are kept below as explicit examples."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import DEMO, Aufruf

WERTE = [
    "no", "on", "Yes", "~", "null", "2026-13-45", "2026-02-30", "2026-12-01", "1999-01-01",
    "3000-01-01", "0001-01-01", "-1", "0", "1:20", "0815", "1e309", ".nan", "[]", "{}",
    "[1, [2, [3]]]", "{a: b}", "''", '""', "'unbekannter-code'", "beschaeftigung-lokal",
    "SGB II", "SGB III", "true", "false", "|", ">", "\\t", "😀" * 50, "\u202egegenläufig",
    "e\u0301\u0301\u0301", "'" + "x" * 20000 + "'", "!!str text", "*anker", "&anker wert",
    "- a", ": :", "#", "\"\\u0000\"", "'a: b'", "%", "@", "`",
]  # fmt: skip
ZEILE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)( .*)?$")


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str]:
    datei = draw(st.sampled_from(sorted(p.name for p in (DEMO / "cases").glob("*.yaml"))))
    zeilen = (DEMO / "cases" / datei).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(zeilen) - 1))
        art = draw(st.sampled_from(["wert", "wert", "wert", "loeschen", "doppeln", "einruecken"]))
        m = ZEILE.match(zeilen[i])
        if art == "wert" and m:
            zeilen[i] = f"{m.group(1)} {draw(st.sampled_from(WERTE))}"
        elif art == "loeschen":
            del zeilen[i]
        elif art == "doppeln":
            zeilen.insert(i, zeilen[i])
        elif art == "einruecken":
            zeilen[i] = draw(st.sampled_from(["  ", "\t", " "])) + zeilen[i]
    return datei, "\n".join(zeilen)


@contextmanager
def _demo_mit(datei: str, text: str) -> Iterator[Path]:
    """A temporary copy of the demo workspace whose case file ``datei`` holds ``text``."""
    with tempfile.TemporaryDirectory() as tmp:
        ablage = Path(tmp) / "ablage"
        shutil.copytree(DEMO, ablage, ignore=shutil.ignore_patterns(".vier-phasen"))
        (ablage / "cases" / datei).write_text(text, encoding="utf-8")
        yield ablage


def _pruefe_alle_befehle(vp: Aufruf, datei: str, text: str) -> None:
    with _demo_mit(datei, text) as ablage:
        fall = Path(datei).stem
        for befehl in (
            ["pruefen", "--format", "json"],
            ["faellig", "--alle", "--format", "json"],
            ["zeige", fall],
            ["dokument", fall, "vereinbarung", "--entwurf"],
            ["dokument", fall, "vereinbarung", "--entwurf", "--format", "pdf"],
            ["dokument", fall, "auskunft"],
        ):
            ergebnis = vp("--ablage", ablage, *befehl)  # raises on any uncaught exception
            assert ergebnis.exit_code in (0, 1, 2), (befehl, ergebnis.stderr)
            assert "Traceback" not in ergebnis.stderr
            if ergebnis.exit_code == 2:  # said why: a message, or DA001/DA002 in the report
                assert ergebnis.stderr.strip() or "DA00" in ergebnis.stdout, befehl


@settings(
    max_examples=int(os.environ.get("VIER_PHASEN_FUZZ", "40")),  # more for a deeper search
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation())
@example(("911A100001.yaml", "format: 1\nid: 911A100001\n"))  # nothing but the ID
def test_kein_befehl_stuerzt_ab(vp: Aufruf, fall: tuple[str, str]) -> None:
    _pruefe_alle_befehle(vp, *fall)


# --- terminal output (SPEC §15/§16) -----------------------------------------------------------

TEXTFELD = re.compile(
    r"^(\s*(?:- )?(?:name|fachkraft|text|was|notiz|beschreibung|vermerk|anliegen|zielberuf|"
    r"bezeichnung|begruendung):) .*$"
)
STEUER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""SPEC §16: C0 except tab and newline, DEL, C1 (ESC and CR included), and the bidi
embeddings, overrides and isolates that turn the text after them around."""
BOESES = st.lists(
    st.one_of(
        st.sampled_from(["\x1b", "\x1b]52;c;", "\x07", "\x9b", "\r", "\x00", "\x7f", "\x85"]),
        st.sampled_from(["\u202e", "\u202d\u202e", "\u2067", "\u200f"]),
        st.characters(max_codepoint=0x2FF, exclude_categories=("Cs",)),
        st.sampled_from(["=", "+", "@", "-", "[link=http://x.example/]", "\u2028", "\t", "\n"]),
    ),
    min_size=1,
    max_size=30,
).map("".join)


@st.composite
def boeser_text(draw: st.DrawFn) -> tuple[str, str]:
    """A demo case whose text fields hold hostile strings (written as YAML escapes)."""
    datei = draw(st.sampled_from(sorted(p.name for p in (DEMO / "cases").glob("*.yaml"))))
    zeilen = (DEMO / "cases" / datei).read_text(encoding="utf-8").split("\n")
    stellen = [i for i, z in enumerate(zeilen) if TEXTFELD.match(z)]
    for i in draw(st.lists(st.sampled_from(stellen), min_size=1, max_size=4, unique=True)):
        kopf = TEXTFELD.match(zeilen[i])
        assert kopf is not None
        zeilen[i] = f"{kopf.group(1)} {json.dumps(draw(BOESES))}"  # JSON is YAML 1.2
    return datei, "\n".join(zeilen)


@settings(
    max_examples=int(os.environ.get("VIER_PHASEN_FUZZ", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(boeser_text())
def test_keine_steuerzeichen_im_terminal(vp: Aufruf, fall: tuple[str, str]) -> None:
    datei, text = fall
    with _demo_mit(datei, text) as ablage:
        fall_id = Path(datei).stem
        for befehl in (
            ["faellig", "--alle"],
            ["faellig", "--alle", "--format", "csv"],
            ["faellig", "--alle", "--format", "markdown"],
            ["faellig", "--alle", "--format", "ics"],
            ["liste"],
            ["liste", "--format", "csv"],
            ["pruefen"],
            ["zeige", fall_id],
            ["zeige", fall_id, "--format", "yaml"],
            ["dokument", fall_id, "vereinbarung", "--entwurf"],
            ["dokument", fall_id, "auskunft"],
        ):
            ergebnis = vp("--ablage", ablage, *befehl, env={"COLUMNS": "80"})
            assert ergebnis.exit_code in (0, 1, 2), (befehl, ergebnis.stderr)
            ausgabe = ergebnis.stdout
            if befehl[-1] in ("csv", "ics"):  # CRLF line ends are the format's own
                ausgabe = ausgabe.replace("\r\n", "\n")
            for strom in (ausgabe, ergebnis.stderr):
                treffer = STEUER.search(strom)
                assert treffer is None, (befehl, strom[max(treffer.start() - 30, 0) :][:80])
