"""The Folgegespräch merges lists by identity (SPEC §10, §16): strategies end but stay,
Produkte are updated or added (with the three Leitfragen), and nothing left out is lost."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .assistenten import FOLGEGESPRAECH, LEER, folgegespraech
from .conftest import Aufruf, dateistand

F1 = "911A100001"  # SGB III, Führerschein product 02.11.2026–29.01.2027, next date 08.12.
F4 = "911A100004"  # SGB II, two strategies, next date 14.12.2026

VERMERK = {
    "vermerk": "Folgegespräch",
    "aktivitaeten": {"abgleich": "a", "ueberpruefung": "b", "bewerbungen": "c",
                     "naechste_schritte": "d"},
}  # fmt: skip


def _folge(
    vp: Aufruf, ablage: Path, tmp_path: Path, fall_id: str, antworten: dict[str, Any],
    datum: str = "2026-12-01",
) -> Any:  # fmt: skip
    datei = tmp_path / "antworten.json"
    datei.write_text(json.dumps(antworten, default=str), encoding="utf-8")
    return vp(
        "--ablage", ablage, "folgegespraech", fall_id, "--antworten", datei, "--datum", datum
    )  # fmt: skip


def _fall(ablage: Path, fall_id: str) -> dict[str, Any]:
    return yaml.safe_load((ablage / "cases" / f"{fall_id}.yaml").read_text(encoding="utf-8"))


def _befunde(vp: Aufruf, ablage: Path, fall_id: str) -> list[str]:
    daten = json.loads(vp("--ablage", ablage, "pruefen", fall_id, "--format", "json").stdout)
    return [b["code"] for b in daten["befunde"]]


def test_beendete_strategie_bleibt_mit_ihren_aktivitaeten(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    antworten = {
        "strategien": [{"code": "berufserfahrung-ermoeglichen", "beendet": "2026-12-01",
                        "beendigungsgrund": "Praktikum nicht zustande gekommen"}],
        "gespraech": VERMERK,
    }  # fmt: skip
    e = _folge(vp, demo, tmp_path, F4, antworten)
    assert e.exit_code == 0, e.stderr
    strategien = _fall(demo, F4)["strategien"]
    assert [s["code"] for s in strategien] == [
        "kinderbetreuung-schaffen", "berufserfahrung-ermoeglichen"
    ]  # fmt: skip
    beendet = strategien[1]
    assert beendet["beendet"] == date(2026, 12, 1)
    assert beendet["beendigungsgrund"] == "Praktikum nicht zustande gekommen"
    assert [a["was"] for a in beendet["aktivitaeten"]] == [
        "Praktikumsplatz (MAG) in einer Praxis anfragen"
    ]
    # its open activity is no longer due, and its need is open again (ST001)
    faellig = json.loads(vp("--ablage", demo, "faellig", "--alle", "--format", "json").stdout)
    texte = [x["text"] for x in faellig["eintraege"] if x["fall"] == F4]
    assert not any("Praktikumsplatz" in t for t in texte)
    assert "ST001" in _befunde(vp, demo, F4)
    # the Auskunft keeps it, marked as ended; the agreement does not list it
    auskunft = vp("--ablage", demo, "dokument", F4, "auskunft").stdout
    assert "**Berufserfahrung ermöglichen** – dabei geht es um: " in auskunft
    assert "(beendet am 01.12.2026)" in auskunft
    e = vp("--ablage", demo, "dokument", F4, "vereinbarung")
    assert e.exit_code == 1  # the need is open: a draft only
    assert "Der Kooperationsplan kann noch nicht erstellt werden" in e.stderr
    e = vp("--ablage", demo, "dokument", F4, "vereinbarung", "--entwurf")
    assert e.exit_code == 0, e.stderr
    vereinbarung = e.stdout
    assert "**Betreuungsverhältnisse für Kinder" in vereinbarung
    assert "**Berufserfahrung ermöglichen**" not in vereinbarung


def test_neue_strategie_laesst_die_bisherigen_stehen(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    antworten = {"strategien": [{"code": "vermittlung"}], "gespraech": VERMERK}
    assert _folge(vp, demo, tmp_path, F4, antworten).exit_code == 0
    codes = [s["code"] for s in _fall(demo, F4)["strategien"]]
    assert codes == ["kinderbetreuung-schaffen", "berufserfahrung-ermoeglichen", "vermittlung"]


def test_produkt_austritt_wird_gespeichert(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    produkt = {"bezeichnung": "Förderung Führerschein aus dem Vermittlungsbudget (§ 44 SGB III)",
               "beginn": "2026-11-02", "austritt": "2026-11-30", "abbruch": True}  # fmt: skip
    e = _folge(vp, demo, tmp_path, F1, {"produkte": [produkt], "gespraech": VERMERK})
    assert e.exit_code == 0, e.stderr
    (gespeichert,) = _fall(demo, F1)["produkte"]
    assert gespeichert["austritt"] == date(2026, 11, 30) and gespeichert["abbruch"] is True
    # the fields not named stay as they were
    assert gespeichert["leitfragen"] == {
        "passgenau": True, "erfolgswahrscheinlichkeit": True, "foerdervoraussetzungen": True
    }  # fmt: skip
    assert gespeichert["begruendung"].startswith("Führerschein ist bei drei Arbeitgebern")


def test_neues_produkt_braucht_drei_bejahte_leitfragen(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = dateistand(demo)
    neu = {"bezeichnung": "Bewerbungscoaching (§ 45 SGB III)", "beginn": "2026-12-07"}
    e = _folge(vp, demo, tmp_path, F1, {"produkte": [neu], "gespraech": VERMERK})
    assert e.exit_code == 2
    for code in ("passgenau", "erfolgswahrscheinlichkeit", "foerdervoraussetzungen"):
        assert f"fehlt: produkte.1.leitfragen.{code}" in e.stderr
    assert "fehlt: produkte.1.begruendung" in e.stderr
    nein = {**neu, "begruendung": "x",
            "leitfragen": {"passgenau": True, "erfolgswahrscheinlichkeit": False,
                           "foerdervoraussetzungen": True}}  # fmt: skip
    e = _folge(vp, demo, tmp_path, F1, {"produkte": [nein], "gespraech": VERMERK})
    assert e.exit_code == 2
    assert "produkte.1.leitfragen.erfolgswahrscheinlichkeit: Leitfrage verneint" in e.stderr
    assert dateistand(demo) == vorher
    ja = {**nein, "leitfragen": {**nein["leitfragen"], "erfolgswahrscheinlichkeit": True},
          "begruendung": "Zwei Absagen nach Vorstellungsgesprächen"}  # fmt: skip
    e = _folge(vp, demo, tmp_path, F1, {"produkte": [ja], "gespraech": VERMERK})
    assert e.exit_code == 0, e.stderr
    assert [p["bezeichnung"] for p in _fall(demo, F1)["produkte"]] == [
        "Förderung Führerschein aus dem Vermittlungsbudget (§ 44 SGB III)",
        "Bewerbungscoaching (§ 45 SGB III)",
    ]


def test_folgegespraech_zum_produkt_im_fenster_erledigt_das_absolventengespraech(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    def absolventen() -> list[str]:
        daten = json.loads(vp("--ablage", demo, "faellig", "--alle", "--format", "json").stdout)
        return [x["faellig_am"] for x in daten["eintraege"]
                if x["fall"] == F1 and x["art"] == "absolventengespraech"]  # fmt: skip

    assert absolventen() == ["2027-02-26"]
    gespraech = {
        **VERMERK,
        "produkt": "Förderung Führerschein aus dem Vermittlungsbudget (§ 44 SGB III)",
    }
    antworten = {"gespraech": gespraech, "termine": {"folgegespraech": "2027-02-20"}}
    e = _folge(vp, demo, tmp_path, F1, antworten, datum="2027-01-20")
    assert e.exit_code == 0, e.stderr
    assert _fall(demo, F1)["gespraeche"][-1]["produkt"].startswith("Förderung Führerschein")
    assert absolventen() == []


def test_unbekanntes_produkt_im_gespraech(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    e = _folge(vp, demo, tmp_path, F1, {"gespraech": {**VERMERK, "produkt": "Gibt es nicht"}})
    assert e.exit_code == 2
    assert "gespraech.produkt: Der Fall hat kein Produkt dieser Bezeichnung" in e.stderr


def test_geplanter_termin_bleibt_ohne_termine_in_den_antworten(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    assert _folge(vp, demo, tmp_path, F1, {"gespraech": VERMERK}).exit_code == 0
    assert _fall(demo, F1)["termine"]["folgegespraech"] == date(2026, 12, 8)
    # a scheduled date that is not after the conversation is no answer: it is missing
    e = _folge(vp, demo, tmp_path, F1, {"gespraech": VERMERK}, datum="2026-12-09")
    assert e.exit_code == 2 and "fehlt: termine.folgegespraech" in e.stderr


def test_abgewaehlte_strategie_im_terminal_wird_beendet(demo: Path) -> None:
    i = FOLGEGESPRAECH.index("Hortvertrag unterschreiben\r")
    tasten = [
        *FOLGEGESPRAECH[: i - 2],
        LEER + "\r",  # deselect the first, keep the second
        "Hortplatz gesichert\r",  # why it ends
        "\r",  # no further strategies
        "\r",  # no new activity for the running one
        *FOLGEGESPRAECH[i + 5 :],
        "\r",  # save
    ]
    pfad, terminal = folgegespraech(demo, F4, tasten, date(2026, 12, 14))
    assert pfad is not None and terminal.tasten == []
    erste, zweite = _fall(demo, F4)["strategien"]
    assert erste["beendet"] == date(2026, 12, 14)
    assert erste["beendigungsgrund"] == "Hortplatz gesichert"
    assert erste["aktivitaeten"][0]["was"].startswith("Anmeldung Hort")  # kept
    assert "beendet" not in zweite


def test_leitfragen_haben_keine_vorgabe() -> None:
    import pytest

    from vier_phasen_cli.wizard.fragen import Befrager
    from vier_phasen_cli.wizard.terminal import Terminal

    frage = "Besteht hohe Erfolgswahrscheinlichkeit?"
    b = Befrager({}, Terminal(tasten=["\r"], geduld=2.0), date(2026, 12, 1))
    with pytest.raises(EOFError):  # Enter alone is no answer: the prompt waits for j or n
        b.ja_nein("produkte.0.leitfragen.erfolgswahrscheinlichkeit", frage, vorgabe=None)
    b = Befrager(
        {}, Terminal(tasten=["\rn\r"], geduld=30.0), date(2026, 12, 1)
    )  # Enter refused, then n
    assert b.ja_nein("produkte.0.leitfragen.x", frage, vorgabe=None) is False
    ohne = Befrager({}, None, date(2026, 12, 1))
    ohne.ja_nein("produkte.0.leitfragen.x", frage, vorgabe=None)
    assert ohne.fehlend == ["produkte.0.leitfragen.x (Besteht hohe Erfolgswahrscheinlichkeit)"]


def test_erstgespraech_aus_datei_prueft_neue_produkte(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    antworten = yaml.safe_load((demo / "cases" / f"{F1}.yaml").read_text(encoding="utf-8"))
    neu = {k: antworten[k] for k in ("kunde", "rechtskreis", "fachkraft", "potenzialanalyse",
                                     "integrationsprognose", "unterstuetzungsbedarf", "ziel",
                                     "strategien", "vereinbarung", "termine")}  # fmt: skip
    neu["produkte"] = [{"bezeichnung": "Coaching", "beginn": "2026-12-01",
                        "leitfragen": {"passgenau": True}}]  # fmt: skip
    neu["gespraech"] = {"vermerk": "Erstgespräch"}
    datei = tmp_path / "a.json"
    datei.write_text(json.dumps(neu, default=str), encoding="utf-8")
    e = vp("--ablage", demo, "erstgespraech", "NEU-9", "--antworten", datei)
    assert e.exit_code == 2
    assert "fehlt: produkte.1.leitfragen.erfolgswahrscheinlichkeit" in e.stderr
    assert "fehlt: produkte.1.begruendung" in e.stderr
    assert not (demo / "cases" / "NEU-9.yaml").exists()


# --- replaced sections keep their history -------------------------------------------------


def test_zweites_erstgespraech_fragt_zuerst_und_verweist_aufs_folgegespraech(
    demo: Path,
) -> None:
    from .assistenten import ENTER, erstgespraech

    vorher = dateistand(demo)
    pfad, terminal = erstgespraech(demo, "911A100013", [ENTER])  # "Nein" is the default
    assert pfad is None and terminal.tasten == []
    text = "\n".join(terminal.ausgabe)
    assert "Nichts geändert. Den Fall fortschreiben: vier-phasen folgegespraech 911A100013" in text
    assert terminal.gefragt[0].startswith("Fall 911A100013 hat schon eine Potenzialanalyse vom ")
    assert dateistand(demo) == vorher  # no draft either


def test_zweites_erstgespraech_bewahrt_potenzialanalyse_und_ziel(demo: Path) -> None:
    from .assistenten import (
        ERSETZEN,
        GESPRAECH,
        POTENZIALANALYSE,
        SPEICHERN,
        STRATEGIEN,
        VEREINBARUNG,
        ZIEL,
        erstgespraech,
    )  # fmt: skip

    alt = _fall(demo, "911A100013")
    tasten = [*ERSETZEN, *POTENZIALANALYSE, *ZIEL, *STRATEGIEN, *VEREINBARUNG, *GESPRAECH]
    pfad, _ = erstgespraech(demo, "911A100013", [*tasten, *SPEICHERN])  # on 01.10.2026
    assert pfad is not None
    neu = _fall(demo, "911A100013")
    (pa,) = neu["potenzialanalyse_historie"]
    assert pa == {"datum": date(2026, 10, 1), "potenzialanalyse": alt["potenzialanalyse"]}
    if alt["ziel"]["option"] != neu["ziel"]["option"]:
        assert neu["ziel_historie"] == [{"datum": date(2026, 10, 1), "ziel": alt["ziel"]}]


def test_neue_zieloption_im_folgegespraech_kommt_in_die_historie(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    alt = _fall(demo, F1)["ziel"]
    ziel = {**alt, "option": "beschaeftigung-ueberregional"}
    e = _folge(vp, demo, tmp_path, F1, {"ziel": ziel, "gespraech": VERMERK})
    assert e.exit_code == 0, e.stderr
    fall = _fall(demo, F1)
    assert fall["ziel"]["option"] == "beschaeftigung-ueberregional"
    assert fall["ziel_historie"] == [{"datum": date(2026, 12, 1), "ziel": alt}]
    # the same option again (a changed description only): no new history entry
    ziel2 = {**fall["ziel"], "beschreibung": "Auch überregional, Umzug möglich"}
    assert _folge(vp, demo, tmp_path, F1, {"ziel": ziel2, "gespraech": VERMERK}).exit_code == 0
    assert len(_fall(demo, F1)["ziel_historie"]) == 1


def test_nachgeholte_potenzialanalyse_bewahrt_die_ausnahme(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    faelle = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
              for p in (demo / "cases").glob("*.yaml")}  # fmt: skip
    fall_id, fall = next(
        (k, v) for k, v in faelle.items()
        if v.get("status") == "aktiv" and (v.get("potenzialanalyse") or {}).get("ausnahme")
    )  # fmt: skip
    pa = {"datum": "2026-12-01", "zielberuf": "Lagerhelfer", "stellengesuch": True,
          "staerken": [{"art": "formale-qualifikation", "text": "Staplerschein"}],
          "handlungsbedarfe": []}  # fmt: skip
    antworten: dict[str, Any] = {
        "potenzialanalyse": pa, "integrationsprognose": "marktnah",
        "termine": {"folgegespraech": "2027-01-12"}, "gespraech": VERMERK,
    }  # fmt: skip
    if fall["rechtskreis"] == "SGB III":
        antworten["unterstuetzungsbedarf"] = "gering"
    e = _folge(vp, demo, tmp_path, fall_id, antworten)
    assert e.exit_code == 0, e.stderr
    neu = _fall(demo, fall_id)
    assert neu["potenzialanalyse"].get("ausnahme") is None
    (stand,) = neu["potenzialanalyse_historie"]
    assert stand["potenzialanalyse"]["ausnahme"] == fall["potenzialanalyse"]["ausnahme"]
    # the owed Potenzialanalyse is no longer due
    daten = json.loads(vp("--ablage", demo, "faellig", "--alle", "--format", "json").stdout)
    assert not [x for x in daten["eintraege"]
                if x["fall"] == fall_id and x["art"] == "potenzialanalyse-nachholen"]  # fmt: skip


def test_vermerk_haelt_fest_was_sich_aenderte(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    antworten = {
        "strategien": [{"code": "berufserfahrung-ermoeglichen", "beendet": "2026-12-01"}],
        "gespraech": VERMERK,
    }
    assert _folge(vp, demo, tmp_path, F4, antworten).exit_code == 0
    vermerk = _fall(demo, F4)["gespraeche"][-1]["vermerk"]
    assert (
        vermerk == "Folgegespräch\n\nFestgehalten:\nStrategie beendet: Berufserfahrung ermöglichen"
    )


def test_unbekannte_strategie_laesst_sich_nicht_beenden(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    vorher = dateistand(demo)
    antworten = {"strategien": [{"code": "berufserfahrung-ermoeglichen", "beendet": "2026-12-01"}],
                 "gespraech": VERMERK}  # fmt: skip
    e = _folge(vp, demo, tmp_path, F1, antworten)  # F1 has no such strategy
    assert e.exit_code == 2
    assert "strategien.1.code: Diese Strategie hat der Fall nicht" in e.stderr
    assert dateistand(demo) == vorher


def test_skript_sieht_die_befunde_nach_dem_speichern(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    antworten = {"strategien": [{"code": "mobilitaet-erhoehen", "beendet": "2026-12-01"}],
                 "gespraech": VERMERK}  # fmt: skip
    e = _folge(vp, demo, tmp_path, F1, antworten)
    assert e.exit_code == 0
    assert "Befunde des gespeicherten Falls: 1 Fehler" in e.stderr
    assert "ST001 fehler: Für den Handlungsbedarf „Örtliche Mobilität“" in e.stderr
    vermerk = _fall(demo, F1)["gespraeche"][-1]["vermerk"]
    assert "Strategie beendet: Mobilität erhöhen" in vermerk
