"""SPEC §15: a wizard interrupted at any prompt keeps every answer given so far as its draft;
resuming continues at the first unanswered question and keeps the draft's conversation date.

In-process, keystrokes through prompt_toolkit pipe inputs; Ctrl-C is the real keystroke.
"""

from __future__ import annotations

import shutil
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from vier_phasen_cli.wizard.terminal import Terminal

from . import assistenten as a
from .assistenten import entwurf_eingaben

STRG_C = "\x03"
FOLGE_ID, FOLGE_TAG = "911A100004", date(2026, 12, 14)
NACH_SECHS = 6
"""The Folgegespräch's first six answers end inside activity 2 (the Überprüfung)."""

# Erstgespräch with three Stärken; the interruption comes at the third one's text.
POTENZIALANALYSE_3 = [
    *a.POTENZIALANALYSE[:6],  # no Ausnahme, Zielberuf, Stellengesuch, BBiE, Stärke 1
    a.RUNTER * 4 + a.ENTER, "Hilfsbereit im Team\r",  # Stärke 2: Soziale Kompetenz
    a.RUNTER + a.ENTER, "Arbeitet sehr genau\r",  # Stärke 3
    *a.POTENZIALANALYSE[6:],  # Fertig, Handlungsbedarf, Prognose
]  # fmt: skip
ERSTGESPRAECH_3 = [
    *a.STAMMDATEN,
    *POTENZIALANALYSE_3,
    *a.ERSTGESPRAECH[len(a.STAMMDATEN) + len(a.POTENZIALANALYSE) :],
]
BIS_ZUR_DRITTEN_STAERKE = len(a.STAMMDATEN) + 9


def _kopie(ablage: Path, ziel: Path) -> Path:
    shutil.copytree(ablage, ziel)
    return ziel


def _fall(ablage: Path, fall_id: str) -> dict[str, Any]:
    daten: dict[str, Any] = yaml.safe_load(
        (ablage / "cases" / f"{fall_id}.yaml").read_text(encoding="utf-8")
    )
    return daten


def _gleich(ablage: Path, ununterbrochen: Path, fall_id: str) -> bool:
    """The case file of the interrupted and resumed run equals the uninterrupted run's."""
    datei = Path("cases") / f"{fall_id}.yaml"
    return (ablage / datei).read_bytes() == (ununterbrochen / datei).read_bytes()


def _gezeigt(terminal: Terminal) -> str:
    """What the wizard showed, its lines joined (the terminal wraps at 100 columns)."""
    return " ".join(" ".join(terminal.ausgabe).split())


def _modus(pfad: Path) -> int:
    return stat.S_IMODE(pfad.stat().st_mode)


