"""The wizards in-process: keystrokes through prompt_toolkit pipe inputs, one per prompt."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from vier_phasen_cli.domain.auswahl import Auswahl
from vier_phasen_cli.domain.befund import Pruefkontext
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.storage.pruefung import pruefe_dateien
from vier_phasen_cli.wizard import bausteine as bs
from vier_phasen_cli.wizard import erstgespraech as eg
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Terminal

from . import assistenten as a
from .assistenten import entwurf_eingaben
from .conftest import dateistand


def _fall(ablage: Path, fall_id: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ablage / "cases" / f"{fall_id}.yaml").read_text(encoding="utf-8"))


def _abschnitt(text: str, schluessel: str) -> str:
    """The lines of top-level section ``schluessel`` of a case file."""
    zeilen = text.splitlines()
    anfang = zeilen.index(next(z for z in zeilen if z.startswith(f"{schluessel}:")))
    ende = next(
        (i for i in range(anfang + 1, len(zeilen)) if zeilen[i] and not zeilen[i][0].isspace()),
        len(zeilen),
    )
    return "\n".join(zeilen[anfang:ende])


def _befunde(ablage: Path, fall_id: str, tag: date) -> list[str]:
    ergebnis = pruefe_dateien(
        [ablage / "cases" / f"{fall_id}.yaml"], oeffne_ablage(ablage), REGELWERK,
        Pruefkontext(lade_kataloge(), tag), Auswahl(),
    )  # fmt: skip
    return [f"{b.code} {b.schwere}" for b in ergebnis.befunde]


# --- the whole Erstgespräch -------------------------------------------------------------------


def test_erstgespraech_neuer_fall_sgb3(demo: Path) -> None:
    pfad, terminal = a.erstgespraech(demo, "NEU-1", a.ERSTGESPRAECH + a.SPEICHERN)
    assert pfad == demo / "cases" / "NEU-1.yaml"
    assert terminal.tasten == []
    assert stat.S_IMODE(pfad.stat().st_mode) == 0o600
    fall = _fall(demo, "NEU-1")
    assert fall["kunde"] == {"name": "Erika Beispiel"}
    assert (fall["rechtskreis"], fall["fachkraft"]) == ("SGB III", "M. Schmidt")
    pa = fall["potenzialanalyse"]
    assert pa["datum"] == date(2026, 10, 1) and pa["zielberuf"] == "Fachkraft für Lagerlogistik"
    assert pa["staerken"] == [
        {"art": "formale-qualifikation", "text": "Ausbildung als Verkäuferin"}
    ]
    assert pa["handlungsbedarfe"] == [
        {"code": "oertliche-mobilitaet", "notiz": "Kein Führerschein", "erledigt": None}
    ]
    assert (fall["integrationsprognose"], fall["unterstuetzungsbedarf"]) == ("marktnah", "gering")
    assert fall["ziel"]["option"] == "beschaeftigung-lokal"
    assert fall["ziel"]["zwischenziele"] == [
        {"nr": 1, "text": "Führerschein Klasse B", "bis": date(2027, 2, 28), "erreicht": None}
    ]
    assert [(s["code"], s["handlungsbedarf"]) for s in fall["strategien"]] == [
        ("mobilitaet-erhoehen", "oertliche-mobilitaet"), ("vermittlung", None),
    ]  # fmt: skip
    assert fall["strategien"][0]["aktivitaeten"] == [
        {
            "nr": 1,
            "wer": "kunde",
            "was": "Fahrschule anmelden",
            "bis": date(2026, 11, 15),
            "erledigt": None,
        }
    ]
    (produkt,) = fall["produkte"]
    assert produkt["leitfragen"] == {
        "passgenau": True,
        "erfolgswahrscheinlichkeit": True,
        "foerdervoraussetzungen": True,
    }
    v = fall["vereinbarung"]
    assert (v["art"], v["datum"], v["ausgehaendigt"]) == (
        "eingliederungsvereinbarung",
        date(2026, 10, 1),
        True,
    )
    assert v["eigenbemuehungen"] == [
        {
            "nr": 1,
            "text": "Fünf Bewerbungen im Monat",
            "frist": date(2026, 10, 31),
            "erledigt": None,
        }
    ]
    assert fall["termine"] == {"folgegespraech": date(2026, 11, 20)}
    assert fall["gespraeche"] == [
        {
            "datum": date(2026, 10, 1), "art": "erstgespraech", "form": "persoenlich", "anliegen": "Erstgespräch",
            "prognose": "marktnah", "vermerk": "Potenzialanalyse durchgeführt, EinV ausgehändigt",
        }
    ]  # fmt: skip
    assert _befunde(demo, "NEU-1", date(2026, 10, 1)) == []
    # the draft is gone, the lock too
    assert list((demo / ".vier-phasen" / "entwuerfe").iterdir()) == []
    assert list((demo / ".vier-phasen" / "sperren").iterdir()) == []


def test_erstgespraech_zeigt_zusammenfassung_und_befunde(demo: Path) -> None:
    _, terminal = a.erstgespraech(demo, "NEU-1", a.ERSTGESPRAECH + a.SPEICHERN)
    text = "\n".join(terminal.ausgabe)
    assert "Phase 1 · Potenzialanalyse" in text and "Phase 4 · Vereinbarung" in text
    assert "Fall NEU-1 · Erika Beispiel" in text
    assert "Keine Befunde: alles Geforderte ist erfasst." in text


# --- validation re-prompts --------------------------------------------------------------------


def _befrager(tasten: list[str], heute: date = date(2026, 10, 1)) -> tuple[Befrager, Terminal]:
    terminal = Terminal(tasten=list(tasten))
    return Befrager({}, terminal, heute), terminal


def _lage(**werte: object) -> bs.Lage:
    return bs.Lage(fall_id="T", datum=date(2026, 10, 1), **werte)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kataloge() -> Kataloge:
    return lade_kataloge()


def test_leere_staerken_werden_nochmals_erfragt(kataloge: Kataloge) -> None:
    tasten = [
        a.ENTER, "Koch\r", a.ENTER, a.ENTER,
        a.HOCH + a.ENTER,  # "Fertig" without any Stärke …
        a.RUNTER * 4 + a.ENTER, "Hilfsbereit im Team\r", a.HOCH + a.ENTER,  # … so asked again
        a.ENTER,  # no needs
        a.RUNTER + a.ENTER, a.ENTER,  # nicht marktnah, höher
    ]  # fmt: skip
    b, terminal = _befrager(tasten)
    erg: dict = {}  # type: ignore[type-arg]
    assert eg.potenzialanalyse(b, kataloge, _lage(), erg) is True
    assert "Bitte mindestens eine Stärke angeben (3.1.2)." in "\n".join(terminal.ausgabe)
    assert erg["potenzialanalyse"]["staerken"] == [
        {"art": "soziale-kompetenz", "text": "Hilfsbereit im Team"}
    ]
    assert (erg["integrationsprognose"], erg["unterstuetzungsbedarf"]) == (
        "nicht-marktnah",
        "hoeher",
    )
    assert terminal.tasten == []


def test_bedarf_ohne_strategie_wird_nicht_angenommen(kataloge: Kataloge) -> None:
    erg = {
        "potenzialanalyse": {"handlungsbedarfe": [{"code": "sprachkenntnisse", "erledigt": None}]}
    }
    # Enter without a choice fails ("Bitte mindestens 1 auswählen."), then space + Enter.
    tasten = [a.ENTER + a.LEER + a.ENTER, a.ENTER, a.ENTER, a.ENTER]  # + activity, product
    b, terminal = _befrager(tasten)
    eg.strategien(b, kataloge, _lage(), erg)
    assert erg["strategien"] == [
        {
            "code": "deutschkenntnisse-verbessern",
            "handlungsbedarf": "sprachkenntnisse",
            "aktivitaeten": [],
        }
    ]
    assert terminal.tasten == []


def test_nur_erlaubte_strategien_stehen_zur_wahl(kataloge: Kataloge) -> None:
    sgb3 = [w.wert for w in bs.strategie_wahlen(kataloge, _lage(rechtskreis="SGB III"), None)]
    sgb2 = [w.wert for w in bs.strategie_wahlen(kataloge, _lage(rechtskreis="SGB II"), None)]
    assert "verfuegbarkeit-ueberpruefen" in sgb3 and "mitwirkung-ueberpruefen" not in sgb3
    assert "mitwirkung-ueberpruefen" in sgb2 and "verfuegbarkeit-ueberpruefen" not in sgb2
    ohne = [w.wert for w in bs.strategie_wahlen(kataloge, _lage(), "berufliche-qualifikation")]
    mit = [
        w.wert
        for w in bs.strategie_wahlen(
            kataloge, _lage(ausbildungsvermittlung=True), "berufliche-qualifikation"
        )
    ]
    assert "berufsausbildung-vorbereiten" not in ohne and "berufsausbildung-vorbereiten" in mit


def test_falsches_datum_und_zu_frueh_werden_nochmals_erfragt(kataloge: Kataloge) -> None:
    tasten = [
        a.ENTER,
        "Ziel\r",
        "Zwischenziel\r",
        "31.02.2027\r" + "\x15" + "01.09.2026\r" + "\x15" + "01.03.2027\r",
        a.ENTER,
    ]
    b, terminal = _befrager(tasten)
    erg: dict = {}  # type: ignore[type-arg]
    eg.ziel(b, kataloge, _lage(), erg)
    assert erg["ziel"]["zwischenziele"] == [
        {"text": "Zwischenziel", "bis": date(2027, 3, 1), "erreicht": None}
    ]
    assert terminal.tasten == []


def test_stammdaten_fragen_das_geburtsdatum(kataloge: Kataloge) -> None:
    """Optional, never in the future (the Befrager's day is 01.10.2026)."""
    tasten = [
        "Erika Beispiel\r",
        "02.10.2026\r" + "\x15" + "14.03.1988\r",  # tomorrow: asked again
        *a.STAMMDATEN[2:],
    ]
    b, terminal = _befrager(tasten)
    erg: dict = {}  # type: ignore[type-arg]
    eg.stammdaten(b, kataloge, _lage(neu=True, fachkraft_vorgabe="M. Schmidt"), erg)
    assert erg["kunde"] == {"name": "Erika Beispiel", "geburtsdatum": date(1988, 3, 14)}
    assert terminal.gefragt[1].startswith("Geburtsdatum")
    assert terminal.tasten == []
    b, _ = _befrager(a.STAMMDATEN)
    eg.stammdaten(b, kataloge, _lage(neu=True, fachkraft_vorgabe="M. Schmidt"), erg)
    assert erg["kunde"] == {"name": "Erika Beispiel"}  # left empty: not written


def test_produkt_ohne_bejahte_leitfragen_wird_nicht_aufgenommen(kataloge: Kataloge) -> None:
    tasten = [
        "Coaching\r", a.ENTER, "01.11.2026\r", "30.11.2026\r", a.ENTER, "j\r", "n\r", "j\r",
        a.ENTER,  # asked again: no product after all
    ]  # fmt: skip
    b, terminal = _befrager(tasten)
    assert bs.frage_produkte(b, kataloge, _lage(), ["vermittlung"]) == []
    assert "Ohne drei bejahte Leitfragen kein Produkteinsatz (3.3.2)" in "\n".join(terminal.ausgabe)


def test_bedarfsgemeinschaft_ohne_einwilligung_keine_gemeinsamen_gespraeche() -> None:
    # 3 Personen (the suggested 1 is cleared first), gemeinsame Gespräche ja, Einwilligung nein
    tasten = ["\x153\r", a.HOCH + a.ENTER, a.ENTER]
    b, terminal = _befrager(tasten)
    erg: dict = {}  # type: ignore[type-arg]
    eg.frage_bedarfsgemeinschaft(b, erg)
    assert erg["bedarfsgemeinschaft"] == {
        "mitglieder": 3,
        "gemeinsame_gespraeche": False,
        "einwilligung_aller": False,
    }
    assert "Ohne Einwilligung aller Mitglieder keine gemeinsamen Gespräche (3.1)." in "\n".join(
        terminal.ausgabe
    )


def test_ausnahme_nach_anlage_1_ueberspringt_die_analyse(kataloge: Kataloge) -> None:
    # SGB III, not reha: Nein, a), b) are offered; the reha ones and c) are not.
    b, _terminal = _befrager([a.RUNTER + a.ENTER, "04.01.2027\r", "Wiedereinstellungszusage\r"])
    erg: dict = {}  # type: ignore[type-arg]
    assert eg.potenzialanalyse(b, kataloge, _lage(), erg) is False
    assert erg["potenzialanalyse"]["ausnahme"] == {
        "grund": "ende-absehbar", "bis": date(2027, 1, 4), "notiz": "Wiedereinstellungszusage",
    }  # fmt: skip
    assert erg["integrationsprognose"] == "zuordnung-nicht-erforderlich"


def test_ausnahmen_nach_rechtskreis_und_reha_gefiltert(kataloge: Kataloge) -> None:
    def angeboten(**lage: object) -> list[object]:
        b, _ = _befrager([])
        gesehen: list[object] = []

        def auswahl(frage: str, wahlen: list, **_: object) -> object:  # type: ignore[type-arg]
            gesehen.extend(w.wert for w in wahlen)
            raise EOFError

        b.terminal.auswahl = auswahl  # type: ignore[union-attr, method-assign]
        with pytest.raises(EOFError):
            eg.potenzialanalyse(b, kataloge, _lage(**lage), {})
        return gesehen

    assert angeboten(rechtskreis="SGB III") == [None, "ende-absehbar", "paragraph-145-sgb3"]
    assert angeboten(rechtskreis="SGB II") == [None, "ende-absehbar", "paragraph-10-sgb2"]
    assert len(angeboten(rechtskreis="SGB II", reha=True)) == 7


def test_vereinbarung_nach_rechtskreis(kataloge: Kataloge) -> None:
    # SGB II: Kooperationsplan with its elements; Eigenbemühungen without a deadline are fine.
    tasten = [
        "Sprachkurs\r",
        a.ENTER,
        "Bewerbungen\r",
        a.ENTER,
        a.ENTER,
        "Jobcenter-Träger\r",
        a.ENTER,
        "Integrationskurs B1\r",
        "Pflegehilfe\r",
        a.ENTER,
        a.HOCH + a.ENTER,
        a.ENTER,
    ]  # Schlichtung (§ 15a SGB II) verlangt, am Gesprächstag
    b, _ = _befrager(tasten)
    erg: dict = {}  # type: ignore[type-arg]
    lage = _lage(rechtskreis="SGB II")
    eg.vereinbarung(b, kataloge, lage, erg)
    v = erg["vereinbarung"]
    assert v["schlichtung"] == {"beantragt": lage.datum}
    assert (v["art"], v["leistungen"], v["andere_traeger"]) == (
        "kooperationsplan",
        ["Sprachkurs"],
        ["Jobcenter-Träger"],
    )
    assert v["eigenbemuehungen"] == [{"text": "Bewerbungen", "frist": None, "erledigt": None}]
    assert (v["integrationskurs"], v["vermittlungsrichtung"], v["reha"]) == (
        "Integrationskurs B1",
        "Pflegehilfe",
        None,
    )
    # aufstockend: none at all
    b, terminal = _befrager([])
    erg = {}
    eg.vereinbarung(b, kataloge, _lage(rechtskreis="SGB II", aufstocker=True), erg)
    assert "vereinbarung" not in erg
    assert "Aufstockend: ein Kooperationsplan ist nicht vorgesehen (3.4.2)." in terminal.ausgabe[-1]


def test_einv_nach_ermessen_abgelehnt(kataloge: Kataloge) -> None:
    b, _ = _befrager([a.RUNTER + a.ENTER])  # "Nein" to the EinV now
    erg = {"integrationsprognose": "marktnah"}
    eg.vereinbarung(b, kataloge, _lage(arbeitslos_seit=date(2026, 9, 1)), erg)
    assert "vereinbarung" not in erg


# --- revise, draft, resume, interruption, lock, concurrent change -----------------------------


def test_phase_ueberarbeiten(demo: Path) -> None:
    ueberarbeiten = [a.RUNTER * 3 + a.ENTER]  # "Überarbeiten: Phase 2 · Ziel"
    neues_ziel = [
        a.ENTER,
        "\x15Teilzeit in der Lagerlogistik\r",
        "\x15\r",
    ]  # suggestions are prefilled
    _, terminal = a.erstgespraech(
        demo, "NEU-1", a.ERSTGESPRAECH + ueberarbeiten + neues_ziel + a.SPEICHERN
    )
    assert terminal.tasten == []
    fall = _fall(demo, "NEU-1")
    assert fall["ziel"]["beschreibung"] == "Teilzeit in der Lagerlogistik"
    assert fall["ziel"]["zwischenziele"] == []


def test_entwurf_behalten_und_fortsetzen(demo: Path) -> None:
    vorher = dateistand(demo)
    behalten = [a.HOCH + a.ENTER]  # "Abbrechen und Entwurf behalten"
    pfad, _ = a.erstgespraech(demo, "NEU-1", a.ERSTGESPRAECH + behalten)
    assert pfad is None
    entwurf = demo / ".vier-phasen" / "entwuerfe" / "NEU-1.erstgespraech.yaml"
    assert stat.S_IMODE(entwurf.stat().st_mode) == 0o600
    assert {k: v for k, v in dateistand(demo).items() if not k.startswith(".vier-phasen")} == vorher
    # next run: resume, nothing is asked again but the final choice
    pfad, terminal = a.erstgespraech(demo, "NEU-1", [a.ENTER, a.ENTER])
    assert pfad is not None and terminal.tasten == []
    assert _fall(demo, "NEU-1")["potenzialanalyse"]["zielberuf"] == "Fachkraft für Lagerlogistik"
    assert not entwurf.exists()


def test_abbruch_mitten_drin_behaelt_entwurf_und_laesst_datei_unveraendert(demo: Path) -> None:
    fall = demo / "cases" / "911A100013.yaml"
    vorher = fall.read_bytes()
    # An existing case: no Stammdaten; the keystrokes end inside phase 2 (EOF like Ctrl-D).
    with pytest.raises(EOFError):
        a.erstgespraech(demo, "911A100013", [*a.ERSETZEN, *a.POTENZIALANALYSE, a.ENTER])
    assert fall.read_bytes() == vorher
    eingaben = entwurf_eingaben(demo, "911A100013.erstgespraech")
    assert ("potenzialanalyse.zielberuf", "Fachkraft für Lagerlogistik") in eingaben
    assert eingaben[-1] == ("ziel.option", "beschaeftigung-lokal")  # phase 2 began
    assert list((demo / ".vier-phasen" / "sperren").iterdir()) == []  # lock released


def test_zweiter_assistent_auf_demselben_fall_wird_abgelehnt(demo: Path) -> None:
    sperren = demo / ".vier-phasen" / "sperren"
    sperren.mkdir(parents=True)
    anderer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (sperren / "911A100013.lock").write_text(f"{anderer.pid}\n")
        with pytest.raises(
            VierPhasenFehler,
            match=rf"anderen Gespräch bearbeitet, von Ihnen selbst \(Prozess {anderer.pid} auf",
        ):
            a.erstgespraech(demo, "911A100013", [])
    finally:
        anderer.kill()
        anderer.wait()
    # the process is gone: its lock is stale and taken over
    with pytest.raises(EOFError):
        a.erstgespraech(demo, "911A100013", [])
    assert not (sperren / "911A100013.lock").exists()


class _KollegeSpeichertDazwischen(Terminal):
    """At the final question, a colleague saves the same case file."""

    datei: Path | None = None

    def auswahl(self, frage: str, wahlen, **kw):  # type: ignore[no-untyped-def, override]
        if frage == "Wie weiter?" and self.datei is not None:
            self.datei.write_text(
                self.datei.read_text(encoding="utf-8").replace("M. Schmidt", "A. Wagner")
            )
            self.datei = None
        return super().auswahl(frage, wahlen, **kw)


def test_zwischenzeitlich_geaenderte_datei_wird_nicht_ueberschrieben(demo: Path) -> None:
    from vier_phasen_cli.wizard.ablauf import starte

    fall = demo / "cases" / "911A100013.yaml"
    tasten = [*a.ERSETZEN, *a.POTENZIALANALYSE, *a.ZIEL, *a.STRATEGIEN, *a.VEREINBARUNG]
    tasten += [*a.GESPRAECH, *a.SPEICHERN]
    terminal = _KollegeSpeichertDazwischen(tasten=tasten)
    terminal.datei = fall
    with pytest.raises(VierPhasenFehler, match="seit dem Laden verändert"):
        starte(
            a.ERSTGESPRAECH_ASSISTENT, oeffne_ablage(demo), lade_kataloge(), "911A100013",
            datum=date(2026, 10, 1), antworten={}, terminal=terminal,
        )  # fmt: skip
    assert "A. Wagner" in fall.read_text(encoding="utf-8")  # the colleague's version stays
    assert (demo / ".vier-phasen" / "entwuerfe" / "911A100013.erstgespraech.yaml").exists()


# --- the Folgegespräch ------------------------------------------------------------------------


def test_folgegespraech_sgb2_mit_aenderungen(demo: Path) -> None:
    datei = demo / "cases" / "911A100004.yaml"
    vorher = datei.read_text(encoding="utf-8")
    pfad, terminal = a.folgegespraech(
        demo, "911A100004", a.FOLGEGESPRAECH + a.SPEICHERN, date(2026, 12, 14)
    )
    assert pfad == datei and terminal.tasten == []
    text = "\n".join(terminal.ausgabe)
    assert (
        "Fall 911A100004 · Katarina Nowak" in text
        and "Fällig vor 9 Tagen: Kooperationsplan" in text
    )
    fall = _fall(demo, "911A100004")
    v = fall["vereinbarung"]
    assert v["ueberprueft"] == date(2026, 12, 14)
    assert v["eigenbemuehungen"] == [
        {
            "nr": 1,
            "text": "Zwei Bewerbungen im Monat auf Teilzeitstellen in Praxen",
            "frist": None,
            "erledigt": date(2026, 12, 14),
        },
        {"nr": 2, "text": "Bewerbung bei Praxis Dr. Weber", "frist": None, "erledigt": None},
    ]
    # ticking one Eigenbemühung and adding another is no new agreement (SPEC §16)
    assert fall.get("vereinbarung_historie") in (None, [])
    assert fall["strategien"][0]["aktivitaeten"][-1] == {
        "nr": 2, "wer": "kunde", "was": "Hortvertrag unterschreiben", "bis": date(2027, 1, 15),
        "erledigt": None,
    }  # fmt: skip
    assert fall["termine"]["folgegespraech"] == date(2027, 1, 19)
    assert fall["gespraeche"][-1] == {
        "datum": date(2026, 12, 14), "art": "folgegespraech", "form": "persoenlich", "anliegen": "Folgegespräch",
        "prognose": "nicht-marktnah",
        # what was ticked off and added is written into the Beratungsvermerk
        "vermerk": "Folgegespräch mit Praktikumsplanung\n\nFestgehalten:\n"
        "Erledigt: Zwei Bewerbungen im Monat auf Teilzeitstellen in Praxen\n"
        "Neue Eigenbemühung: Bewerbung bei Praxis Dr. Weber\n"
        "Neue Aktivität: Hortvertrag unterschreiben",
        "aktivitaeten": {
            "abgleich": "Bewerbungen erbracht, Praktikum in Aussicht",
            "ueberpruefung": "Ziel und Strategie passen weiter",
            "bewerbungen": "Drei Bewerbungen, eine Einladung",
            "naechste_schritte": "Praktikum ab Januar",
        },
    }  # fmt: skip
    # untouched sections are byte for byte as before (comments included)
    nachher = datei.read_text(encoding="utf-8")
    for schluessel in ("potenzialanalyse", "ziel", "bedarfsgemeinschaft", "kunde", "produkte"):
        assert _abschnitt(vorher, schluessel) == _abschnitt(nachher, schluessel), schluessel
    assert nachher.startswith(vorher.split("format: 1")[0])  # the comment at the top
    # the Folgegespräch fulfilled the review: FG001, FG002, VE deadlines are met, and it asked
    # the Schlichtung (§ 15a SGB II) the Kooperationsplan had never recorded (SC001)
    assert v["schlichtung"] == {"beantragt": None}
    assert _befunde(demo, "911A100004", date(2026, 12, 14)) == []


def test_absolventengespraech_vermerkt_die_massnahme(demo: Path) -> None:
    tasten = [
        a.ENTER, a.ENTER, "Zertifikat liegt vor\r",  # Eigenbemühung, Aktivität offen
        a.ENTER,  # Bedarf nicht behoben
        a.ENTER, a.ENTER, a.ENTER,  # keine neuen Bedarfe, keine neue Stärke, Zieloption bleibt
        a.ENTER, a.ENTER, a.ENTER,  # ZZ 2 nicht erreicht, Strategien, keine weiteren
        a.ENTER,  # keine Aktivität
        a.ENTER,  # kein neues Produkt (the measure has its Austritt)
        "TQ1 bestanden\r", "Bewerbungen ab Januar\r",
        a.ENTER, a.ENTER,  # keine neuen Eigenbemühungen und Leistungen
        "Absolventenmanagement aufnehmen\r",
        a.ENTER, a.ENTER,  # Prognose, Unterstützungsbedarf
        a.LOESCHEN + "15.01.2027\r", a.ENTER, a.ENTER, "Absolventengespräch geführt\r", a.ENTER,
    ]  # fmt: skip
    _, terminal = a.folgegespraech(
        demo, "911A100003", tasten, date(2026, 12, 4), anlass="absolventengespraech"
    )
    assert terminal.tasten == []
    letztes = _fall(demo, "911A100003")["gespraeche"][-1]
    assert (letztes["art"], letztes["produkt"]) == (
        "absolventengespraech",
        "Teilqualifikation 1 Fachlagerist/in (FbW)",
    )
    assert letztes["anliegen"].startswith("Absolventengespräch zum Teilnahmeende")


class _Absturz(Terminal):
    """A terminal whose fifth question crashes (a bug, a lost connection)."""

    def text(self, frage: str, **kw):  # type: ignore[no-untyped-def, override]
        if len(self.gefragt) >= 4:
            raise RuntimeError("Verbindung verloren")
        return super().text(frage, **kw)


def test_absturz_behaelt_entwurf(demo: Path) -> None:
    from vier_phasen_cli.wizard.ablauf import starte

    fall = demo / "cases" / "911A100013.yaml"
    vorher = fall.read_bytes()
    terminal = _Absturz(tasten=[*a.ERSETZEN, *a.POTENZIALANALYSE])
    with pytest.raises(RuntimeError):
        starte(
            a.ERSTGESPRAECH_ASSISTENT, oeffne_ablage(demo), lade_kataloge(), "911A100013",
            datum=date(2026, 10, 1), antworten={}, terminal=terminal,
        )  # fmt: skip
    assert fall.read_bytes() == vorher
    eingaben = entwurf_eingaben(demo, "911A100013.erstgespraech")
    assert ("potenzialanalyse.zielberuf", "Fachkraft für Lagerlogistik") in eingaben
