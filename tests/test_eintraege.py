"""Stable item numbers (``nr``) and recurring Eigenbemühungen (SPEC §10, §16)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from vier_phasen_cli.cli.befehl_gespraeche import _folgegespraech
from vier_phasen_cli.domain.eintraege import naechste_frist, wirksame_nummern
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import Terminal

from .assistenten import ENTER, HOCH
from .conftest import Aufruf

F1 = "911A100001"  # Eigenbemühung 1: five applications a month, monthly, due 30.11.2026


# --- numbers ---------------------------------------------------------------------------------


def test_ohne_nummern_zaehlt_die_position() -> None:
    assert wirksame_nummern([None, None, None]) == [1, 2, 3]


def test_gespeicherte_nummern_bleiben_und_luecken_werden_nicht_gefuellt() -> None:
    # item 2 was removed: the others keep their numbers, a new item gets 4, never 2
    assert wirksame_nummern([1, 3, None]) == [1, 3, 4]


def test_entfernte_nummern_werden_nicht_wieder_vergeben() -> None:
    assert wirksame_nummern([1, None], frueher=[2]) == [1, 3]


def test_doppelte_nummer_bekommt_eine_neue() -> None:
    assert wirksame_nummern([2, 2, None]) == [2, 3, 4]


@given(
    st.lists(st.one_of(st.none(), st.integers(1, 20)), max_size=12),
    st.sets(st.integers(1, 20), max_size=5),
)
def test_nummern_sind_eindeutig_und_stabil(
    gespeichert: list[int | None], frueher: set[int]
) -> None:
    nummern = wirksame_nummern(gespeichert, frueher)
    assert len(set(nummern)) == len(nummern) == len(gespeichert)
    gesehen: set[int] = set()
    for alt, neu in zip(gespeichert, nummern, strict=True):
        if alt is not None and alt not in gesehen:
            assert neu == alt  # a stored number is kept
        else:
            assert neu not in frueher and neu not in gespeichert  # never a number in use
        gesehen.add(neu)


# --- recurrence dates ------------------------------------------------------------------------


def test_monatlich_am_selben_tag_und_am_monatsende() -> None:
    assert naechste_frist(date(2026, 11, 15), "monatlich") == date(2026, 12, 15)
    assert naechste_frist(date(2027, 1, 31), "monatlich") == date(2027, 2, 28)
    # "Nachweis zum Monatsende" stays at the end of the month, without drifting
    assert naechste_frist(date(2027, 2, 28), "monatlich") == date(2027, 3, 31)
    assert naechste_frist(date(2026, 11, 30), "monatlich") == date(2026, 12, 31)


def test_woechentlich_sieben_tage() -> None:
    assert naechste_frist(date(2026, 12, 28), "woechentlich") == date(2027, 1, 4)


# --- through the Folgegespräch ---------------------------------------------------------------


def _folge(vp: Aufruf, ablage: Path, tmp_path: Path, vereinbarung: dict) -> None:
    antworten = {
        "vereinbarung": vereinbarung,
        "gespraech": {
            "vermerk": "Nachweis der Bewerbungen vorgelegt",
            "aktivitaeten": {
                "abgleich": "a", "ueberpruefung": "b", "bewerbungen": "c", "naechste_schritte": "d",
            },
        },
        "termine": {"folgegespraech": "2027-01-12"},
    }  # fmt: skip
    datei = tmp_path / "antworten.json"
    datei.write_text(json.dumps(antworten, default=str), encoding="utf-8")
    e = vp(
        "--ablage", ablage, "folgegespraech", F1, "--antworten", datei, "--datum", "2026-12-01"
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr


def _fall(ablage: Path) -> dict:
    return yaml.safe_load((ablage / "cases" / f"{F1}.yaml").read_text(encoding="utf-8"))


def test_abgehakte_wiederkehrende_eigenbemuehung_bringt_genau_eine_neue(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    v = _fall(demo)["vereinbarung"]
    v["eigenbemuehungen"][0]["erledigt"] = "2026-11-28"
    _folge(vp, demo, tmp_path, v)
    nachher = _fall(demo)["vereinbarung"]
    text = "Mindestens fünf Bewerbungen im Monat, Nachweis zum Monatsende"
    assert nachher["eigenbemuehungen"] == [
        {"nr": 1, "text": text, "frist": date(2026, 11, 30), "erledigt": date(2026, 11, 28),
         "wiederholung": "monatlich"},
        {"nr": 2, "text": "Theorieprüfung Führerschein ablegen", "frist": date(2027, 1, 15),
         "erledigt": None},
        {"nr": 3, "text": text, "frist": date(2026, 12, 31), "erledigt": None,
         "wiederholung": "monatlich"},
    ]  # fmt: skip
    # the comment on the ticked item stays (the item is updated in place, not rebuilt)
    text_datei = (demo / "cases" / f"{F1}.yaml").read_text(encoding="utf-8")
    assert "wiederholung: monatlich      # abgehakt, folgt die nächste" in text_datei
    # ticking is no new agreement (SPEC §16): no history entry for it
    assert _fall(demo)["vereinbarung_historie"] == []
    # the same answers again: the item was done already, nothing recurs a second time
    _folge(vp, demo, tmp_path, nachher)
    assert len(_fall(demo)["vereinbarung"]["eigenbemuehungen"]) == 3
    # the report shows the new deadline, not the old one
    e = json.loads(vp("--ablage", demo, "faellig", "--alle", "--format", "json").stdout)
    fristen = [
        x["faellig_am"] for x in e["eintraege"] if x["fall"] == F1 and x["art"] == "eigenbemuehung"
    ]
    assert fristen == ["2026-12-31", "2027-01-15"]


def test_nachfolger_schon_in_den_antworten_wird_nicht_verdoppelt(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    v = _fall(demo)["vereinbarung"]
    erste = v["eigenbemuehungen"][0]
    erste["erledigt"] = "2026-11-28"
    v["eigenbemuehungen"].append({**erste, "frist": "2026-12-31", "erledigt": None})
    _folge(vp, demo, tmp_path, v)
    offen = [e for e in _fall(demo)["vereinbarung"]["eigenbemuehungen"] if not e["erledigt"]]
    assert [(e["nr"], e["frist"]) for e in offen] == [
        (2, date(2027, 1, 15)), (3, date(2026, 12, 31))
    ]  # fmt: skip


def test_kalender_uid_bleibt_wenn_ein_frueherer_eintrag_wegfaellt(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    def uids() -> set[str]:
        ics = vp("--ablage", demo, "faellig", "--alle", "--format", "ics").stdout
        return {z for z in ics.splitlines() if z.startswith("UID:") and F1 in z}

    v = _fall(demo)["vereinbarung"]
    v["eigenbemuehungen"][1]["frist"] = "2027-01-29"  # the tool writes the list: numbers
    _folge(vp, demo, tmp_path, v)
    vorher = uids()
    assert f"UID:{F1}-eigenbemuehung-2-eigenbemuehung@vier-phasen" in vorher
    # the first one is removed by hand (a Folgegespräch never removes items, SPEC §16)
    datei = demo / "cases" / f"{F1}.yaml"
    text = datei.read_text(encoding="utf-8")
    anfang = text.index("    - nr: 1\n      text: Mindestens")
    ende = text.index("    - nr: 2\n")
    datei.write_text(text[:anfang] + text[ende:], encoding="utf-8")
    nachher = uids()
    assert f"UID:{F1}-eigenbemuehung-2-eigenbemuehung@vier-phasen" in nachher
    assert f"UID:{F1}-eigenbemuehung-1-eigenbemuehung@vier-phasen" not in nachher


def test_folgegespraech_nennt_die_naechste_frist_beim_abhaken(demo: Path) -> None:
    terminal = Terminal(tasten=[HOCH + ENTER])  # ticks the first Eigenbemühung, then ends
    a, k = oeffne_ablage(demo), lade_kataloge()
    assistent, _ = _folgegespraech(a, k, F1, "folgegespraech", terminal, {})
    with pytest.raises(EOFError):
        starte(assistent, a, k, F1, datum=date(2026, 12, 1), antworten={}, terminal=terminal)
    text = "\n".join(terminal.ausgabe)
    fliesstext = " ".join(text.replace("│", " ").split())
    assert "(bis 30.11.2026, monatlich)" in fliesstext  # the panel says it recurs
    assert "Wiederkehrend (monatlich): die nächste ist zum 31.12.2026 fällig." in text


def test_keine_nachfolgerin_jenseits_des_erlaubten_bereichs(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    datei = demo / "cases" / f"{F1}.yaml"
    datei.write_text(
        datei.read_text(encoding="utf-8").replace("frist: 2026-11-30", "frist: 2199-12-31"),
        encoding="utf-8",
    )
    v = _fall(demo)["vereinbarung"]
    v["eigenbemuehungen"][0]["erledigt"] = "2026-11-28"
    _folge(vp, demo, tmp_path, v)  # saved: the series ends with the last possible date
    assert len(_fall(demo)["vereinbarung"]["eigenbemuehungen"]) == 2