def test_strg_c_mitten_im_folgegespraech_behaelt_jede_antwort(demo: Path, tmp_path: Path) -> None:
    ununterbrochen = _kopie(demo, tmp_path / "ununterbrochen")
    _, ganz = a.folgegespraech(ununterbrochen, FOLGE_ID, a.FOLGEGESPRAECH + a.SPEICHERN, FOLGE_TAG)
    datei = demo / "cases" / f"{FOLGE_ID}.yaml"
    vorher = datei.read_bytes()

    with pytest.raises(KeyboardInterrupt):
        a.folgegespraech(demo, FOLGE_ID, [*a.FOLGEGESPRAECH[:NACH_SECHS], STRG_C], FOLGE_TAG)
    assert datei.read_bytes() == vorher
    assert entwurf_eingaben(demo, f"{FOLGE_ID}.folgegespraech") == [
        ("folge.eigenbemuehung.0", True),
        ("folge.aktivitaet.1.0", False),
        ("gespraech.aktivitaeten.abgleich", "Bewerbungen erbracht, Praktikum in Aussicht"),
        ("folge.bedarf.0", False),
        ("folge.bedarf.1", False),
        ("folge.neue_bedarfe_codes", []),
    ]
    intern = demo / ".vier-phasen"
    entwurf = intern / "entwuerfe" / f"{FOLGE_ID}.folgegespraech.yaml"
    assert (_modus(intern), _modus(entwurf.parent), _modus(entwurf)) == (0o700, 0o700, 0o600)
    assert entwurf.read_text(encoding="utf-8").startswith("datum: 2026-12-14\n")

    # Resumed: nothing answered is asked again; the run goes on at the Zwischenziel.
    _, terminal = a.folgegespraech(
        demo, FOLGE_ID, [a.ENTER, *a.FOLGEGESPRAECH[NACH_SECHS:], *a.SPEICHERN], FOLGE_TAG
    )
    assert terminal.tasten == []
    assert terminal.gefragt[0].startswith(
        "Für Fall 911A100004 gibt es einen Entwurf eines Folgegesprächs, für das Gespräch am "
        "14.12.2026 (6 Antworten). Fortsetzen?"
    )
    assert terminal.gefragt[1:] == ganz.gefragt[NACH_SECHS:]
    assert "Falldatei wurde seit dem Entwurf geändert" not in _gezeigt(terminal)
    assert _gleich(demo, ununterbrochen, FOLGE_ID)
    assert not entwurf.exists()


def test_strg_c_nach_zwei_von_drei_staerken(demo: Path, tmp_path: Path) -> None:
    ununterbrochen = _kopie(demo, tmp_path / "ununterbrochen")
    a.erstgespraech(ununterbrochen, "NEU-1", ERSTGESPRAECH_3 + a.SPEICHERN)
    assert [s["text"] for s in _fall(ununterbrochen, "NEU-1")["potenzialanalyse"]["staerken"]] == [
        "Ausbildung als Verkäuferin", "Hilfsbereit im Team", "Arbeitet sehr genau",
    ]  # fmt: skip

    tasten = [*ERSTGESPRAECH_3[:BIS_ZUR_DRITTEN_STAERKE], STRG_C]
    with pytest.raises(KeyboardInterrupt):
        a.erstgespraech(demo, "NEU-1", tasten)
    assert not (demo / "cases" / "NEU-1.yaml").exists()
    assert entwurf_eingaben(demo, "NEU-1.erstgespraech") == [
        ("kunde.name", "Erika Beispiel"),
        ("kunde.geburtsdatum", None),
        ("rechtskreis", "SGB III"),
        ("fachkraft", "M. Schmidt"),
        ("reha", False),
        ("ausbildungsvermittlung", False),
        ("arbeitslos_seit", date(2026, 9, 1)),
        ("potenzialanalyse.ausnahme.grund", None),
        ("potenzialanalyse.zielberuf", "Fachkraft für Lagerlogistik"),
        ("potenzialanalyse.stellengesuch", True),
        ("potenzialanalyse.bbie", False),
        ("potenzialanalyse.staerken.0.art", "formale-qualifikation"),
        ("potenzialanalyse.staerken.0.text", "Ausbildung als Verkäuferin"),
        ("potenzialanalyse.staerken.1.art", "soziale-kompetenz"),
        ("potenzialanalyse.staerken.1.text", "Hilfsbereit im Team"),
        ("potenzialanalyse.staerken.2.art", "non-formale-qualifikation"),
    ]

    rest = ERSTGESPRAECH_3[BIS_ZUR_DRITTEN_STAERKE:]
    _, terminal = a.erstgespraech(demo, "NEU-1", [a.ENTER, *rest, *a.SPEICHERN])
    assert terminal.tasten == []
    assert terminal.gefragt[1] == "Stärke: was genau?"  # the third Stärke's text
    assert _gleich(demo, ununterbrochen, "NEU-1")


