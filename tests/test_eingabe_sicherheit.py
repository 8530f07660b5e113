"""Input that must not crash, mislead or reach another place (issue 12, SPEC §15/§16).

Dates outside 1900–2199 are an error of their file (DA002) and never take a report down;
case IDs are matched whole; single-line fields refuse control characters on input;
number prompts accept ASCII digits only; ``init`` sets up the folder it is given by
``--ablage`` or the environment; ``--pseudonym`` leaves no name, ID or file name on stdout.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, Aufruf, Ergebnis
from tests.test_antworten import ANTWORTEN
from vier_phasen_cli.domain.datum import DatumsFehler, deutsch, lies_datum
from vier_phasen_cli.domain.eingabefelder import felder_mit_steuerzeichen, ist_mehrzeilig
from vier_phasen_cli.domain.fall_id import ist_fall_id
from vier_phasen_cli.domain.fristen import horizont
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.faelle import pruefe_daten
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.storage.rapidleser import lade_rapid
from vier_phasen_cli.storage.schnell import Sonderfall, lade_schnell
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Terminal

FEINDLICH = REPO / "tests" / "data" / "hostile"
H40, H41 = "H40-ende-9999", "H41-jahr-1"
BEREICH = "Datum liegt außerhalb des erlaubten Bereichs"
HINWEIS = "Erlaubt sind Daten vom 01.01.1900 bis 31.12.2199; für „offen“ das Feld leer lassen."
ORTE = {
    H40: f"cases/{H40}.yaml:13: produkte[1].ende: {BEREICH}",
    H41: f"cases/{H41}.yaml:12: ziel.zwischenziele[1].bis: {BEREICH}",
}
DEMO_FAELLE = 14
STICHTAG = ("--stichtag", "2026-12-01")


@pytest.fixture
def ablage_mit_platzhaltern(demo: Path) -> Path:
    """The demo workspace plus one case with ``ende: 9999-12-31`` and one with year 1."""
    for fall in (H40, H41):
        shutil.copy(FEINDLICH / f"{fall}.yaml", demo / "cases")
    return demo


def _gemeldet(ort: str, stderr: str) -> bool:
    """An error line ``Fehler: …/cases/FILE:LINE: message`` (the path as the user gave it)."""
    return re.search(rf"^Fehler: (\S*/)?{re.escape(ort)}$", stderr, re.MULTILINE) is not None


def _kein_absturz(ergebnis: Ergebnis) -> None:
    text = ergebnis.stdout + ergebnis.stderr
    assert "Interner Fehler" not in text and "Traceback" not in text


# --- 1. one date range, checked where both readers meet ---------------------------------------


BERICHTE = [
    ("liste",),
    ("liste", "--format", "json"),
    ("liste", "--format", "csv"),
    ("faellig", *STICHTAG, "--alle", "--format", "json"),
    ("faellig", *STICHTAG, "--alle", "--format", "csv"),
    ("faellig", *STICHTAG, "--alle", "--format", "markdown"),
    ("faellig", *STICHTAG, "--alle", "--format", "ics"),
    ("pruefen", *STICHTAG, "--format", "json"),
]


@pytest.mark.parametrize("bericht", BERICHTE, ids=" ".join)
def test_platzhalterdatum_trifft_nur_seine_datei(
    vp: Aufruf, ablage_mit_platzhaltern: Path, bericht: tuple[str, ...]
) -> None:
    ergebnis = vp("--ablage", ablage_mit_platzhaltern, *bericht)
    _kein_absturz(ergebnis)
    assert ergebnis.exit_code == 2
    if bericht[0] == "pruefen":  # the findings are pruefen's data: on stdout
        befunde = json.loads(ergebnis.stdout)["befunde"]
        da002 = {(b["fall"], b["zeile"], b["meldung"]) for b in befunde if b["code"] == "DA002"}
        assert da002 == {
            (H40, 13, f"produkte[1].ende: {BEREICH}"),
            (H41, 12, f"ziel.zwischenziele[1].bis: {BEREICH}"),
        }
        assert json.loads(ergebnis.stdout)["zusammenfassung"]["faelle"] == DEMO_FAELLE + 2
        assert {b["fall"] for b in befunde if b["code"] != "DA002"} >= {"911A100014"}
        return
    for ort in ORTE.values():
        assert _gemeldet(ort, ergebnis.stderr)
    assert HINWEIS in ergebnis.stderr
    for fall in (H40, H41):
        assert fall not in ergebnis.stdout.replace(f"cases/{fall}.yaml", "")
    if bericht[-1] == "json":
        daten = json.loads(ergebnis.stdout)
        faelle = daten.get("faelle", daten.get("eintraege"))
        assert {f.get("fall", f.get("id")) for f in faelle} >= {"911A100001", "911A100014"}
    assert "911A100001" in ergebnis.stdout


@pytest.mark.parametrize("format", ["tabelle", "json"])
def test_faellig_berichtet_die_anderen_faelle(
    vp: Aufruf, ablage_mit_platzhaltern: Path, format: str
) -> None:
    ohne = vp("--ablage", ablage_mit_platzhaltern, "faellig", *STICHTAG, "-f", format, "--alle")
    for fall in (H40, H41):
        (ablage_mit_platzhaltern / "cases" / f"{fall}.yaml").unlink()
    sauber = vp("--ablage", ablage_mit_platzhaltern, "faellig", *STICHTAG, "-f", format, "--alle")
    _kein_absturz(ohne)
    assert (ohne.exit_code, sauber.exit_code) == (2, 0)
    if format == "json":
        assert json.loads(ohne.stdout)["eintraege"] == json.loads(sauber.stdout)["eintraege"]
    else:  # every item of the clean workspace is in the report (the table may add errors)
        zeilen = [z for z in sauber.stdout.splitlines() if "911A1000" in z]
        assert zeilen and all(z in ohne.stdout for z in zeilen)
    # Wherever the table puts file errors (stdout today), each is located on its line.
    gemeldet = " ".join((ohne.stdout + ohne.stderr).split())  # tables may wrap long lines
    for ort in ORTE.values():
        assert ort in gemeldet


@pytest.mark.parametrize("fall", [H40, H41])
@pytest.mark.parametrize(
    "befehl",
    [("zeige",), ("zeige", "--format", "json"), ("dokument", "{}", "vereinbarung")],
    ids=" ".join,
)
def test_zeige_und_dokument_melden_die_zeile(
    vp: Aufruf, ablage_mit_platzhaltern: Path, fall: str, befehl: tuple[str, ...]
) -> None:
    argumente = [a.replace("{}", fall) for a in befehl]
    if "{}" not in befehl:
        argumente.append(fall)
    ergebnis = vp("--ablage", ablage_mit_platzhaltern, *argumente)
    _kein_absturz(ergebnis)
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    assert _gemeldet(ORTE[fall], ergebnis.stderr.splitlines()[0])
    assert HINWEIS in ergebnis.stderr
    assert "15.01.1\n" not in ergebnis.stderr and "31.12.9999" not in ergebnis.stderr
    andere = vp(
        "--ablage", ablage_mit_platzhaltern, *[a.replace(fall, "911A100001") for a in argumente]
    )
    assert andere.exit_code == 0, andere.stderr


@pytest.mark.parametrize(
    "text", ["ende: 9999-12-31", "ende: 0001-01-15", "ende: '9999-12-31'", "ende: 2200-01-01"]
)
def test_beide_leser_weisen_dasselbe_zurueck(text: str, tmp_path: Path) -> None:
    """The fast reader (reports) and the round-trip reader (zeige, wizards) feed one model."""
    quelle = (
        "format: 1\nid: X\nkunde: {name: A}\nrechtskreis: SGB III\nfachkraft: B\n"
        f"produkte:\n  - bezeichnung: M\n    {text}\n"
    )
    pfad = tmp_path / "X.yaml"
    pfad.write_text(quelle, encoding="utf-8")
    kataloge = lade_kataloge()
    rund = yamldatei.lade(pfad)
    ergebnisse = [
        pruefe_daten(rund.daten, pfad, kataloge, yamldatei.Dokumentzeilen(rund.daten).zeile_von)
    ]
    for leser in (lade_schnell, lade_rapid):  # rapidyaml hands the quoted date over
        with contextlib.suppress(Sonderfall):
            schnell, zeilen = leser(quelle)
            ergebnisse.append(pruefe_daten(schnell, pfad, kataloge, zeilen.zeile_von))
    assert len(ergebnisse) == (2 if "'" in text else 3)
    for fall, probleme in ergebnisse:
        assert fall is None
        assert [(p.code, p.zeile, p.meldung) for p in probleme] == [
            ("DA002", 8, f"produkte[1].ende: {BEREICH}")
        ]


def test_grenzen_des_bereichs_gelten(tmp_path: Path) -> None:
    for tag, gut in [("1900-01-01", True), ("2199-12-31", True), ("1899-12-31", False)]:
        quelle = f"format: 1\nid: X\nkunde: {{name: A, geburtsdatum: {tag}}}\n"
        quelle += "rechtskreis: SGB III\nfachkraft: B\n"
        daten, zeilen = lade_schnell(quelle)
        fall, _ = pruefe_daten(daten, tmp_path / "X.yaml", lade_kataloge(), zeilen.zeile_von)
        assert (fall is not None) == gut, tag


@pytest.mark.parametrize(
    ("eingabe", "meldung"),
    [
        ("9999-12-31", "Der 31.12.9999 liegt außerhalb des erlaubten Bereichs."),
        ("0001-01-15", "Der 15.01.0001 liegt außerhalb des erlaubten Bereichs."),
        ("01.01.1899", "Der 01.01.1899 liegt außerhalb des erlaubten Bereichs."),
        ("+99999", "liegt außerhalb des erlaubten Bereichs."),
        ("٢٠٢٦-١١-٢٣", "„٢٠٢٦-١١-٢٣“ ist kein Datum."),
    ],
)
def test_eingabedatum_ausserhalb_des_bereichs(eingabe: str, meldung: str) -> None:
    with pytest.raises(DatumsFehler) as info:
        lies_datum(eingabe, date(2026, 11, 23))
    assert meldung in str(info.value)


def test_relative_eingabe_nahe_dem_ende_laeuft_nicht_ueber() -> None:
    with pytest.raises(DatumsFehler):
        lies_datum("+99999", date.max)


def test_deutsche_anzeige_hat_vier_stellige_jahre() -> None:
    assert deutsch(date(1, 1, 15)) == "15.01.0001"


_AUSSERHALB = {"9999-12-31", "0001-01-01", "+99999"}


@pytest.mark.parametrize(
    "befehl",
    [
        ("faellig", "--stichtag", "9999-12-31"),
        ("faellig", "--stichtag", "0001-01-01", "--format", "json"),
        ("pruefen", "--stichtag", "9999-12-31"),
        ("pruefen", "--stichtag", "+99999"),
        ("dokument", "911A100001", "beratungsvermerk", "--datum", "9999-12-31"),
        ("folgegespraech", "911A100001", "--datum", "9999-12-31"),
        (
            "neu",
            "X-1",
            "--name",
            "A",
            "--rechtskreis",
            "SGB II",
            "--fachkraft",
            "B",
            "--geburtsdatum",
            "0001-01-01",
        ),
    ],
    ids=lambda b: " ".join(b[:2]),
)
def test_datumsoptionen_ausserhalb_des_bereichs(
    vp: Aufruf, demo: Path, befehl: tuple[str, ...]
) -> None:
    ergebnis = vp("--ablage", demo, *befehl)
    _kein_absturz(ergebnis)
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    option = befehl[next(i for i, a in enumerate(befehl) if a in _AUSSERHALB) - 1]
    assert ergebnis.stderr.startswith(f"Fehler: Ungültiger Wert für {option}: Der ")
    assert "liegt außerhalb des erlaubten Bereichs." in ergebnis.stderr
    assert not (demo / "cases" / "X-1.yaml").exists()


def test_heute_aus_der_umgebung_ausserhalb_des_bereichs(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", env={"VIER_PHASEN_HEUTE": "9999-12-31"})
    _kein_absturz(ergebnis)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith(
        "Fehler: VIER_PHASEN_HEUTE liegt außerhalb des erlaubten Bereichs\n"
    )


@pytest.mark.parametrize("format", ["tabelle", "json", "csv", "markdown", "ics"])
@pytest.mark.parametrize("tage", ["99999999999", "99999999999999999999999", "3651", "-1"])
def test_vorausschau_ausserhalb_wird_abgelehnt(
    vp: Aufruf, demo: Path, format: str, tage: str
) -> None:
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "--tage", tage, "-f", format)
    _kein_absturz(ergebnis)
    assert (ergebnis.exit_code, ergebnis.stdout) == (2, "")
    assert ergebnis.stderr == (
        "Fehler: --tage muss eine ganze Zahl von 0 bis 3650 sein\n"
        "Alle späteren Fristen zeigt --alle.\n"
    )


def test_laengste_vorausschau(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "--tage", "3650", "-f", "json")
    alle = vp("--ablage", demo, "faellig", *STICHTAG, "--alle", "-f", "json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert json.loads(ergebnis.stdout)["eintraege"] == [
        {**e, "status": "faellig" if e["status"] == "geplant" else e["status"]}
        for e in json.loads(alle.stdout)["eintraege"]
    ]


def test_riesige_vorausschau_aus_den_einstellungen(vp: Aufruf, demo: Path) -> None:
    toml = demo / "vier-phasen.toml"
    text = toml.read_text(encoding="utf-8").replace("tage = 14", "tage = 99999999999")
    toml.write_text(text, encoding="utf-8")
    ergebnis = vp("--ablage", demo, "faellig", *STICHTAG, "-f", "markdown")
    _kein_absturz(ergebnis)
    # the same range as --tage, checked where the setting is read
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    assert "vier-phasen.toml: [faellig] tage muss eine ganze Zahl von 0 bis 3650 sein" in (
        ergebnis.stderr
    )


def test_horizont_bleibt_im_datumsbereich() -> None:
    assert horizont(date(2026, 12, 1), 10**12) == date.max
    assert horizont(date(2026, 12, 1), -(10**12)) == date.min
    assert horizont(date(2026, 12, 1), 14) == date(2026, 12, 15)


def test_antwortdatei_mit_platzhalterdatum(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    antworten = tmp_path / "a.yaml"
    antworten.write_text("termine:\n  folgegespraech: 9999-12-31\n", encoding="utf-8")
    vorher = (demo / "cases" / "911A100001.yaml").read_bytes()
    ergebnis = vp(
        "--ablage", demo, "folgegespraech", "911A100001", "--antworten", antworten,
        "--datum", "2026-12-01",
    )  # fmt: skip
    _kein_absturz(ergebnis)
    assert ergebnis.exit_code == 2
    assert f"{antworten}:2: Antwortdatei: termine.folgegespraech: {BEREICH}" in ergebnis.stderr
    assert (demo / "cases" / "911A100001.yaml").read_bytes() == vorher


# --- 2. case IDs as a full match --------------------------------------------------------------


@pytest.mark.parametrize("text", ["ABC\n", "ABC\r\n", "\nABC", "ABC ", "ABC\x1b", "A/B"])
def test_fall_id_ganz_geprueft(text: str) -> None:
    assert not ist_fall_id(text)
    assert ist_fall_id("ABC")


def test_neu_mit_zeilenumbruch_in_der_id(vp: Aufruf, demo: Path) -> None:
    vorher = sorted(p.name for p in (demo / "cases").iterdir())
    ergebnis = vp(
        "--ablage", demo, "neu", "ABC\n", "--name", "A", "--rechtskreis", "SGB II",
        "--fachkraft", "B",
    )  # fmt: skip
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    assert ergebnis.stderr.startswith("Fehler: Ungültige Fall-ID „ABC\\x0a“\n")
    assert sorted(p.name for p in (demo / "cases").iterdir()) == vorher


@pytest.mark.parametrize("befehl", ["erstgespraech", "zeige", "pruefen"])
def test_andere_befehle_mit_zeilenumbruch_in_der_id(
    vp: Aufruf, demo: Path, tmp_path: Path, befehl: str
) -> None:
    antworten = tmp_path / "a.yaml"
    antworten.write_text("kunde: {name: A}\n", encoding="utf-8")
    mehr = ["--antworten", str(antworten)] if befehl == "erstgespraech" else []
    ergebnis = vp("--ablage", demo, befehl, "911A100001\n", *mehr)
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    assert ergebnis.stderr.startswith("Fehler: Ungültige Fall-ID „911A100001\\x0a“\n")
    assert not list((demo / "cases").glob("*\n*"))


def test_falldatei_mit_zeilenumbruch_in_der_id(vp: Aufruf, demo: Path) -> None:
    shutil.copy(FEINDLICH / "H42-id-zeilenumbruch.yaml", demo / "cases")
    ergebnis = vp("--ablage", demo, "liste", "--format", "json")
    assert ergebnis.exit_code == 2
    assert _gemeldet("cases/H42-id-zeilenumbruch.yaml:3: id: Fall-ID ist ungültig", ergebnis.stderr)
    assert len(json.loads(ergebnis.stdout)["faelle"]) == DEMO_FAELLE


# --- 3. control characters in single-line input fields -------------------------------------


OSC52 = "Erika\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"


def test_neu_weist_steuerzeichen_im_namen_zurueck(vp: Aufruf, demo: Path) -> None:
    vorher = sorted(p.name for p in (demo / "cases").iterdir())
    ergebnis = vp(
        "--ablage", demo, "neu", "X-1", "--name", OSC52, "--rechtskreis", "SGB III",
        "--fachkraft", "M. Schmidt",
    )  # fmt: skip
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    assert ergebnis.stderr.startswith(
        "Fehler: Ungültige Angaben: --name: enthält Steuerzeichen (z. B. ESC, Zeilenumbruch oder Umkehr der Schreibrichtung)\n"
    )
    assert "\x1b" not in ergebnis.stderr and "Y3VybC" not in ergebnis.stderr
    assert sorted(p.name for p in (demo / "cases").iterdir()) == vorher


@pytest.mark.parametrize(
    ("option", "wert"), [("--fachkraft", "M.\tSchmidt"), ("--name", "Erika\nBeispiel")]
)
def test_neu_weist_tabulator_und_zeilenumbruch_zurueck(
    vp: Aufruf, demo: Path, option: str, wert: str
) -> None:
    angaben = {"--name": "Erika", "--fachkraft": "M. Schmidt", option: wert}
    ergebnis = vp(
        "--ablage", demo, "neu", "X-1", "--rechtskreis", "SGB III",
        *[x for paar in angaben.items() for x in paar],
    )  # fmt: skip
    assert ergebnis.exit_code == 2
    assert f"Ungültige Angaben: {option}: enthält Steuerzeichen" in ergebnis.stderr
    assert not (demo / "cases" / "X-1.yaml").exists()


_PLAETZE = {
    "BESCHREIBUNG": "Koch in der Gastronomie",
    "EIGENBEMUEHUNG": "Vier Bewerbungen im Monat",
    "VERMERK": "Potenzialanalyse per Antwortdatei",
}
"""Fields of the answers file of test_antworten and their texts there."""


def _erstgespraech(vp: Aufruf, demo: Path, tmp_path: Path, **felder: str) -> Ergebnis:
    """The Erstgespräch of a new case T-1 from an answers file; ``felder`` replace texts
    (as JSON strings: YAML reads them as double-quoted strings, escapes included)."""
    text = ANTWORTEN
    for platz, wert in felder.items():
        text = text.replace(_PLAETZE[platz], json.dumps(wert))
    antworten = tmp_path / "antworten.yaml"
    antworten.write_text(text, encoding="utf-8")
    return vp(
        "--ablage", demo, "erstgespraech", "T-1", "--antworten", antworten,
        env={"VIER_PHASEN_HEUTE": "2026-10-01"},
    )  # fmt: skip


def test_antwortdatei_mit_esc_in_der_zielbeschreibung(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    ergebnis = _erstgespraech(
        vp, demo, tmp_path, BESCHREIBUNG="Koch\x1b[8m unsichtbar", EIGENBEMUEHUNG="A\nB"
    )
    assert ergebnis.exit_code == 2
    stderr = ergebnis.stderr
    assert "  ungültig: ziel.beschreibung: enthält Steuerzeichen" in stderr
    assert "  ungültig: vereinbarung.eigenbemuehungen[1].text: enthält Steuerzeichen" in stderr
    assert "\x1b" not in stderr and "unsichtbar" not in stderr
    assert not (demo / "cases" / "T-1.yaml").exists()


def test_vermerk_darf_mehrzeilig_sein(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    vermerk = "Erstes Gespräch.\nZweite Zeile\tmit Tabulator."
    ergebnis = _erstgespraech(vp, demo, tmp_path, VERMERK=vermerk)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    fall = yaml.safe_load((demo / "cases" / "T-1.yaml").read_text(encoding="utf-8"))
    assert fall["gespraeche"][-1]["vermerk"] == vermerk


def test_vermerk_weist_esc_zurueck(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ergebnis = _erstgespraech(vp, demo, tmp_path, VERMERK="Gut.\x1b]8;;http://x.example\x07")
    assert ergebnis.exit_code == 2
    assert "ungültig: gespraech.vermerk: enthält Steuerzeichen" in ergebnis.stderr


RICHTUNG = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]
"""The bidi embeddings, overrides and isolates: each can turn text outside its value around."""


@pytest.mark.parametrize("zeichen", [*RICHTUNG, "\u2028", "\u2029"])
def test_neu_weist_richtungszeichen_und_zeilentrenner_zurueck(
    vp: Aufruf, demo: Path, zeichen: str
) -> None:
    ergebnis = vp(
        "--ablage", demo, "neu", "911C1", "--name", f"Max {zeichen}Mustermann",
        "--rechtskreis", "SGB III", "--fachkraft", "M. Schmidt",
    )  # fmt: skip
    assert ergebnis.exit_code == 2 and ergebnis.stdout == ""
    assert "Ungültige Angaben: --name: enthält Steuerzeichen" in ergebnis.stderr
    assert "Umkehr der Schreibrichtung" in ergebnis.stderr
    assert zeichen not in ergebnis.stderr
    assert not (demo / "cases" / "911C1.yaml").exists()


def test_neu_nimmt_richtungsmarken_an(vp: Aufruf, demo: Path) -> None:
    """LRM and RLM are marks, not embeddings: like one invisible letter of their direction,
    they reorder nothing a real Hebrew letter could not; a name may hold them."""
    ergebnis = vp(
        "--ablage", demo, "neu", "911C1", "--name", "\u05e9\u05e8\u05d4\u200f Levi\u200e",
        "--rechtskreis", "SGB III", "--fachkraft", "M. Schmidt",
    )  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert (demo / "cases" / "911C1.yaml").exists()


def test_antwortdatei_mit_richtungsumkehr_in_der_eigenbemuehung(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    ergebnis = _erstgespraech(
        vp,
        demo,
        tmp_path,
        EIGENBEMUEHUNG="Bewerbungen\u202d\u202e",
        BESCHREIBUNG="Koch\u2028Kellner",
    )
    assert ergebnis.exit_code == 2
    stderr = ergebnis.stderr
    assert "  ungültig: ziel.beschreibung: enthält Steuerzeichen" in stderr
    assert "  ungültig: vereinbarung.eigenbemuehungen[1].text: enthält Steuerzeichen" in stderr
    assert "\u202e" not in stderr and "Kellner" not in stderr
    assert not (demo / "cases" / "T-1.yaml").exists()


def test_vermerk_weist_richtungsumkehr_zurueck_nimmt_aber_zeilentrenner(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    ergebnis = _erstgespraech(vp, demo, tmp_path, VERMERK="Gut.\u2067 und so")
    assert ergebnis.exit_code == 2
    assert "ungültig: gespraech.vermerk: enthält Steuerzeichen" in ergebnis.stderr
    vermerk = "Erste Zeile\u2028zweite Zeile"
    ergebnis = _erstgespraech(vp, demo, tmp_path, VERMERK=vermerk)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    fall = yaml.safe_load((demo / "cases" / "T-1.yaml").read_text(encoding="utf-8"))
    assert fall["gespraeche"][-1]["vermerk"] == vermerk


def test_gegebene_antwort_mit_richtungsumkehr_wird_am_terminal_neu_erfragt() -> None:
    terminal = Terminal(tasten=["Erika\r"])
    b = Befrager({"kunde": {"name": "Erika \u202eBeispiel"}}, terminal, date(2026, 11, 23))
    assert b.text("kunde.name", "Name") == "Erika"
    assert "Die Angabe für kunde.name enthält Steuerzeichen" in "".join(terminal.ausgabe)


@pytest.mark.parametrize(
    "befehl",
    [
        ["zeige", "911A100001"],
        ["liste"],
        ["liste", "--format", "csv"],
        ["liste", "--format", "json"],
        ["faellig", "--alle"],
        ["faellig", "--alle", "--format", "markdown"],
        ["faellig", "--alle", "--format", "csv"],
        ["faellig", "--alle", "--format", "json"],
        ["faellig", "--alle", "--format", "ics"],
    ],
    ids=" ".join,
)
def test_handbearbeitete_richtungsumkehr_erscheint_maskiert(
    vp: Aufruf, demo: Path, befehl: list[str]
) -> None:
    datei = demo / "cases" / "911A100001.yaml"
    text = datei.read_text(encoding="utf-8")
    text = text.replace("name: Sabine Krüger", 'name: "Sabine \\u202eKrüger"')
    text = text.replace(
        "- text: Mindestens fünf Bewerbungen im Monat, Nachweis zum Monatsende",
        '- text: "Mindestens fünf Bewerbungen\\u202d\\u202e"',
    )
    datei.write_text(text, encoding="utf-8")
    ergebnis = vp("--ablage", demo, *befehl, env={"COLUMNS": "200"})
    assert ergebnis.exit_code == 0, ergebnis.stderr
    ausgabe = ergebnis.stdout
    assert not any(z in ausgabe for z in RICHTUNG)
    if "json" in befehl:
        assert "Sabine \\u202eKrüger" in ausgabe
        assert json.loads(ausgabe)  # the same string for a reader
    else:
        assert "\\u202eKrüger" in ausgabe or "\\u202eKr" in ausgabe


def test_handbearbeitete_datei_mit_steuerzeichen_ist_kein_fehler(vp: Aufruf, demo: Path) -> None:
    datei = demo / "cases" / "911A100001.yaml"
    text = datei.read_text(encoding="utf-8")
    datei.write_text(text.replace("name: Sabine Krüger", 'name: "Sabine\\e[8m Krüger"'))
    ergebnis = vp("--ablage", demo, "liste", "--format", "json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    namen = [f["kunde"]["name"] for f in json.loads(ergebnis.stdout)["faelle"]]
    assert "Sabine\x1b[8m Krüger" in namen


@pytest.mark.parametrize(
    ("pfad", "mehrzeilig"),
    [
        (("gespraech", "vermerk"), True),
        (("gespraeche", 0, "anliegen"), True),
        (("potenzialanalyse", "handlungsbedarfe", 0, "notiz"), True),
        (("produkte", 1, "begruendung"), True),
        (("gespraech", "aktivitaeten", "abgleich"), True),
        (("gespraeche", 2, "aktivitaeten", "naechste_schritte"), True),
        (("strategien", 0, "aktivitaeten", 0, "was"), False),
        (("kunde", "name"), False),
        (("ziel", "beschreibung"), False),
        (("vereinbarung", "leistungen", 0), False),
    ],
)
def test_mehrzeilige_felder(pfad: tuple[str | int, ...], mehrzeilig: bool) -> None:
    assert ist_mehrzeilig(pfad) is mehrzeilig
    assert felder_mit_steuerzeichen("a\nb\tc", pfad) == ([] if mehrzeilig else [pfad])
    assert felder_mit_steuerzeichen("a\x1bb", pfad) == [pfad]


def test_steuerzeichen_werden_mit_pfad_gefunden() -> None:
    daten = {
        "kunde": {"name": "A\x1bB"},
        "gespraech": {"vermerk": "a\nb\tc", "aktivitaeten": {"abgleich": "x\ny"}},
        "strategien": [{"aktivitaeten": [{"was": "a\nb"}]}],
        "vereinbarung": {"leistungen": ["ok", "\x9bC1"]},
        "potenzialanalyse": {"handlungsbedarfe": [{"notiz": "Zeile\x7f"}]},
    }
    assert felder_mit_steuerzeichen(daten) == [
        ("kunde", "name"),
        ("strategien", 0, "aktivitaeten", 0, "was"),
        ("vereinbarung", "leistungen", 1),
        ("potenzialanalyse", "handlungsbedarfe", 0, "notiz"),
    ]


def test_gegebene_antwort_mit_esc_wird_am_terminal_neu_erfragt() -> None:
    terminal = Terminal(tasten=["Erika\r"])
    b = Befrager({"kunde": {"name": OSC52}}, terminal, date(2026, 11, 23))
    assert b.text("kunde.name", "Name") == "Erika"
    assert terminal.gefragt == ["Name"]
    assert "Die Angabe für kunde.name enthält Steuerzeichen" in "".join(terminal.ausgabe)


# --- 4. number prompts take ASCII digits only --------------------------------------------------


@pytest.mark.parametrize("falsch", ["²", "٣", "3²", "99999999999999"])
def test_zahlenfrage_nimmt_nur_ascii_ziffern(falsch: str) -> None:
    # The prompt starts with the default "1"; the wrong answer after it is refused in the
    # prompt (no crash), backspaces clear it, then "13" is accepted.
    tasten = falsch + "\r" + "\x7f" * len(falsch) + "3\r"
    terminal = Terminal(tasten=[tasten])
    b = Befrager({}, terminal, date(2026, 11, 23))
    antwort: list[int] = []
    # In a thread with a deadline: an exception inside the prompt's check leaves
    # prompt_toolkit waiting for a key that never comes (that is how the bug showed).
    frage = threading.Thread(
        target=lambda: antwort.append(b.zahl("bedarfsgemeinschaft.mitglieder", "M", vorgabe=1)),
        daemon=True,
    )
    frage.start()
    frage.join(30)
    assert antwort == [13] and terminal.gefragt == ["M"]


# --- 5. init sets up the folder it is given --------------------------------------------------


def _ist_ablage(ordner: Path) -> bool:
    return (ordner / "vier-phasen.toml").is_file() and (ordner / "cases").is_dir()


@pytest.fixture
def leer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_nimmt_den_ordner_aus_ablage(vp: Aufruf, leer: Path) -> None:
    ergebnis = vp("--ablage", leer / "X", "init")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert _ist_ablage(leer / "X") and not (leer / "vier-phasen.toml").exists()


def test_init_nimmt_den_ordner_aus_der_umgebung(vp: Aufruf, leer: Path) -> None:
    ergebnis = vp("init", env={"VIER_PHASEN_ABLAGE": str(leer / "Y")})
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert _ist_ablage(leer / "Y") and not (leer / "vier-phasen.toml").exists()


def test_init_ordner_geht_der_umgebung_vor(vp: Aufruf, leer: Path) -> None:
    ergebnis = vp("init", "Z", env={"VIER_PHASEN_ABLAGE": str(leer / "Y")})
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert _ist_ablage(leer / "Z") and not (leer / "Y").exists()


def test_init_mit_zwei_verschiedenen_ordnern(vp: Aufruf, leer: Path) -> None:
    ergebnis = vp("--ablage", "X", "init", "Z")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr == (
        "Fehler: --ablage und der Ordner von „init“ nennen verschiedene Ordner\n"
        "Bitte nur einen angeben: vier-phasen init ORDNER.\n"
    )
    assert list(leer.iterdir()) == []
    assert vp("--ablage", "X", "init", "./X").exit_code == 0 and _ist_ablage(leer / "X")


# --- 6. --pseudonym: no name, case ID or file name on stdout ---------------------------------

PSEUDONYM = re.compile(r"Person-[A-Z2-7]{8}")
BREIT = {"COLUMNS": "250"}
"""Wide tables: a folded cell could split a name and hide it from the check."""
PSEUDONYM_BERICHTE = [
    ("liste",),
    ("liste", "--format", "json"),
    ("liste", "--format", "csv"),
    ("faellig", *STICHTAG, "--alle"),
    ("faellig", *STICHTAG, "--alle", "--format", "json"),
    ("faellig", *STICHTAG, "--alle", "--format", "csv"),
    ("faellig", *STICHTAG, "--alle", "--format", "markdown"),
    ("faellig", *STICHTAG, "--alle", "--format", "ics"),
    ("pruefen", *STICHTAG),
    ("pruefen", *STICHTAG, "--format", "json"),
]


@pytest.fixture
def ablage_fuer_pseudonyme(demo: Path) -> tuple[Path, list[str]]:
    """The demo workspace plus an unreadable file and a file whose ID is not its name;
    with everything that must not reach stdout under ``--pseudonym``."""
    verboten = []
    for datei in sorted((demo / "cases").glob("*.yaml")):
        daten = yaml.safe_load(datei.read_text(encoding="utf-8"))
        verboten += [daten["id"], datei.name]
        verboten += [teil for teil in daten["kunde"]["name"].split() if len(teil) > 3]
    shutil.copy(FEINDLICH / f"{H40}.yaml", demo / "cases")
    (demo / "cases" / "FALSCHER-NAME.yaml").write_text(
        "format: 1\nid: ANDERE-ID\nkunde: {name: Zora Zett}\nrechtskreis: SGB II\nfachkraft: B\n",
        encoding="utf-8",
    )
    verboten += [H40, "FALSCHER-NAME", "ANDERE-ID", "Zora Zett"]
    return demo, verboten


@pytest.mark.parametrize("bericht", PSEUDONYM_BERICHTE, ids=" ".join)
def test_pseudonym_ohne_namen_ids_und_dateinamen(
    vp: Aufruf, ablage_fuer_pseudonyme: tuple[Path, list[str]], bericht: tuple[str, ...]
) -> None:
    ablage, verboten = ablage_fuer_pseudonyme
    ohne = vp("--ablage", ablage, *bericht, env=BREIT)
    erst = vp("--ablage", ablage, *bericht, "--pseudonym", env=BREIT)
    dann = vp("--ablage", ablage, *bericht, "--pseudonym", env=BREIT)
    assert erst.exit_code == ohne.exit_code == 2  # the two broken files
    assert "911A1000" in ohne.stdout  # the check below would catch a leak
    for wort in verboten:
        assert wort not in erst.stdout, wort
    assert PSEUDONYM.search(erst.stdout)
    assert erst.stdout == dann.stdout  # stable across runs
    if bericht[0] == "liste" or ("--format" in bericht[1:] and bericht[0] == "faellig"):
        # Messages on stderr may name files (the faellig table still prints them on stdout,
        # pseudonymised; pruefen's findings are its data).
        assert f"{H40}.yaml" in erst.stderr


def test_pseudonym_in_den_feldern_von_pruefen(
    vp: Aufruf, ablage_fuer_pseudonyme: tuple[Path, list[str]]
) -> None:
    ablage, _ = ablage_fuer_pseudonyme
    ergebnis = vp("--ablage", ablage, "pruefen", *STICHTAG, "-f", "json", "--pseudonym")
    befunde = json.loads(ergebnis.stdout)["befunde"]
    assert befunde and all(PSEUDONYM.fullmatch(b["fall"]) for b in befunde)
    assert all(PSEUDONYM.fullmatch(b["datei"]) for b in befunde)
    # A readable case: its file has the pseudonym of its ID.
    assert any(b["fall"] == b["datei"] for b in befunde if b["code"] != "DA003")


def test_pseudonym_ist_je_fall_in_jedem_format_gleich(
    vp: Aufruf, ablage_fuer_pseudonyme: tuple[Path, list[str]]
) -> None:
    ablage, _ = ablage_fuer_pseudonyme
    csv = vp("--ablage", ablage, "liste", "-f", "csv", "--pseudonym").stdout
    zeilen = [z.split(";") for z in csv.splitlines()[1:]]
    assert all(fall == name for fall, name, *_ in zeilen) and len(zeilen) == DEMO_FAELLE
    faelle = {fall for fall, *_ in zeilen}
    ics = vp("--ablage", ablage, "faellig", *STICHTAG, "--alle", "-f", "ics", "--pseudonym")
    uids = re.findall(r"^UID:(Person-[A-Z2-7]{8})-", ics.stdout, re.MULTILINE)
    assert uids and set(uids) <= faelle
    entfaltet = re.sub(r"\r?\n ", "", ics.stdout)  # ICS folds long lines
    summaries = re.findall(r"^SUMMARY:.*", entfaltet, re.MULTILINE)
    assert all(s.count("Person-") == 1 for s in summaries)
    json_faelle = vp(
        "--ablage", ablage, "faellig", *STICHTAG, "--alle", "-f", "json", "--pseudonym"
    )
    assert {e["fall"] for e in json.loads(json_faelle.stdout)["eintraege"]} == set(uids)
