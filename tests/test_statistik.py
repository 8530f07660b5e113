"""`vier-phasen statistik` (SPEC §13, §16) on a hand-built workspace where every number is
known, and rule KO001, which shares its "ohne Kontakt" test."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.kontakt import letzter_kontakt, ohne_kontakt
from vier_phasen_cli.render.tabelle import zellbreite
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

from .conftest import Aufruf

STICHTAG = "2026-06-30"  # 90 days before: 01.04.2026

GESPRAECH = {"art": "folgegespraech", "form": "persoenlich", "vermerk": "Gespräch"}


def _gespraeche(*tage: str) -> list[dict[str, Any]]:
    return [{"datum": t, **GESPRAECH} for t in tage]


def _pa(datum: str | None, bedarfe: list[dict[str, Any]] | None = None, **mehr: Any) -> Any:
    return {
        "datum": datum,
        "zielberuf": "Lagerist",
        "staerken": [{"art": "sonstige", "text": "zuverlässig"}],
        "handlungsbedarfe": bedarfe or [],
        **mehr,
    }


def _strategie(code: str, bedarf: str | None = None, beendet: str | None = None) -> Any:
    return {"code": code, "handlungsbedarf": bedarf, "aktivitaeten": [], "beendet": beendet}


FAELLE: dict[str, dict[str, Any]] = {
    # umsetzung; a need done and a strategy ended do not count; last contact exactly 90 days
    "A1": {
        "rechtskreis": "SGB III", "fachkraft": "M. Schmidt",
        "potenzialanalyse": _pa("2026-03-01", [
            {"code": "oertliche-mobilitaet"},
            {"code": "sprachkenntnisse", "erledigt": "2026-05-01"},
        ]),
        "integrationsprognose": "marktnah", "unterstuetzungsbedarf": "gering",
        "ziel": {"option": "beschaeftigung-lokal"},
        "strategien": [
            _strategie("mobilitaet-erhoehen", "oertliche-mobilitaet"),
            _strategie("vermittlung", beendet="2026-05-01"),
        ],
        "vereinbarung": {"art": "eingliederungsvereinbarung", "datum": "2026-03-04"},
        "gespraeche": _gespraeche("2026-03-01", "2026-04-01"),
    },
    # an Ausnahme: phase potenzialanalyse whatever else; 92 days without contact
    "A2": {
        "rechtskreis": "SGB III", "fachkraft": "m. schmidt",
        "potenzialanalyse": _pa(
            "2026-03-30", ausnahme={"grund": "ende-absehbar", "bis": "2026-08-01"}
        ),
        "integrationsprognose": "zuordnung-nicht-erforderlich",
        "ziel": {"option": "beschaeftigung-lokal"},
        "strategien": [_strategie("vermittlung")],
        "gespraeche": _gespraeche("2026-03-30"),
    },
    # phase ziel; no conversation: neither without contact nor in the median
    "A3": {
        "rechtskreis": "SGB II", "fachkraft": "T. Albers",
        "potenzialanalyse": _pa("2026-06-01", [
            {"code": "oertliche-mobilitaet"}, {"code": "wohnsituation"},
        ]),
        "integrationsprognose": "nicht-marktnah",
    },
    # phase strategie (its only strategy ended); review overdue; a conversation after the
    # Stichtag does not count
    "A4": {
        "rechtskreis": "SGB II", "fachkraft": "T. Albers",
        "potenzialanalyse": _pa("2025-11-20"),
        "integrationsprognose": "nicht-marktnah",
        "ziel": {"option": "beschaeftigung-ueberregional"},
        "strategien": [_strategie("wohnsituation-stabilisieren", beendet="2026-02-01")],
        "vereinbarung": {"art": "kooperationsplan", "datum": "2025-12-01"},
        "gespraeche": _gespraeche("2025-11-20", "2026-06-29", "2026-07-10"),
    },
    # nothing yet; T. Albers stands in for M. Schmidt until 15.07.2026
    "A5": {
        "rechtskreis": "SGB III", "fachkraft": "M. Schmidt",
        "vertretung": {"fachkraft": "T. Albers", "ab": "2026-06-01", "bis": "2026-07-15"},
    },
    "C1": {
        "status": "abgeschlossen", "rechtskreis": "SGB III", "fachkraft": "M. Schmidt",
        "integrationsprognose": "marktnah",
        "abschluss": {"datum": "2026-05-01", "grund": "arbeitsaufnahme"},
    },
    "C2": {
        "status": "abgeschlossen", "rechtskreis": "SGB II", "fachkraft": "T. Albers",
        "abschluss": {"datum": "2026-05-02", "grund": "arbeitsaufnahme"},
    },
}  # fmt: skip


@pytest.fixture
def ablage(tmp_path: Path) -> Path:
    import yaml

    wurzel = tmp_path / "ablage"
    (wurzel / "cases").mkdir(parents=True)
    for fall_id, felder in FAELLE.items():
        daten = {"format": 1, "id": fall_id, "kunde": {"name": f"Kunde {fall_id}"}, **felder}
        text = yaml.safe_dump(daten, allow_unicode=True, sort_keys=False)
        (wurzel / "cases" / f"{fall_id}.yaml").write_text(text, encoding="utf-8")
    return wurzel


@pytest.fixture(scope="module")
def kataloge() -> Kataloge:
    return lade_kataloge(None)


def _null(kataloge: Kataloge, katalog: str, **zahlen: int) -> dict[str, int]:
    codes = {c.replace("-", "_"): c for c in kataloge[katalog].codes()}
    ergebnis = dict.fromkeys(kataloge[katalog].codes(), 0)
    for name, n in zahlen.items():
        ergebnis[codes[name]] = n
    return ergebnis


def _json(vp: Aufruf, ablage: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, "-f", "json", *args)
    return e.exit_code, json.loads(e.stdout), e.stderr


def test_jede_zahl_stimmt(vp: Aufruf, ablage: Path, kataloge: Kataloge) -> None:
    status, daten, fehler = _json(vp, ablage)
    assert (status, fehler) == (0, "")
    mit_fehlern = _faelle_mit_fehlern(vp, ablage)
    assert daten == {
        "stichtag": STICHTAG,
        "faelle": {"aktiv": 5, "abgeschlossen": 2},
        "gruppen": {
            "rechtskreis": {"SGB II": 2, "SGB III": 3},
            # one Fachkraft however she is spelt, under the spelling most cases use
            "fachkraft": {"M. Schmidt": 3, "T. Albers": 2},
            "phase": {"potenzialanalyse": 2, "ziel": 1, "strategie": 1, "umsetzung": 1},
            "integrationsprognose": _null(
                kataloge, "integrationsprognosen", marktnah=1, nicht_marktnah=2,
                zuordnung_nicht_erforderlich=1,
            ),
            "zieloption": _null(
                kataloge, "zieloptionen", beschaeftigung_lokal=2, beschaeftigung_ueberregional=1
            ),
            "handlungsbedarf": _null(
                kataloge, "handlungsbedarfe", oertliche_mobilitaet=2, wohnsituation=1
            ),
            "handlungsstrategie": _null(
                kataloge, "handlungsstrategien", mobilitaet_erhoehen=1, vermittlung=1
            ),
            "abschlussgrund": _null(kataloge, "abschlussgruende", arbeitsaufnahme=2),
        },
        "prozess": {
            "ohne_vereinbarung": 3,
            "ueberpruefung_ueberfaellig": 1,
            "ueberfaellig": 2,  # A3: Kooperationsplan since 01.06.; A4: the review
            "ohne_kontakt": 1,
            "mit_fehlern": mit_fehlern,
        },
        # A1: 3 days, A4: 11 days; last contacts 90, 92 and 1 days ago
        "dauer_tage": {"bis_vereinbarung_median": 7, "seit_letztem_kontakt_median": 90},
    }  # fmt: skip
    assert mit_fehlern > 0


def _faelle_mit_fehlern(vp: Aufruf, ablage: Path) -> int:
    e = vp("--ablage", ablage, "pruefen", "--stichtag", STICHTAG, "-f", "json")
    befunde = json.loads(e.stdout)["befunde"]
    aktiv = {f for f, d in FAELLE.items() if d.get("status") != "abgeschlossen"}
    return len({b["fall"] for b in befunde if b["schwere"] == "fehler" and b["fall"] in aktiv})


def test_gleich_aus_dem_cache_und_ohne(vp: Aufruf, ablage: Path) -> None:
    _, erst, _ = _json(vp, ablage)
    _, warm, _ = _json(vp, ablage)
    _, ohne, _ = _json(vp, ablage, "--ohne-cache")
    assert erst == warm == ohne


def test_kontakt_tage_aus_der_ablage(vp: Aufruf, ablage: Path) -> None:
    _json(vp, ablage)  # fills the cache with the default
    (ablage / "vier-phasen.toml").write_text("[pruefen]\nkontakt_tage = 89\n", encoding="utf-8")
    _, daten, _ = _json(vp, ablage)
    assert daten["prozess"]["ohne_kontakt"] == 2  # A1 (90 days) now too
    e = vp("--ablage", ablage, "pruefen", "A1", "--stichtag", STICHTAG, "--auswahl", "KO")
    assert "KO001 warnung: Seit dem letzten Gespräch am 01.04.2026 sind mehr als 89" in e.stdout
    (ablage / "vier-phasen.toml").write_text("[pruefen]\nkontakt_tage = 0\n", encoding="utf-8")
    e = vp("--ablage", ablage, "statistik")
    assert e.exit_code == 2 and "kontakt_tage muss eine ganze Zahl" in e.stderr


def test_filter_gelten_fuer_jede_zahl(vp: Aufruf, ablage: Path) -> None:
    _, daten, _ = _json(vp, ablage, "--rechtskreis", "sgb2")
    assert daten["faelle"] == {"aktiv": 2, "abgeschlossen": 1}
    assert daten["gruppen"]["rechtskreis"] == {"SGB II": 2, "SGB III": 0}
    assert daten["gruppen"]["fachkraft"] == {"T. Albers": 2}
    assert daten["gruppen"]["abschlussgrund"]["arbeitsaufnahme"] == 1
    assert daten["prozess"]["ohne_vereinbarung"] == 1
    assert daten["dauer_tage"] == {"bis_vereinbarung_median": 11, "seit_letztem_kontakt_median": 1}


def test_fachkraft_mit_vertretung_am_stichtag(vp: Aufruf, ablage: Path) -> None:
    _, daten, _ = _json(vp, ablage, "--fachkraft", "t. albers")
    assert daten["faelle"] == {"aktiv": 3, "abgeschlossen": 1}
    assert daten["gruppen"]["fachkraft"] == {"M. Schmidt": 1, "T. Albers": 2}  # A5: Vertretung
    e = vp("--ablage", ablage, "statistik", "--stichtag", "2026-07-16", "-f", "json",
           "--fachkraft", "T. Albers")  # fmt: skip
    assert json.loads(e.stdout)["faelle"] == {"aktiv": 2, "abgeschlossen": 1}


def test_leere_auswahl_hat_jeden_code_mit_null(vp: Aufruf, ablage: Path) -> None:
    _, daten, _ = _json(vp, ablage, "--fachkraft", "Niemand")
    assert daten["faelle"] == {"aktiv": 0, "abgeschlossen": 0}
    assert daten["gruppen"]["fachkraft"] == {}
    assert set(daten["gruppen"]["phase"].values()) == {0}
    assert len(daten["gruppen"]["handlungsstrategie"]) == 30  # every code of Anlage 3
    assert daten["dauer_tage"] == {"bis_vereinbarung_median": None,
                                   "seit_letztem_kontakt_median": None}  # fmt: skip


def test_geheimhaltung_nur_in_den_gruppen(vp: Aufruf, ablage: Path) -> None:
    _, daten, _ = _json(vp, ablage, "--geheimhaltung", "3")
    gruppen = daten["gruppen"]
    assert gruppen["rechtskreis"] == {"SGB II": None, "SGB III": 3}
    assert gruppen["phase"] == {"potenzialanalyse": None, "ziel": None, "strategie": None,
                                "umsetzung": None}  # fmt: skip
    assert gruppen["zieloption"]["duales-studium"] == 0  # 0 says nothing about anyone
    assert daten["faelle"] == {"aktiv": 5, "abgeschlossen": 2}
    assert daten["prozess"]["ueberfaellig"] == 2
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, "--geheimhaltung", "3")
    zeilen = e.stdout.splitlines()
    assert "Geheimhaltung: Anzahlen von 1 bis 2 erscheinen als „<3“." in zeilen
    assert [z.split() for z in zeilen if z.startswith("SGB")] == [
        ["SGB", "II", "<3"], ["SGB", "III", "3", "60", "%", "█" * 20],
    ]  # fmt: skip
    for wert in ("0", "-1", "x"):
        e = vp("--ablage", ablage, "statistik", "--geheimhaltung", wert)
        assert e.exit_code == 2 and e.stdout == ""


def test_kaputte_datei_wird_gemeldet_und_nicht_gezaehlt(vp: Aufruf, ablage: Path) -> None:
    _, vorher, _ = _json(vp, ablage)
    (ablage / "cases" / "kaputt.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    status, daten, fehler = _json(vp, ablage)
    assert status == 2
    assert daten == vorher
    assert "cases/kaputt.yaml" in fehler
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, "-f", "markdown")
    assert e.exit_code == 2 and "## Nicht lesbare Falldateien" in e.stdout


def test_tabelle_in_80_spalten_ohne_abgeschnittene_bezeichnungen(
    vp: Aufruf, ablage: Path, kataloge: Kataloge
) -> None:
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, env={"COLUMNS": "80"})
    assert e.exit_code == 0 and e.stderr == ""
    zeilen = e.stdout.splitlines()
    assert zeilen[0] == "Statistik zum 30.06.2026: 5 aktive Fälle, 2 abgeschlossene."
    assert all(zellbreite(z) <= 80 for z in zeilen)
    woerter = set(e.stdout.split())
    for katalog in ("zieloptionen", "handlungsbedarfe", "handlungsstrategien"):
        for eintrag in kataloge[katalog]:
            assert set(eintrag.bezeichnung.split()) <= woerter, eintrag.bezeichnung
    phase = zeilen.index(next(z for z in zeilen if z.startswith("Phase")))
    assert zeilen[phase : phase + 6] == [
        "Phase                      Fälle  Anteil",
        "─" * 62,
        "1 Potenzialanalyse             2    40 %  ████████████████████",
        "2 Ziel festlegen               1    20 %  ██████████",
        "3 Strategie(n) auswählen       1    20 %  ██████████",
        "4 Umsetzen und Nachhalten      1    20 %  ██████████",
    ]
    assert zeilen[-2:] == [
        "Tage vom ersten Kontakt bis zur Vereinbarung (Median): 7",
        "Tage seit dem letzten Gespräch (Median): 90",
    ]
    assert "ohne Gespräch seit mehr als 90 Tagen         1    20 %  █████" in zeilen


@pytest.mark.parametrize("breite", [40, 50])
def test_schmale_tabelle_laesst_den_woertern_den_platz(
    vp: Aufruf, ablage: Path, kataloge: Kataloge, breite: int
) -> None:
    """In a narrow terminal the bars shrink (or go) before a Bezeichnung's word is folded."""
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, env={"COLUMNS": str(breite)})
    zeilen = e.stdout.splitlines()
    assert all(zellbreite(z) <= breite for z in zeilen)

    # a compound may break after its hyphen ("Mini-" / "Jobs,"): its parts count as words
    def teile(text: str) -> list[str]:
        return re.sub(r"(?<=[^\W\d_]-)(?=[^\W\d_])", " ", text).split()

    woerter = set(teile(e.stdout))
    assert {"Potenzialanalyse", "Integrationsprognose", "hilfebedürftig"} <= woerter
    for katalog in ("zieloptionen", "handlungsbedarfe"):
        for eintrag in kataloge[katalog]:
            # the few longer than the room a label has beside its numbers are folded
            ganz = {w for w in teile(eintrag.bezeichnung) if len(w) <= breite - 15}
            assert ganz <= woerter, eintrag.bezeichnung
    assert any("█" in z for z in zeilen)  # the scale is still there where it has room


