"""The wizards without a terminal: answers files (YAML, JSON, stdin), one error for everything
missing, the JSON Schema, and the round trip typed answers → answers file → same case."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from . import assistenten as a
from .conftest import Aufruf, dateistand

HEUTE = {"VIER_PHASEN_HEUTE": "2026-10-01"}

ANTWORTEN = """\
kunde: {name: Tom Test}
rechtskreis: SGB III
arbeitslos_seit: 2026-09-01
potenzialanalyse:
  zielberuf: Koch
  staerken:
    - {art: formale-qualifikation, text: Gesellenbrief Koch}
  handlungsbedarfe: []
integrationsprognose: nicht-marktnah
ziel:
  option: beschaeftigung-lokal
  beschreibung: Koch in der Gastronomie
strategien:
  - {code: vermittlung, handlungsbedarf: null}
vereinbarung:
  leistungen: [Vermittlungsvorschläge]
  eigenbemuehungen:
    - {text: Vier Bewerbungen im Monat, frist: 2026-10-31}
termine: {folgegespraech: 2026-11-05}
gespraech: {anliegen: Erstgespräch, vermerk: Potenzialanalyse per Antwortdatei}
"""


def _datei(tmp_path: Path, text: str, name: str = "antworten.yaml") -> Path:
    pfad = tmp_path / name
    pfad.write_text(text, encoding="utf-8")
    return pfad


def test_antwortdatei_legt_den_fall_an(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ergebnis = vp(
        "--ablage",
        demo,
        "erstgespraech",
        "T-1",
        "--antworten",
        _datei(tmp_path, ANTWORTEN),
        env=HEUTE,
    )
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert ergebnis.stdout == ""
    assert "gespeichert" not in ergebnis.stderr  # no terminal: a save is not confirmed
    fall = yaml.safe_load((demo / "cases" / "T-1.yaml").read_text(encoding="utf-8"))
    assert fall["unterstuetzungsbedarf"] == "hoeher"  # proposed from the prognosis (section 5)
    assert fall["vereinbarung"]["art"] == "eingliederungsvereinbarung"  # from the Rechtskreis
    assert fall["vereinbarung"]["datum"] == fall["potenzialanalyse"]["datum"] == date(2026, 10, 1)
    assert fall["gespraeche"][0]["prognose"] == "nicht-marktnah"  # the case's, after the wizard
    pruefen = vp("--ablage", demo, "pruefen", "T-1", "--stichtag", "2026-10-01")
    assert pruefen.stdout == "1 Fall geprüft: keine Befunde.\n"


def test_fehlende_antworten_in_einem_fehler(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    unvollstaendig = ANTWORTEN.replace("  option: beschaeftigung-lokal\n", "").replace(
        ", vermerk: Potenzialanalyse per Antwortdatei", ""
    )
    vorher = dateistand(demo)
    ergebnis = vp(
        "--ablage",
        demo,
        "erstgespraech",
        "T-1",
        "--antworten",
        _datei(tmp_path, unvollstaendig),
        env=HEUTE,
    )
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines() == [
        "Fehler: Erstgespräch: Antworten fehlen oder passen nicht (2)",
        "  fehlt: ziel.option (Zieloption (Anlage 2))",
        "  fehlt: gespraech.vermerk (Beratungsvermerk: was wurde besprochen und vereinbart)",
        "Ohne Terminal wird nicht nachgefragt. Aufbau der Antwortdatei: vier-phasen erstgespraech --schema",
    ]
    assert dateistand(demo) == vorher


def test_leere_antworten_nennen_alles_noetige(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    ergebnis = vp(
        "--ablage", demo, "erstgespraech", "T-1", "--antworten", _datei(tmp_path, "{}\n"), env=HEUTE
    )
    assert ergebnis.exit_code == 2
    fehlt = [z for z in ergebnis.stderr.splitlines() if z.startswith("  fehlt: ")]
    assert fehlt[:2] == [
        "  fehlt: kunde.name (Name der Kundin bzw. des Kunden)",
        "  fehlt: rechtskreis (Rechtskreis)",
    ]
    assert (
        "  fehlt: potenzialanalyse.staerken (Bitte mindestens eine Stärke angeben (3.1.2).)"
        in fehlt
    )


def test_ungueltige_antworten(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    falsch = ANTWORTEN.replace("option: beschaeftigung-lokal", "option: weltreise").replace(
        "{folgegespraech: 2026-11-05}", "{folgegespraech: 2026-09-05}"
    )
    ergebnis = vp(
        "--ablage", demo, "erstgespraech", "T-1", "--antworten", _datei(tmp_path, falsch), env=HEUTE
    )
    assert ergebnis.exit_code == 2
    assert (
        "  ungültig: ziel.option: Wert ist hier nicht zulässig (erlaubt: beschaeftigung-lokal,"
        in ergebnis.stderr
    )
    assert (
        "  ungültig: termine.folgegespraech: Das Datum darf nicht vor dem 01.10.2026 liegen."
        in ergebnis.stderr
    )


def test_antwortdatei_mit_falschem_typ_nennt_die_zeile(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    falsch = ANTWORTEN.replace(
        "termine: {folgegespraech: 2026-11-05}", "termine: {folgegespraech: morgen}"
    )
    datei = _datei(tmp_path, falsch + "lieblingsfarbe: blau\n")
    ergebnis = vp("--ablage", demo, "erstgespraech", "T-1", "--antworten", datei, env=HEUTE)
    assert ergebnis.exit_code == 2
    zeilen = ergebnis.stderr.splitlines()
    assert zeilen[0].endswith(
        "antworten.yaml:19: Antwortdatei: termine.folgegespraech: Datum erwartet"
    )
    assert zeilen[1].endswith("antworten.yaml:21: lieblingsfarbe: unbekannte Angabe")


def test_antworten_als_json_von_der_standardeingabe(vp: Aufruf, demo: Path) -> None:
    daten = yaml.safe_load(ANTWORTEN)
    from typer.testing import CliRunner as TyperRunner

    from vier_phasen_cli.cli.app import app

    ergebnis = TyperRunner().invoke(
        app, ["--ablage", str(demo), "erstgespraech", "T-2", "--antworten", "-"],
        input=json.dumps(daten, default=str), env=HEUTE,
    )  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert (
        yaml.safe_load((demo / "cases" / "T-2.yaml").read_text(encoding="utf-8"))["kunde"]["name"]
        == "Tom Test"
    )


def test_schema(vp: Aufruf) -> None:
    erst = json.loads(vp("erstgespraech", "--schema").stdout)
    assert {
        "potenzialanalyse",
        "ziel",
        "strategien",
        "vereinbarung",
        "termine",
        "gespraech",
        "kunde",
    } <= set(erst["properties"])
    assert erst["additionalProperties"] is False
    folge = json.loads(vp("folgegespraech", "--schema").stdout)
    assert "kunde" not in folge["properties"] and "gespraech" in folge["properties"]


_ENGLISCH = re.compile(
    r"\b(the|of|and|is|are|its|this|that|when|which|with|only|each|answers|named|case|"
    r"section|wizard|added|given|new|date)\b",
    re.IGNORECASE,
)


def _texte(schema: Any) -> Iterator[str]:
    """Every description and title of a JSON schema (what a scripter reads)."""
    if isinstance(schema, dict):
        for schluessel, wert in schema.items():
            if schluessel in ("description", "title") and isinstance(wert, str):
                yield wert
            else:
                yield from _texte(wert)
    elif isinstance(schema, list):
        for wert in schema:
            yield from _texte(wert)


@pytest.mark.parametrize("befehl", ["erstgespraech", "folgegespraech", "abschluss"])
def test_schema_ist_deutsch(vp: Aufruf, befehl: str) -> None:
    ergebnis = vp(befehl, "--schema")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    schema = json.loads(ergebnis.stdout)
    assert schema["description"].startswith(f"Antworten für „vier-phasen {befehl}“")
    englisch = [t for t in _texte(schema) if _ENGLISCH.search(t)]
    assert englisch == []


def test_getippt_und_als_entwurf_fortgesetzt_ergeben_denselben_fall(
    demo: Path, tmp_path: Path
) -> None:
    """Typed answers, kept as a draft and resumed, make the same case as typed in one go."""
    getippt = tmp_path / "getippt"
    shutil.copytree(demo, getippt)
    a.erstgespraech(getippt, "NEU-1", a.ERSTGESPRAECH + a.SPEICHERN)
    a.erstgespraech(demo, "NEU-1", [*a.ERSTGESPRAECH, a.HOCH + a.ENTER])  # keep the draft
    _, terminal = a.erstgespraech(demo, "NEU-1", [a.ENTER, *a.SPEICHERN])  # resume, save
    assert terminal.tasten == []
    assert (demo / "cases" / "NEU-1.yaml").read_bytes() == (
        getippt / "cases" / "NEU-1.yaml"
    ).read_bytes()


def test_folgegespraech_mit_antwortdatei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    antworten = {
        "gespraech": {
            "form": "telefon",
            "vermerk": "Telefonisch besprochen",
            "aktivitaeten": {
                "abgleich": "ok",
                "ueberpruefung": "ok",
                "bewerbungen": "zwei",
                "naechste_schritte": "MAG",
            },
        },
        "termine": {"folgegespraech": "2027-01-20"},
    }
    datei = _datei(tmp_path, json.dumps(antworten), "a.json")
    vorher = (demo / "cases" / "911A100004.yaml").read_text(encoding="utf-8")
    ergebnis = vp(
        "--ablage",
        demo,
        "folgegespraech",
        "911A100004",
        "--antworten",
        datei,
        "--datum",
        "2026-12-14",
    )
    assert ergebnis.exit_code == 0, ergebnis.stderr
    nachher = (demo / "cases" / "911A100004.yaml").read_text(encoding="utf-8")
    # nothing else changed but the agreement's joint review, scripted as typed (3.4.1)
    erwartet = vorher.split("termine:")[0].replace("ueberprueft: null", "ueberprueft: 2026-12-14")
    assert nachher.split("termine:")[0] == erwartet
    fall = yaml.safe_load(nachher)
    assert fall["gespraeche"][-1]["aktivitaeten"]["naechste_schritte"] == "MAG"
    assert fall["gespraeche"][-1]["prognose"] == "nicht-marktnah"

    ohne = _datei(tmp_path, json.dumps({"termine": {"folgegespraech": "2027-01-20"}}), "b.json")
    fehler = vp(
        "--ablage",
        demo,
        "folgegespraech",
        "911A100004",
        "--antworten",
        ohne,
        "--datum",
        "2026-12-14",
    )
    assert fehler.exit_code == 2
    assert (
        "  fehlt: gespraech.aktivitaeten.abgleich (1) Abgleich mit dem Stand der Umsetzung: Ergebnis)"
        in fehler.stderr
    )


def test_folgegespraech_ersetzt_vereinbarung_und_behaelt_die_alte(
    vp: Aufruf, demo: Path, tmp_path: Path
) -> None:
    alt = yaml.safe_load((demo / "cases" / "911A100004.yaml").read_text(encoding="utf-8"))[
        "vereinbarung"
    ]
    neu = {
        **alt,
        "leistungen": [*alt["leistungen"], "Bewerbungstraining"],
        "ueberprueft": "2026-12-14",
    }
    antworten = {
        "vereinbarung": neu,
        "gespraech": {
            "vermerk": "x",
            "aktivitaeten": {
                "abgleich": "a",
                "ueberpruefung": "b",
                "bewerbungen": "c",
                "naechste_schritte": "d",
            },
        },
        "termine": {"folgegespraech": "2027-01-20"},
    }
    datei = _datei(tmp_path, json.dumps(antworten, default=str), "a.json")
    assert (
        vp(
            "--ablage",
            demo,
            "folgegespraech",
            "911A100004",
            "--antworten",
            datei,
            "--datum",
            "2026-12-14",
        ).exit_code
        == 0
    )
    fall = yaml.safe_load((demo / "cases" / "911A100004.yaml").read_text(encoding="utf-8"))
    assert fall["vereinbarung"]["leistungen"][-1] == "Bewerbungstraining"
    assert fall["vereinbarung_historie"] == [alt]


def test_folgegespraech_ohne_fall(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "folgegespraech", "999")
    assert ergebnis.exit_code == 2
    assert "Fall „999“ gibt es nicht" in ergebnis.stderr


def test_ohne_id(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "erstgespraech")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith("Fehler: Argument ID fehlt.")


def test_leere_antwortdatei(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    leer = tmp_path / "leer.yaml"
    leer.write_text("\n", encoding="utf-8")
    e = vp("--ablage", demo, "folgegespraech", "911A100001", "--antworten", leer)
    assert e.exit_code == 2
    assert "leer.yaml: Die Antwortdatei ist leer" in e.stderr
    assert "vier-phasen folgegespraech --schema" in e.stderr and "neu ID" not in e.stderr