def test_strg_c_beim_ueberarbeiten_einer_phase(demo: Path, tmp_path: Path) -> None:
    ueberarbeiten = [a.RUNTER * 3 + a.ENTER]  # "Überarbeiten: Phase 2 · Ziel"
    neues_ziel = [a.ENTER, "\x15Teilzeit in der Lagerlogistik\r", "\x15\r"]
    ununterbrochen = _kopie(demo, tmp_path / "ununterbrochen")
    a.erstgespraech(
        ununterbrochen, "NEU-1", a.ERSTGESPRAECH + ueberarbeiten + neues_ziel + a.SPEICHERN
    )

    with pytest.raises(KeyboardInterrupt):
        a.erstgespraech(demo, "NEU-1", [*a.ERSTGESPRAECH, *ueberarbeiten, *neues_ziel[:2], STRG_C])
    eingaben = entwurf_eingaben(demo, "NEU-1.erstgespraech")
    assert ("abschluss", "ziel") in eingaben  # the choice to revise is kept …
    assert eingaben[-1] == ("ziel.beschreibung", "Teilzeit in der Lagerlogistik")  # … and after it

    _, terminal = a.erstgespraech(demo, "NEU-1", [a.ENTER, neues_ziel[2], *a.SPEICHERN])
    assert terminal.tasten == []
    assert _gleich(demo, ununterbrochen, "NEU-1")


BIS_INS_ZIEL = len(a.STAMMDATEN) + len(a.POTENZIALANALYSE) + 2


def test_fortsetzen_am_naechsten_tag_behaelt_das_datum_des_entwurfs(
    demo: Path, tmp_path: Path
) -> None:
    ununterbrochen = _kopie(demo, tmp_path / "ununterbrochen")
    a.erstgespraech(ununterbrochen, "NEU-1", a.ERSTGESPRAECH + a.SPEICHERN)  # --datum 01.10.2026

    # Started on 01.10.2026 without --datum, interrupted in phase 2, resumed a day later.
    tasten = [*a.ERSTGESPRAECH[:BIS_INS_ZIEL], STRG_C]
    with pytest.raises(KeyboardInterrupt):
        a.erstgespraech(demo, "NEU-1", tasten, datum=None, heute=date(2026, 10, 1))
    rest = [a.ENTER, *a.ERSTGESPRAECH[BIS_INS_ZIEL:], *a.SPEICHERN]
    _, terminal = a.erstgespraech(demo, "NEU-1", rest, datum=None, heute=date(2026, 10, 2))
    assert terminal.tasten == []
    assert (
        "Das Gespräch bleibt auf den 01.10.2026 datiert, den Tag des Entwurfs "
        "(ein anderer Tag: --datum)."
    ) in _gezeigt(terminal)
    fall = _fall(demo, "NEU-1")
    assert fall["potenzialanalyse"]["datum"] == date(2026, 10, 1)
    assert fall["vereinbarung"]["datum"] == date(2026, 10, 1)
    assert fall["gespraeche"][-1]["datum"] == date(2026, 10, 1)
    assert _gleich(demo, ununterbrochen, "NEU-1")


def test_fortsetzen_mit_anderem_datum_gilt_das_angegebene(demo: Path, tmp_path: Path) -> None:
    spaeter = date(2026, 10, 2)
    ununterbrochen = _kopie(demo, tmp_path / "ununterbrochen")
    a.erstgespraech(ununterbrochen, "NEU-1", a.ERSTGESPRAECH + a.SPEICHERN, datum=spaeter)

    with pytest.raises(KeyboardInterrupt):
        a.erstgespraech(demo, "NEU-1", [*a.ERSTGESPRAECH[:BIS_INS_ZIEL], STRG_C])  # 01.10.2026
    rest = [a.ENTER, *a.ERSTGESPRAECH[BIS_INS_ZIEL:], *a.SPEICHERN]
    _, terminal = a.erstgespraech(demo, "NEU-1", rest, datum=spaeter)
    assert terminal.tasten == []
    assert (
        "Der Entwurf ist vom 01.10.2026; das Gespräch wird wie mit --datum angegeben auf den "
        "02.10.2026 datiert. Datumsangaben vor diesem Tag werden neu erfragt."
    ) in _gezeigt(terminal)
    fall = _fall(demo, "NEU-1")
    assert (fall["potenzialanalyse"]["datum"], fall["gespraeche"][-1]["datum"]) == (
        spaeter,
        spaeter,
    )
    assert _gleich(demo, ununterbrochen, "NEU-1")


