"""``abschluss``: closing a case (SPEC §10, §16; Integrationskonzept 3.4.4)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.wizard import abschluss
from vier_phasen_cli.wizard.ablauf import starte
from vier_phasen_cli.wizard.terminal import Terminal

from .assistenten import ENTER, RUNTER
from .conftest import Aufruf, dateistand

AKTIV = "911A100001"  # SGB III, last conversation on 01.10.2026
SGB2 = "911A100004"  # SGB II
REHA = "911A100007"  # SGB III, Rehabilitand, last conversation on 28.10.2026
GESCHLOSSEN = "911A100011"  # closed on 15.10.2026, Nachhaltigkeit recorded
JUNG = "911A100012"  # just created: no nachhaltigkeit, no abschluss in the file

CODES = (
    "arbeitsaufnahme, ausbildungsaufnahme, selbstaendigkeit, wegfall-hilfebeduerftigkeit, "
    "rente, zustaendigkeitswechsel, sonstiges"
)


def _daten(ablage: Path, fall_id: str) -> dict:
    return YAML(typ="safe").load((ablage / "cases" / f"{fall_id}.yaml").read_text("utf-8"))


def _text(ablage: Path, fall_id: str) -> str:
    return (ablage / "cases" / f"{fall_id}.yaml").read_text("utf-8")


def _nh001(vp: Aufruf, ablage: Path, fall_id: str) -> list[dict]:
    e = vp("--ablage", ablage, "pruefen", fall_id, "--format", "json")
    return [b for b in json.loads(e.stdout)["befunde"] if b["code"] == "NH001"]


# --- scripted ---------------------------------------------------------------------------------


def test_abschluss_aus_skript(vp: Aufruf, demo: Path) -> None:
    vorher = _text(demo, AKTIV)
    e = vp(
        "--ablage", demo, "abschluss", AKTIV, "--grund", "arbeitsaufnahme",
        "--notiz", "Festanstellung bei der Hufnagel GmbH", "--beschaeftigung-ab", "01.12.2026",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert "gespeichert" not in e.stderr  # no terminal: a save is not confirmed
    assert e.stdout == ""
    fall = _daten(demo, AKTIV)
    assert fall["status"] == "abgeschlossen"
    assert fall["abschluss"] == {
        "datum": date(2026, 11, 23),
        "grund": "arbeitsaufnahme",
        "notiz": "Festanstellung bei der Hufnagel GmbH",
    }
    assert fall["nachhaltigkeit"] == {
        "beschaeftigung_ab": date(2026, 12, 1),
        "nachbetreuung_geprueft": None,
    }
    # only the status, the Nachhaltigkeit and the closing changed; the rest stays byte for byte
    nachher = _text(demo, AKTIV)
    assert nachher.split("status:")[0] == vorher.split("status:")[0]
    assert nachher.split("\nnachhaltigkeit:")[0] == vorher.split("\nnachhaltigkeit:")[0].replace(
        "status: aktiv", "status: abgeschlossen"
    )


def test_nh001_erinnert_bis_die_nachbetreuung_geprueft_ist(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "arbeitsaufnahme")
    assert e.exit_code == 0, e.stderr
    befunde = _nh001(vp, demo, AKTIV)
    assert [b["meldung"] for b in befunde] == [
        "Nach „Arbeitsaufnahme“ ist zu prüfen, ob eine weitere Unterstützung erforderlich ist; "
        "nachhaltigkeit.nachbetreuung_geprueft fehlt"
    ]
    assert befunde[0]["schwere"] == "hinweis"


def test_mit_nachbetreuung_geprueft_kein_nh001(vp: Aufruf, demo: Path) -> None:
    e = vp(
        "--ablage", demo, "abschluss", AKTIV, "--grund", "ausbildungsaufnahme",
        "--nachbetreuung-geprueft", "20.11.2026",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert _daten(demo, AKTIV)["nachhaltigkeit"]["nachbetreuung_geprueft"] == date(2026, 11, 20)
    assert _nh001(vp, demo, AKTIV) == []


def test_geschlossener_fall_verschwindet_aus_faellig(vp: Aufruf, demo: Path) -> None:
    def faelle() -> set[str]:
        e = vp("--ablage", demo, "faellig", "--alle", "--format", "json")
        return {eintrag["fall"] for eintrag in json.loads(e.stdout)["eintraege"]}

    assert AKTIV in faelle()
    assert vp("--ablage", demo, "abschluss", AKTIV, "--grund", "rente").exit_code == 0
    assert AKTIV not in faelle()


def test_geschlossener_fall_hat_in_der_liste_keinen_naechsten_termin(
    vp: Aufruf, demo: Path
) -> None:
    def zeile() -> list[str]:
        e = vp("--ablage", demo, "liste", env={"COLUMNS": "120"})
        return next(z.split() for z in e.stdout.splitlines() if z.startswith(AKTIV))

    assert zeile()[-1] != "–"  # an active case shows its next Folgegespräch
    assert vp("--ablage", demo, "abschluss", AKTIV, "--grund", "rente").exit_code == 0
    assert zeile()[-1] == "–"


def test_json_gibt_den_gespeicherten_fall(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "sonstiges", "--format", "json")
    assert e.exit_code == 0, e.stderr
    daten = json.loads(e.stdout)
    assert daten["status"] == "abgeschlossen"
    assert daten["abschluss"]["grund"] == "sonstiges"
    assert daten["abschluss"]["datum"] == "2026-11-23"


def test_vorhandene_nachhaltigkeit_bleibt(vp: Aufruf, demo: Path) -> None:
    assert vp("--ablage", demo, "wiederaufnahme", GESCHLOSSEN).exit_code == 0
    e = vp("--ablage", demo, "abschluss", GESCHLOSSEN, "--grund", "arbeitsaufnahme")
    assert e.exit_code == 0, e.stderr
    fall = _daten(demo, GESCHLOSSEN)
    assert fall["nachhaltigkeit"] == {
        "beschaeftigung_ab": date(2026, 10, 15),
        "nachbetreuung_geprueft": date(2026, 10, 14),
    }
    assert [a["grund"] for a in fall["abschluss_historie"]] == ["arbeitsaufnahme"]
    assert _nh001(vp, demo, GESCHLOSSEN) == []
    # a new value replaces only its own field
    assert vp("--ablage", demo, "wiederaufnahme", GESCHLOSSEN).exit_code == 0
    e = vp(
        "--ablage", demo, "abschluss", GESCHLOSSEN, "--grund", "arbeitsaufnahme",
        "--beschaeftigung-ab", "2026-11-20",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert _daten(demo, GESCHLOSSEN)["nachhaltigkeit"] == {
        "beschaeftigung_ab": date(2026, 11, 20),
        "nachbetreuung_geprueft": date(2026, 10, 14),
    }


def test_fall_ohne_abschnitte_bekommt_sie_an_ihrer_stelle(vp: Aufruf, demo: Path) -> None:
    vorher = _text(demo, JUNG)
    e = vp("--ablage", demo, "abschluss", JUNG, "--grund", "zustaendigkeitswechsel")
    assert e.exit_code == 0, e.stderr
    nachher = _text(demo, JUNG)
    assert nachher == vorher.replace("status: aktiv", "status: abgeschlossen") + (
        "nachhaltigkeit:\n"
        "  beschaeftigung_ab: null\n"
        "  nachbetreuung_geprueft: null\n"
        "abschluss:\n"
        "  datum: 2026-11-23\n"
        "  grund: zustaendigkeitswechsel\n"
        "  notiz: null\n"
    )


def test_antwortdatei_und_optionen(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    antworten = tmp_path / "abschluss.yaml"
    antworten.write_text(
        "abschluss:\n"
        "  grund: arbeitsaufnahme\n"
        "  notiz: |\n"
        "    Vertrag unterschrieben.\n"
        "    Probezeit sechs Monate.\n"
        "nachhaltigkeit:\n"
        "  beschaeftigung_ab: 2026-12-01\n"
        "  nachbetreuung_geprueft: 2026-11-20\n",
        encoding="utf-8",
    )
    e = vp(
        "--ablage", demo, "abschluss", AKTIV, "--antworten", antworten,
        "--beschaeftigung-ab", "15.12.2026", "--datum", "2026-11-21",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    fall = _daten(demo, AKTIV)
    assert fall["abschluss"] == {
        "datum": date(2026, 11, 21),
        "grund": "arbeitsaufnahme",
        "notiz": "Vertrag unterschrieben.\nProbezeit sechs Monate.",
    }
    # the option goes before the file
    assert fall["nachhaltigkeit"] == {
        "beschaeftigung_ab": date(2026, 12, 15),
        "nachbetreuung_geprueft": date(2026, 11, 20),
    }


def test_antworten_von_der_standardeingabe(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from vier_phasen_cli.cli.app import app

    monkeypatch.delenv("VIER_PHASEN_ABLAGE", raising=False)
    ergebnis = CliRunner().invoke(
        app,
        ["--ablage", str(demo), "abschluss", AKTIV, "--antworten", "-"],
        input='{"abschluss": {"grund": "selbstaendigkeit"}}',
        env={"VIER_PHASEN_HEUTE": "2026-11-23"},
    )
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert _daten(demo, AKTIV)["abschluss"]["grund"] == "selbstaendigkeit"


def test_unbekannter_schluessel_in_der_antwortdatei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    antworten = tmp_path / "abschluss.yaml"
    antworten.write_text("abschluss:\n  grund: rente\n  datum: 2026-11-01\n", encoding="utf-8")
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", AKTIV, "--antworten", antworten)
    assert e.exit_code == 2
    assert "abschluss.yaml:3: Antwortdatei: abschluss.datum" in e.stderr
    assert "Traceback" not in e.stderr
    assert dateistand(demo) == vorher


def test_schema(vp: Aufruf) -> None:
    e = vp("abschluss", "--schema")
    assert e.exit_code == 0, e.stderr
    schema = json.loads(e.stdout)
    assert set(schema["properties"]) == {"abschluss", "nachhaltigkeit"}
    assert schema["additionalProperties"] is False


# --- Reha -------------------------------------------------------------------------------------


def test_reha_ohne_ende_des_verfahrens_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", REHA, "--grund", "arbeitsaufnahme")
    assert e.exit_code == 2
    assert (
        "  fehlt: abschluss.reha_traeger_beendet (Tag, an dem der Reha-Träger das Verfahren "
        "beendet hat; Option --reha-traeger-beendet)"
    ) in e.stderr.splitlines()
    assert dateistand(demo) == vorher


def test_reha_mit_ende_des_verfahrens(vp: Aufruf, demo: Path) -> None:
    e = vp(
        "--ablage", demo, "abschluss", REHA, "--grund", "arbeitsaufnahme",
        "--reha-traeger-beendet", "20.11.2026", "--nachbetreuung-geprueft", "heute",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert _daten(demo, REHA)["abschluss"] == {
        "datum": date(2026, 11, 23),
        "grund": "arbeitsaufnahme",
        "notiz": None,
        "reha_traeger_beendet": date(2026, 11, 20),
    }


def test_reha_ende_nach_dem_abschluss_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp(
        "--ablage", demo, "abschluss", REHA, "--grund", "rente", "--datum", "20.11.2026",
        "--reha-traeger-beendet", "21.11.2026",
    )  # fmt: skip
    assert e.exit_code == 2
    assert (
        "  ungültig: abschluss.reha_traeger_beendet: Das Datum darf nicht nach dem 20.11.2026 "
        "liegen."
    ) in e.stderr.splitlines()
    assert dateistand(demo) == vorher


def test_reha_ende_ohne_reha_fall_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp(
        "--ablage", demo, "abschluss", AKTIV, "--grund", "rente",
        "--reha-traeger-beendet", "20.11.2026",
    )  # fmt: skip
    assert e.exit_code == 2
    assert "abschluss.reha_traeger_beendet: der Fall ist kein Reha-Fall" in e.stderr
    assert dateistand(demo) == vorher


# --- refusals ---------------------------------------------------------------------------------


def test_abgeschlossener_fall_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", GESCHLOSSEN, "--grund", "rente")
    assert e.exit_code == 2
    assert (
        "911A100011.yaml: Fall „911A100011“ ist abgeschlossen seit 15.10.2026; Abschluss ist "
        "nicht möglich"
    ) in e.stderr
    assert f"Wieder öffnen: vier-phasen wiederaufnahme {GESCHLOSSEN}" in e.stderr
    assert dateistand(demo) == vorher


def test_unbekannter_grund_nennt_die_erlaubten(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "umzug")
    assert e.exit_code == 2
    assert (
        f"  ungültig: abschluss.grund: Wert ist hier nicht zulässig (erlaubt: {CODES})"
        in e.stderr.splitlines()
    )
    assert dateistand(demo) == vorher


def test_ohne_grund_und_ohne_terminal(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", AKTIV, "--notiz", "Umzug nach Hamburg")
    assert e.exit_code == 2
    assert e.stderr.splitlines()[:2] == [
        "Fehler: Abschluss: Antworten fehlen oder passen nicht (1)",
        "  fehlt: abschluss.grund (Grund des Abschlusses; Option --grund)",
    ]
    assert dateistand(demo) == vorher


@pytest.mark.parametrize("notiz", ["rot\x1b[31m", "a\x07b", "x\u009by"])
def test_steuerzeichen_in_der_notiz_abgelehnt(vp: Aufruf, demo: Path, notiz: str) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "rente", "--notiz", notiz)
    assert e.exit_code == 2
    assert "ungültig: abschluss.notiz: enthält Steuerzeichen" in e.stderr
    assert "\x1b" not in e.stderr and "\x07" not in e.stderr
    assert dateistand(demo) == vorher


def test_formel_in_der_notiz_bleibt_text(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "rente", "--notiz", "=1+1")
    assert e.exit_code == 0, e.stderr
    assert _daten(demo, AKTIV)["abschluss"]["notiz"] == "=1+1"


def test_abschluss_in_der_zukunft_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "rente", "--datum", "+1")
    assert e.exit_code == 2
    assert "Fehler: Ein Abschluss am 24.11.2026 liegt in der Zukunft" in e.stderr
    assert "--datum heute oder früher" in e.stderr
    assert dateistand(demo) == vorher


def test_abschluss_vor_dem_letzten_gespraech_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "rente", "--datum", "30.09.2026")
    assert e.exit_code == 2
    assert (
        "911A100001.yaml: Der Abschluss (30.09.2026) kann nicht vor dem letzten Gespräch am "
        "01.10.2026 liegen"
    ) in e.stderr
    assert dateistand(demo) == vorher
    # on the day of the last conversation it may close
    e = vp("--ablage", demo, "abschluss", AKTIV, "--grund", "rente", "--datum", "01.10.2026")
    assert e.exit_code == 0, e.stderr


def test_abschluss_vor_der_wiederaufnahme_abgelehnt(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "wiederaufnahme", GESCHLOSSEN, "--datum", "20.11.2026")
    assert e.exit_code == 0, e.stderr
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", GESCHLOSSEN, "--grund", "rente", "--datum", "19.11.2026")
    assert e.exit_code == 2
    assert "kann nicht vor der Wiederaufnahme am 20.11.2026 liegen" in e.stderr
    assert dateistand(demo) == vorher


@pytest.mark.parametrize(
    ("option", "wert", "meldung"),
    [
        ("--datum", "31.02.2026", "Ungültiger Wert für --datum"),
        ("--beschaeftigung-ab", "31.02.2026", "ungültig: nachhaltigkeit.beschaeftigung_ab"),
        ("--nachbetreuung-geprueft", "9999-12-31", "ungültig: nachhaltigkeit.nachbetreuung_gep"),
        ("--reha-traeger-beendet", "morgen", "ungültig: abschluss.reha_traeger_beendet"),
    ],
)
def test_ungueltiges_datum(vp: Aufruf, demo: Path, option: str, wert: str, meldung: str) -> None:
    fall = REHA if option == "--reha-traeger-beendet" else AKTIV
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", fall, "--grund", "arbeitsaufnahme", option, wert)
    assert e.exit_code == 2
    assert meldung in e.stderr
    assert "Traceback" not in e.stderr
    assert dateistand(demo) == vorher


def test_unbekannter_fall(vp: Aufruf, demo: Path) -> None:
    e = vp("--ablage", demo, "abschluss", "911A999999", "--grund", "rente")
    assert e.exit_code == 2
    assert "Fall „911A999999“ gibt es nicht" in e.stderr


# --- on a terminal ----------------------------------------------------------------------------


def _starte(demo: Path, fall_id: str, terminal: Terminal, datum: date = date(2026, 11, 23)):
    return starte(
        abschluss.ASSISTENT, oeffne_ablage(demo), lade_kataloge(), fall_id,
        datum=datum, antworten={}, terminal=terminal,
    )  # fmt: skip


def test_im_terminal_nach_arbeitsaufnahme(demo: Path) -> None:
    terminal = Terminal(
        tasten=[
            ENTER,  # Grund: Arbeitsaufnahme (first)
            "Vertrag ab Dezember\r",
            "01.12.2026\r",  # Beschäftigung ab
            ENTER,  # Nachbetreuung: not checked yet
            ENTER,  # Speichern
        ]
    )
    gespeichert = _starte(demo, AKTIV, terminal)
    assert gespeichert is not None and terminal.tasten == []
    assert terminal.gefragt[:4] == [
        "Grund des Abschlusses",
        "Notiz zum Abschluss (optional)",
        "Beschäftigung ab (optional) (TT.MM.JJJJ, heute, +14, leer: keins)",
        "Weitere Unterstützung (Nachbetreuung) geprüft am (optional) (TT.MM.JJJJ, heute, +14, "
        "leer: keins)",
    ]
    text = " ".join(" ".join(terminal.ausgabe).split())
    assert "§ 29 Abs. 3 SGB III" in text
    assert "erinnert „vier-phasen pruefen“ daran (NH001)" in text
    assert "~ status: aktiv → abgeschlossen" in text
    assert "NH001 hinweis" in text
    fall = _daten(demo, AKTIV)
    assert fall["abschluss"]["notiz"] == "Vertrag ab Dezember"
    assert fall["nachhaltigkeit"] == {
        "beschaeftigung_ab": date(2026, 12, 1),
        "nachbetreuung_geprueft": None,
    }


def test_im_terminal_sgb2_nennt_die_handlungsstrategie(demo: Path) -> None:
    terminal = Terminal(tasten=[RUNTER + ENTER, ENTER, ENTER, "heute\r", ENTER])
    assert _starte(demo, SGB2, terminal) is not None
    text = " ".join(" ".join(terminal.ausgabe).split())
    assert "Beendigung oder Verringerung der Hilfebedürftigkeit von Beschäftigten" in text
    fall = _daten(demo, SGB2)
    assert fall["abschluss"]["grund"] == "ausbildungsaufnahme"
    assert fall["nachhaltigkeit"]["nachbetreuung_geprueft"] == date(2026, 11, 23)


def test_im_terminal_reha_fragt_das_ende_des_verfahrens(demo: Path) -> None:
    terminal = Terminal(
        tasten=[
            RUNTER * 4 + ENTER,  # Grund: Rente
            ENTER,  # no note
            # a day after the closing is refused at the prompt, then corrected
            "24.11.2026\r" + "\x7f" * 10 + "18.11.2026\r",
            ENTER,  # Speichern
        ]
    )
    assert _starte(demo, REHA, terminal) is not None
    assert terminal.tasten == []
    # no Nachbetreuung questions after a Rente
    assert terminal.gefragt[:3] == [
        "Grund des Abschlusses",
        "Notiz zum Abschluss (optional)",
        "Tag, an dem der Reha-Träger das Verfahren beendet hat (TT.MM.JJJJ, heute, +14)",
    ]
    text = " ".join(" ".join(terminal.ausgabe).split())
    assert "das Verfahren beendet ausschließlich der Reha-Träger (3.4.4)" in text
    assert _daten(demo, REHA)["abschluss"] == {
        "datum": date(2026, 11, 23),
        "grund": "rente",
        "notiz": None,
        "reha_traeger_beendet": date(2026, 11, 18),
    }


# --- zeige ------------------------------------------------------------------------------------


def test_zeige_einen_geschlossenen_fall(vp: Aufruf, demo: Path) -> None:
    assert vp("--ablage", demo, "wiederaufnahme", REHA).exit_code != 0  # not closed yet
    e = vp(
        "--ablage", demo, "abschluss", REHA, "--grund", "arbeitsaufnahme",
        "--reha-traeger-beendet", "20.11.2026", "--notiz", "Übernahme nach Umschulung",
    )  # fmt: skip
    assert e.exit_code == 0, e.stderr
    assert vp("--ablage", demo, "wiederaufnahme", REHA, "--notiz", "Rückfall").exit_code == 0
    e = vp(
        "--ablage", demo, "abschluss", REHA, "--grund", "rente", "--reha-traeger-beendet", "heute"
    )
    assert e.exit_code == 0, e.stderr
    e = vp("--ablage", demo, "zeige", REHA, env={"COLUMNS": "120"})
    assert e.exit_code == 0, e.stderr
    zeilen = [" ".join(z.strip("│ ").split()) for z in e.stdout.splitlines()]
    assert "Abgeschlossen am 23.11.2026" in zeilen
    assert "Grund Rente" in zeilen
    assert "Reha-Träger beendet 23.11.2026" in zeilen
    assert "Frühere Abschlüsse" in zeilen
    assert (
        "• 23.11.2026: Arbeitsaufnahme – Übernahme nach Umschulung; wieder aufgenommen am "
        "23.11.2026 – Rückfall"
    ) in zeilen


def test_nachbetreuung_in_der_zukunft_abgelehnt(vp: Aufruf, demo: Path) -> None:
    vorher = dateistand(demo)
    e = vp("--ablage", demo, "abschluss", "911A100001", "--grund", "arbeitsaufnahme",
           "--nachbetreuung-geprueft", "+30")  # fmt: skip
    assert e.exit_code == 2
    assert "Das Datum darf nicht nach dem 23.11.2026 liegen" in e.stderr
    assert dateistand(demo) == vorher