def test_csv_eine_zeile_je_gruppe_und_code(vp: Aufruf, ablage: Path, kataloge: Kataloge) -> None:
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, "-f", "csv",
           "--geheimhaltung", "3")  # fmt: skip
    zeilen = list(csv.reader(io.StringIO(e.stdout.lstrip("\ufeff")), delimiter=";"))
    assert zeilen[0] == ["gruppe", "code", "bezeichnung", "anzahl"]
    assert zeilen[1:3] == [["faelle", "aktiv", "aktive Fälle", "5"],
                           ["faelle", "abgeschlossen", "abgeschlossene Fälle", "2"]]  # fmt: skip
    assert ["rechtskreis", "SGB II", "SGB II", "<3"] in zeilen
    assert ["zieloption", "duales-studium", "Aufnahme eines dualen Studiums", "0"] in zeilen
    assert ["prozess", "ueberfaellig", "mit überfälliger Frist", "2"] in zeilen
    assert zeilen[-1][:2] == ["dauer_tage", "seit_letztem_kontakt_median"]
    anzahl = sum(len(kataloge[k].codes()) for k in ("integrationsprognosen", "zieloptionen",
                 "handlungsbedarfe", "handlungsstrategien", "abschlussgruende"))  # fmt: skip
    assert len(zeilen) == 1 + 2 + 2 + 2 + 4 + anzahl + 5 + 2


