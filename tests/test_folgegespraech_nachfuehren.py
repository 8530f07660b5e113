"""A Folgegespräch's answers update the Vereinbarung in place (SPEC §16): a `vereinbarung`
answer that names only its items (and `ueberprueft`/`ausgehaendigt`) ticks or adds
Eigenbemühungen; the agreement is not replaced (no new datum, no vereinbarung_historie)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .conftest import Aufruf, dateistand

F1 = "911A100001"  # Eingliederungsvereinbarung of 01.10.2026, two Eigenbemühungen
VERMERK = {
    "vermerk": "Folgegespräch",
    "aktivitaeten": {"abgleich": "a", "ueberpruefung": "b", "bewerbungen": "c",
                     "naechste_schritte": "d"},
}  # fmt: skip


def _folge(vp: Aufruf, ablage: Path, tmp_path: Path, text: str) -> Any:
    datei = tmp_path / "antworten.yaml"
    datei.write_text(text, encoding="utf-8")
    return vp(
        "--ablage", ablage, "folgegespraech", F1, "--antworten", datei, "--datum", "2026-12-01"
    )  # fmt: skip


def _vereinbarung(ablage: Path) -> dict[str, Any]:
    fall = yaml.safe_load((ablage / "cases" / f"{F1}.yaml").read_text(encoding="utf-8"))
    return {"vereinbarung": fall["vereinbarung"], "historie": fall["vereinbarung_historie"]}


GESPRAECH = "gespraech: " + json.dumps(VERMERK) + "\n"


def test_abhaken_nach_nr_laesst_die_vereinbarung_stehen(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = _vereinbarung(demo)["vereinbarung"]
    e = _folge(
        vp, demo, tmp_path,
        "vereinbarung:\n  eigenbemuehungen:\n    - {nr: 2, erledigt: 2026-11-28}\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    nachher = _vereinbarung(demo)
    assert nachher["historie"] == []
    v = nachher["vereinbarung"]
    assert v["datum"] == date(2026, 10, 1)
    assert v["leistungen"] == vorher["leistungen"] and v["ausgehaendigt"] is True
    assert [(x["text"], x["erledigt"]) for x in v["eigenbemuehungen"]] == [
        ("Mindestens fünf Bewerbungen im Monat, Nachweis zum Monatsende", None),
        ("Theorieprüfung Führerschein ablegen", date(2026, 11, 28)),
    ]


def test_abhaken_einer_wiederkehrenden_und_neue_eigenbemuehung(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    e = _folge(
        vp, demo, tmp_path,
        "vereinbarung:\n  ueberprueft: 2026-12-01\n  eigenbemuehungen:\n"
        "    - {nr: 1, erledigt: 2026-11-28}\n"
        "    - {text: Bewerbungstraining besuchen, frist: 2027-01-31}\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    nachher = _vereinbarung(demo)
    assert nachher["historie"] == []
    v = nachher["vereinbarung"]
    assert v["datum"] == date(2026, 10, 1) and v["ueberprueft"] == date(2026, 12, 1)
    texte = [(x["text"], x.get("frist"), x.get("erledigt")) for x in v["eigenbemuehungen"]]
    bewerbungen = "Mindestens fünf Bewerbungen im Monat, Nachweis zum Monatsende"
    assert texte == [
        (bewerbungen, date(2026, 11, 30), date(2026, 11, 28)),
        ("Theorieprüfung Führerschein ablegen", date(2027, 1, 15), None),
        ("Bewerbungstraining besuchen", date(2027, 1, 31), None),
        (bewerbungen, date(2026, 12, 31), None),  # the recurring one's successor
    ]
    assert len(v["leistungen"]) == 2


def test_neue_eigenbemuehung_ohne_text_nennt_die_antwortdatei(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = dateistand(demo)
    e = _folge(
        vp, demo, tmp_path,
        "vereinbarung:\n  eigenbemuehungen:\n    - {nr: 7, erledigt: 2026-11-28}\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 2
    erste = e.stderr.splitlines()[0]
    assert erste.startswith(f"Fehler: {tmp_path / 'antworten.yaml'}:3: ")
    assert "vereinbarung.eigenbemuehungen[1].text: Pflichtangabe fehlt" in erste
    assert "cases/" not in e.stderr
    assert dateistand(demo) == vorher


def test_ersetzte_vereinbarung_kommt_in_die_historie(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    e = _folge(
        vp, demo, tmp_path,
        "vereinbarung:\n  leistungen: [Bewerbungskosten bis 260 EUR]\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    nachher = _vereinbarung(demo)
    assert [h["datum"] for h in nachher["historie"]] == [date(2026, 10, 1)]
    v = nachher["vereinbarung"]
    assert v["art"] == "eingliederungsvereinbarung"  # a replacement keeps the art
    assert v["datum"] == date(2026, 12, 1)
    assert v["leistungen"] == ["Bewerbungskosten bis 260 EUR"]


def test_geaenderte_pflicht_schliesst_die_vereinbarung_neu(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    e = _folge(
        vp, demo, tmp_path,
        "vereinbarung:\n  eigenbemuehungen:\n    - {nr: 2, frist: 2027-02-15}\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    nachher = _vereinbarung(demo)
    assert [h["datum"] for h in nachher["historie"]] == [date(2026, 10, 1)]
    v = nachher["vereinbarung"]
    assert v["datum"] == date(2026, 12, 1) and len(v["leistungen"]) == 2
    assert v["eigenbemuehungen"][1]["frist"] == date(2027, 2, 15)


def test_zwischenziel_und_aktivitaet_nach_nr(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    e = _folge(
        vp, demo, tmp_path,
        "ziel:\n  zwischenziele:\n    - {nr: 1, erreicht: 2026-11-28}\n"
        "strategien:\n  - code: vermittlung\n    aktivitaeten:\n"
        "      - {nr: 1, erledigt: 2026-11-30}\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    fall = yaml.safe_load((demo / "cases" / f"{F1}.yaml").read_text(encoding="utf-8"))
    assert fall["ziel"]["option"] == "beschaeftigung-lokal"
    assert "ziel_historie" not in fall or not fall["ziel_historie"]
    assert fall["ziel"]["zwischenziele"][0]["text"] == "Führerschein Klasse B bestanden"
    assert fall["ziel"]["zwischenziele"][0]["erreicht"] == date(2026, 11, 28)
    vermittlung = next(s for s in fall["strategien"] if s["code"] == "vermittlung")
    assert vermittlung["aktivitaeten"][0]["wer"] == "fachkraft"
    assert vermittlung["aktivitaeten"][0]["erledigt"] == date(2026, 11, 30)


def test_neue_aktivitaet_ohne_was_nennt_die_antwortdatei(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = dateistand(demo)
    e = _folge(
        vp, demo, tmp_path,
        "strategien:\n  - code: vermittlung\n    aktivitaeten:\n"
        "      - {wer: kunde, bis: 2026-12-20}\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 2
    assert e.stderr.startswith(
        f"Fehler: {tmp_path / 'antworten.yaml'}:4: Antwortdatei: "
        "strategien[1].aktivitaeten[1].was: Pflichtangabe fehlt"
    )
    assert dateistand(demo) == vorher


def test_vereinbarung_ohne_art_wo_keine_ist(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    datei = tmp_path / "antworten.yaml"
    datei.write_text(
        "vereinbarung:\n  eigenbemuehungen:\n    - {text: Bewerbungen schreiben}\n" + GESPRAECH,
        encoding="utf-8",
    )
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "folgegespraech", "911A100005", "--antworten", datei)
    assert e.exit_code == 2
    assert e.stderr.startswith(
        f"Fehler: {datei}:1: Antwortdatei: vereinbarung.art: Pflichtangabe fehlt "
        "(der Fall hat noch keine Vereinbarung)"
    )
    assert "cases/" not in e.stderr
    assert dateistand(demo) == vorher


def test_befunde_nach_dem_speichern_in_einzahl_und_sonst_still(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    e = _folge(
        vp, demo, tmp_path,
        "strategien:\n  - {code: mobilitaet-erhoehen, beendet: 2026-12-01}\n"
        "vereinbarung: {ausgehaendigt: false}\n" + GESPRAECH,
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert (
        "Befunde des gespeicherten Falls: 1 Fehler, 1 Warnung, 0 Hinweise "
        "(alle: vier-phasen pruefen 911A100001)"
    ) in e.stderr.splitlines()
    # the same words as pruefen's summary
    pruefen = vp("--ablage", demo, "pruefen", F1, "--stichtag", "2026-12-01")
    assert "1 Fehler, 1 Warnung, 0 Hinweise." in pruefen.stdout + pruefen.stderr


def test_ohne_befunde_nach_dem_speichern_nichts(vp: Aufruf, tmp_path: Path, demo: Path) -> None:
    e = _folge(vp, demo, tmp_path, GESPRAECH)
    assert e.exit_code == 0, e.stderr
    assert "Befunde" not in e.stderr


def test_schlichtung_festhalten_schreibt_die_vereinbarung_fort(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    """Recording that no Schlichtung (§ 15a SGB II) was asked for answers SC001 and is no new
    Kooperationsplan (its datum and content stay, no historie)."""
    fall_id = "911A100004"  # SGB II, Kooperationsplan without a Schlichtung answer
    vorher = vp(
        "--ablage", demo, "pruefen", fall_id, "--format", "json", "--stichtag", "2026-12-01"
    )
    assert "SC001" in vorher.stdout
    datei = tmp_path / "schlichtung.yaml"
    datei.write_text("vereinbarung:\n  schlichtung: {beantragt: null}\n" + GESPRAECH, "utf-8")
    e = vp(
        "--ablage", demo, "folgegespraech", fall_id, "--antworten", datei, "--datum", "2026-12-01"
    )
    assert e.exit_code == 0, e.stderr
    fall = yaml.safe_load((demo / "cases" / f"{fall_id}.yaml").read_text(encoding="utf-8"))
    assert fall["vereinbarung"]["schlichtung"] == {"beantragt": None}
    assert fall["vereinbarung"]["datum"] == date(2026, 6, 5)
    assert fall["vereinbarung_historie"] == []
    nachher = vp(
        "--ablage", demo, "pruefen", fall_id, "--format", "json", "--stichtag", "2026-12-01"
    )
    assert "SC001" not in nachher.stdout
    zeige = vp("--ablage", demo, "zeige", fall_id, env={"COLUMNS": "120"})
    assert "Schlichtung (§ 15a SGB II)  nicht verlangt" in zeige.stdout