def test_daten_vor_dem_neuen_gespraechsdatum_werden_neu_erfragt(demo: Path) -> None:
    # Interrupted after the next Folgegespräch's date, resumed with a later --datum: the
    # activity due 15.01.2027 and the appointment on 19.01.2027 now lie before it.
    bis_termin = len(a.FOLGEGESPRAECH) - 3
    with pytest.raises(KeyboardInterrupt):
        a.folgegespraech(demo, FOLGE_ID, [*a.FOLGEGESPRAECH[:bis_termin], STRG_C], FOLGE_TAG)
    assert entwurf_eingaben(demo, f"{FOLGE_ID}.folgegespraech")[-1] == (
        "termine.folgegespraech",
        date(2027, 1, 19),
    )
    neu = ["31.01.2027\r", a.LOESCHEN + "03.02.2027\r"]
    tasten = [a.ENTER, *neu, *a.FOLGEGESPRAECH[bis_termin:], *a.SPEICHERN]
    _, terminal = a.folgegespraech(demo, FOLGE_ID, tasten, date(2027, 1, 20))
    assert terminal.tasten == []
    assert [f.split(" (")[0] for f in terminal.gefragt[1:3]] == [
        "Bis wann?", "Nächstes Folgegespräch am",
    ]  # fmt: skip
    fall = _fall(demo, FOLGE_ID)
    assert fall["strategien"][0]["aktivitaeten"][-1]["bis"] == date(2027, 1, 31)
    assert fall["termine"]["folgegespraech"] == date(2027, 2, 3)
    assert fall["gespraeche"][-1]["datum"] == date(2027, 1, 20)


def test_entwurf_der_vorigen_fassung_wird_fortgesetzt(demo: Path, tmp_path: Path) -> None:
    """A draft written by the previous version (an answers document) is resumed, not lost."""
    ununterbrochen = _kopie(demo, tmp_path / "ununterbrochen")
    a.erstgespraech(ununterbrochen, "NEU-1", a.ERSTGESPRAECH + a.SPEICHERN)
    ordner = demo / ".vier-phasen" / "entwuerfe"
    ordner.mkdir(parents=True)
    (ordner / "NEU-1.erstgespraech.yaml").write_text(
        "kunde:\n  name: Erika Beispiel\nrechtskreis: SGB III\nfachkraft: M. Schmidt\n"
        "reha: false\nausbildungsvermittlung: false\narbeitslos_seit: 2026-09-01\n",
        encoding="utf-8",
    )
    nach_stammdaten = len(a.STAMMDATEN)
    with pytest.raises(KeyboardInterrupt):  # the Stammdaten are not asked again
        a.erstgespraech(demo, "NEU-1", [a.ENTER, a.ERSTGESPRAECH[nach_stammdaten], STRG_C])
    assert entwurf_eingaben(demo, "NEU-1.erstgespraech") == [
        ("potenzialanalyse.ausnahme.grund", None)
    ]
    rest = [a.ENTER, *a.ERSTGESPRAECH[nach_stammdaten + 1 :], *a.SPEICHERN]
    _, terminal = a.erstgespraech(demo, "NEU-1", rest)
    assert terminal.tasten == []
    assert _gleich(demo, ununterbrochen, "NEU-1")