def test_markdown_aus_der_vorlage(vp: Aufruf, ablage: Path, tmp_path: Path) -> None:
    ziel = tmp_path / "statistik.md"
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, "-f", "markdown", "-o", ziel)
    assert e.exit_code == 0
    text = ziel.read_text(encoding="utf-8")
    assert text.startswith("# Statistik zum 30.06.2026\n")
    assert text.count("Statistik zum") == 1  # the title once, not again in the next line
    assert "\n5 aktive Fälle, 2 abgeschlossene.\n" in text
    assert "| 1 Potenzialanalyse | 2 | 40 % |" in text
    assert "| Örtliche Mobilität | 2 | 40 % |" in text
    assert "- Tage seit dem letzten Gespräch (Median): 90" in text


def test_feindliche_namen_bleiben_harmlos(vp: Aufruf, ablage: Path) -> None:
    pfad = ablage / "cases" / "A3.yaml"
    pfad.write_text(
        pfad.read_text(encoding="utf-8").replace("T. Albers", '"=1+1 \\e[31mRot"'),
        encoding="utf-8",
    )
    tabelle = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG).stdout
    assert "\x1b" not in tabelle and "=1+1 \\x1b[31mRot" in tabelle
    e = vp("--ablage", ablage, "statistik", "--stichtag", STICHTAG, "-f", "csv")
    assert "'=1+1 \\x1b[31mRot" in e.stdout


# --- the one test of KO001 and ohne_kontakt ------------------------------------------------


@pytest.mark.parametrize(
    ("gespraeche", "stichtag", "ohne"),
    [
        ([date(2026, 4, 1)], date(2026, 6, 30), False),  # exactly 90 days
        ([date(2026, 3, 31)], date(2026, 6, 30), True),  # one more
        ([], date(2026, 6, 30), False),  # no conversation: not begun, not "without contact"
        ([date(2026, 3, 1), date(2026, 7, 1)], date(2026, 6, 30), True),  # a later one waits
    ],
)
def test_ohne_kontakt(gespraeche: list[date], stichtag: date, ohne: bool) -> None:
    assert ohne_kontakt(letzter_kontakt(gespraeche, stichtag), stichtag, 90) is ohne
