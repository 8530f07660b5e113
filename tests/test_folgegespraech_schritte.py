"""The Folgegespräch's steps on a terminal (pipe input): Produkte, a new Zieloption, new
Stärken, and the owed steps – a Potenzialanalyse after an Ausnahme, a missing agreement
(SPEC §10; 3.3.2, 3.3.3, 3.4.3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard import folgegespraech as fg
from vier_phasen_cli.wizard.bausteine import Lage
from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Terminal

from . import assistenten as a

HEUTE = date(2026, 12, 1)


@pytest.fixture(scope="module")
def k() -> Kataloge:
    return lade_kataloge()


def _befrager(tasten: list[str]) -> tuple[Befrager, Terminal]:
    terminal = Terminal(tasten=list(tasten))
    return Befrager({}, terminal, HEUTE), terminal


def _lage(**werte: Any) -> Lage:
    return Lage(fall_id="T", datum=HEUTE, **werte)


def _produkt(**werte: Any) -> dict[str, Any]:
    return {"bezeichnung": "Coaching (§ 45 SGB III)", "strategie": "vermittlung",
            "beginn": date(2026, 11, 2), "ende": date(2027, 1, 29), **werte}  # fmt: skip


def test_abgebrochene_massnahme_mit_austritt(k: Kataloge) -> None:
    neu: dict[str, Any] = {"produkte": [_produkt()], "strategien": []}
    b, terminal = _befrager([a.RUNTER * 2 + a.ENTER, "\x1530.11.2026\r"])  # abgebrochen
    fg._produkte(b, k, _lage(), neu)
    assert terminal.tasten == []
    (p,) = neu["produkte"]
    assert (p["austritt"], p["abbruch"]) == (date(2026, 11, 30), True)


def test_mag_fragt_nach_der_uebernahme(k: Kataloge) -> None:
    neu: dict[str, Any] = {"produkte": [_produkt(bei_arbeitgeber=True)], "strategien": []}
    # beendet: the planned end lies ahead, so the default is today; taken on: ja
    b, terminal = _befrager([a.RUNTER + a.ENTER, a.ENTER, a.HOCH + a.ENTER])
    fg._produkte(b, k, _lage(), neu)
    assert terminal.tasten == []
    (p,) = neu["produkte"]
    assert (p["austritt"], p["abbruch"], p["uebernommen"]) == (HEUTE, False, True)


def test_austritt_liegt_nicht_in_der_zukunft(k: Kataloge) -> None:
    neu: dict[str, Any] = {"produkte": [_produkt()], "strategien": []}
    # abgebrochen; 29.01.2027 is refused (the prompt waits), then 28.11.2026
    b, terminal = _befrager([a.RUNTER * 2 + a.ENTER, "\x1529.01.2027\r\x1528.11.2026\r"])
    fg._produkte(b, k, _lage(), neu)
    assert terminal.tasten == []
    assert neu["produkte"][0]["austritt"] == date(2026, 11, 28)


def test_neues_produkt_braucht_im_terminal_drei_ja(k: Kataloge) -> None:
    neu: dict[str, Any] = {"produkte": [], "strategien": [{"code": "vermittlung"}]}
    tasten = [
        "Bewerbungscoaching\r", a.ENTER, "07.12.2026\r", "31.01.2027\r", a.ENTER,
        "j\r", "j\r", "j\r", "Zwei Absagen nach Vorstellungsgesprächen\r",
        a.ENTER,  # kein weiteres
    ]  # fmt: skip
    b, terminal = _befrager(tasten)
    fg._produkte(b, k, _lage(), neu)
    assert terminal.tasten == []
    (p,) = neu["produkte"]
    assert p["leitfragen"] == {
        "passgenau": True, "erfolgswahrscheinlichkeit": True, "foerdervoraussetzungen": True
    }  # fmt: skip
    assert p["begruendung"] == "Zwei Absagen nach Vorstellungsgesprächen"


def test_neue_zieloption(k: Kataloge) -> None:
    neu: dict[str, Any] = {"ziel": {"option": "beschaeftigung-lokal", "beschreibung": "alt"}}
    b, terminal = _befrager([a.RUNTER + a.ENTER, "Auch überregional, Umzug möglich\r"])
    fg._zieloption(b, k, neu)
    assert terminal.tasten == []
    assert neu["ziel"]["option"] != "beschaeftigung-lokal"
    assert neu["ziel"]["beschreibung"] == "Auch überregional, Umzug möglich"


def test_neue_staerke(k: Kataloge) -> None:
    b, terminal = _befrager([a.RUNTER + a.ENTER, "Staplerschein erworben\r", a.ENTER])
    assert fg._neue_staerken(b, k) == [
        {"art": k["staerken"].codes()[0], "text": "Staplerschein erworben"}
    ]
    assert terminal.tasten == []


def test_nachgeholte_potenzialanalyse_im_terminal(k: Kataloge) -> None:
    ausnahme = {"grund": "ende-absehbar", "bis": date(2027, 1, 4)}
    neu: dict[str, Any] = {"potenzialanalyse": {"datum": date(2026, 10, 5), "ausnahme": ausnahme}}
    # "Jetzt durchführen?" (no default for a running Ausnahme: Ja chosen), then phase 1
    b, terminal = _befrager([a.HOCH + a.ENTER, *a.POTENZIALANALYSE])
    assert fg._potenzialanalyse_nachholen(b, k, _lage(), neu) is True
    assert terminal.tasten == []
    pa = neu["potenzialanalyse"]
    assert pa["datum"] == HEUTE and "ausnahme" not in pa
    assert pa["zielberuf"] == "Fachkraft für Lagerlogistik"
    assert neu["integrationsprognose"] == "marktnah"
    assert terminal.gefragt[0].startswith("Die Potenzialanalyse ist nach Anlage 1 ausgesetzt")


def test_fehlende_vereinbarung_wird_angeboten(k: Kataloge) -> None:
    neu: dict[str, Any] = {
        "potenzialanalyse": {"datum": date(2026, 10, 1)},
        "strategien": [{"code": "vermittlung"}],
    }
    tasten = [
        a.ENTER,  # Jetzt abschließen: ja
        "Übernahme der Fahrschulkosten\r", a.ENTER,
        "Fünf Bewerbungen im Monat\r", "31.12.2026\r", a.ENTER,
        a.ENTER,  # no other Leistungsträger
        a.ENTER,  # ausgehändigt: ja
    ]  # fmt: skip
    b, terminal = _befrager(tasten)
    fg._vereinbarung_nachholen(b, k, _lage(), neu)
    assert terminal.tasten == []
    v = neu["vereinbarung"]
    assert v["art"] == "eingliederungsvereinbarung"
    assert [e["text"] for e in v["eigenbemuehungen"]] == ["Fünf Bewerbungen im Monat"]


def test_folgegespraech_holt_potenzialanalyse_und_vereinbarung_nach(demo: Any, vp: Any) -> None:
    """911A100008 has an Anlage 1 Ausnahme, no Ziel, no strategy, no agreement: one
    Folgegespräch completes phases 1–4, and the owed items and findings are gone."""
    import json

    import yaml

    from vier_phasen_cli.domain.fall import Fall
    from vier_phasen_cli.domain.fristen import fristen

    fall_id = "911A100008"
    ausnahme = yaml.safe_load((demo / "cases" / f"{fall_id}.yaml").read_text("utf-8"))[
        "potenzialanalyse"
    ]["ausnahme"]
    tasten = [
        "Wiedereinstellung geplatzt\r",  # 1) Abgleich
        a.HOCH + a.ENTER,  # Potenzialanalyse jetzt durchführen: ja
        *a.POTENZIALANALYSE,
        *a.ZIEL,
        a.LEER + a.ENTER, a.ENTER,  # Mobilität erhöhen; no need-free strategy
        "Fahrschule anmelden\r", a.ENTER, "15.01.2027\r", a.ENTER,  # one activity
        a.ENTER,  # kein Produkt
        "Potenzialanalyse nachgeholt\r", "Noch keine\r",  # 2) and 3)
        a.ENTER,  # Vereinbarung jetzt abschließen: ja
        a.ENTER,  # marktnah, erst seit Kurzem arbeitslos: EinV jetzt (3.4.1 Fn. 5)
        "Übernahme der Fahrschulkosten\r", a.ENTER,
        "Fünf Bewerbungen im Monat\r", "31.12.2026\r", a.ENTER,
        a.ENTER, a.ENTER,  # no other Leistungsträger, ausgehändigt: ja
        "EinV abgeschlossen\r",  # 4)
        a.LOESCHEN + "12.01.2027\r", a.ENTER, a.ENTER, "Potenzialanalyse und EinV nachgeholt\r",
        a.ENTER,  # speichern
    ]  # fmt: skip
    pfad, terminal = a.folgegespraech(demo, fall_id, tasten, HEUTE)
    assert pfad is not None and terminal.tasten == [], terminal.gefragt[-3:]
    daten = yaml.safe_load(pfad.read_text("utf-8"))
    assert daten["potenzialanalyse"]["datum"] == HEUTE
    assert daten["potenzialanalyse_historie"][0]["potenzialanalyse"]["ausnahme"] == ausnahme
    assert daten["ziel"]["option"] == "beschaeftigung-lokal"
    assert [s["code"] for s in daten["strategien"]] == ["mobilitaet-erhoehen"]
    assert daten["vereinbarung"]["art"] == "eingliederungsvereinbarung"
    assert daten["gespraeche"][-1]["art"] == "folgegespraech"
    # the prognosis was asked once, with phase 1
    assert terminal.gefragt.count("Integrationsprognose (Abschnitt 4)") == 1
    fall = Fall.model_validate(json.loads(json.dumps(daten, default=str)))
    arten = {f.art for f in fristen(fall, lade_kataloge())}
    assert not arten & {"potenzialanalyse-nachholen", "vereinbarung-abschliessen"}
    befunde = json.loads(vp("--ablage", demo, "pruefen", fall_id, "--format", "json").stdout)
    assert not {b["code"] for b in befunde["befunde"]} & {"ST001", "ST007", "VE001"}


def test_gespraech_vor_dem_erstgespraech_oder_weit_voraus(demo: Any, vp: Any) -> None:
    from .conftest import dateistand

    vorher = dateistand(demo)
    # 911A100001's Erstgespräch was on 01.10.2026
    e = vp("--ablage", demo, "folgegespraech", "911A100001", "--datum", "30.09.2026")
    assert e.exit_code == 2
    assert "läge vor dem Erstgespräch am 01.10.2026; nichts wurde gespeichert" in e.stderr
    e = vp("--ablage", demo, "erstgespraech", "NEU-9", "--datum", "01.12.2027")
    assert e.exit_code == 2 and "mehr als ein Jahr in der Zukunft" in e.stderr
    assert dateistand(demo) == vorher
    # on a terminal: asked, "Nein" (the default) changes nothing and keeps no draft
    pfad, terminal = a.folgegespraech(demo, "911A100001", [a.ENTER], date(2026, 9, 30))
    assert pfad is None and terminal.gefragt == [
        "Das Gespräch am 30.09.2026 läge vor dem Erstgespräch am 01.10.2026. Ist das Datum richtig?"
    ]
    assert dateistand(demo) == vorher


def test_festgehalten_nennt_was_sich_aenderte() -> None:
    from vier_phasen_cli.domain.festgehalten import festgehalten

    alt = {
        "potenzialanalyse": {"datum": None, "ausnahme": {"grund": "ende-absehbar"}},
        "produkte": [{"bezeichnung": "Coaching", "austritt": None}],
        "strategien": [{"code": "vermittlung"}],
    }
    neu = {
        "potenzialanalyse": {"datum": HEUTE, "staerken": [{"art": "x", "text": "Staplerschein"}]},
        "produkte": [{"bezeichnung": "Coaching", "austritt": HEUTE, "abbruch": True}],
        "strategien": [
            {"code": "vermittlung", "beendet": HEUTE, "beendigungsgrund": "Stelle in Aussicht"}
        ],
        "vereinbarung": {"art": "eingliederungsvereinbarung"},
    }
    assert festgehalten(alt, neu, lambda _katalog, code: code.capitalize()) == [
        "Potenzialanalyse durchgeführt",
        "Strategie beendet: Vermittlung (Stelle in Aussicht)",
        "Neue Stärke: Staplerschein",
        "Maßnahme abgebrochen: Coaching (Austritt 01.12.2026)",
        "Vereinbarung abgeschlossen",
    ]