def test_geaenderte_falldatei_seit_dem_entwurf_wird_gemeldet(demo: Path) -> None:
    """Answers are replayed by question; on a changed file they may mean other entries."""
    from vier_phasen_cli.cli.befehl_gespraeche import _folgegespraech
    from vier_phasen_cli.storage.ablage import oeffne_ablage
    from vier_phasen_cli.storage.katalogdateien import lade_kataloge
    from vier_phasen_cli.wizard.ablauf import starte

    def fortgesetzt(tasten: list[str]) -> str:
        terminal = Terminal(tasten=[a.ENTER, *tasten, STRG_C])
        ablage, kataloge = oeffne_ablage(demo), lade_kataloge()
        assistent, _ = _folgegespraech(ablage, kataloge, FOLGE_ID, "folgegespraech", terminal, {})
        with pytest.raises(KeyboardInterrupt):
            starte(
                assistent, ablage, kataloge, FOLGE_ID, datum=FOLGE_TAG, antworten={},
                terminal=terminal,
            )  # fmt: skip
        return _gezeigt(terminal)

    warnung = (
        "Achtung: Die Falldatei wurde seit dem Entwurf geändert. Die Antworten des Entwurfs "
        "beziehen sich auf den früheren Stand – bitte die Zusammenfassung vor dem Speichern "
        "genau prüfen."
    )
    with pytest.raises(KeyboardInterrupt):
        a.folgegespraech(demo, FOLGE_ID, [*a.FOLGEGESPRAECH[:NACH_SECHS], STRG_C], FOLGE_TAG)
    datei = demo / "cases" / f"{FOLGE_ID}.yaml"
    datei.write_text(datei.read_text(encoding="utf-8") + "# von Hand ergänzt\n", encoding="utf-8")
    assert warnung in fortgesetzt([a.FOLGEGESPRAECH[NACH_SECHS]])  # one more answer …
    assert len(entwurf_eingaben(demo, f"{FOLGE_ID}.folgegespraech")) == NACH_SECHS + 1
    assert warnung in fortgesetzt([])  # … and the draft still tells the earlier answers' file


def test_erneut_gestellte_fragen_bekommen_ihre_antworten_in_der_reihenfolge(
    demo: Path, tmp_path: Path
) -> None:
    """A product refused for a "no" to a Leitfrage is asked anew under the same questions;
    resumed in the second attempt, each attempt gets back its own answers."""
    abgelehnt = [*a.STRATEGIEN[7:12], "j\r", "nein\r", "j\r"]  # Leitfrage 2: nein
    strategien = [*a.STRATEGIEN[:7], *abgelehnt, *a.STRATEGIEN[7:]]
    vorher = len(a.STAMMDATEN) + len(a.POTENZIALANALYSE) + len(a.ZIEL)
    tasten = [
        *a.ERSTGESPRAECH[:vorher],
        *strategien,
        *a.ERSTGESPRAECH[vorher + len(a.STRATEGIEN) :],
    ]
    ununterbrochen = _kopie(demo, tmp_path / "ununterbrochen")
    a.erstgespraech(ununterbrochen, "NEU-1", tasten + a.SPEICHERN)

    bis = vorher + 7 + len(abgelehnt) + 1  # the second attempt's Bezeichnung
    with pytest.raises(KeyboardInterrupt):
        a.erstgespraech(demo, "NEU-1", [*tasten[:bis], STRG_C])
    eingaben = entwurf_eingaben(demo, "NEU-1.erstgespraech")
    assert [w for p, w in eingaben if p == "produkte.0.leitfragen.erfolgswahrscheinlichkeit"] == [
        False
    ]
    assert [w for p, w in eingaben if p == "produkte.0.bezeichnung"] == [
        "Führerschein aus dem Vermittlungsbudget"
    ] * 2
    _, terminal = a.erstgespraech(demo, "NEU-1", [a.ENTER, *tasten[bis:], *a.SPEICHERN])
    assert terminal.tasten == []
    assert terminal.gefragt[1] == "Zu welcher Strategie?"
    assert _gleich(demo, ununterbrochen, "NEU-1")
