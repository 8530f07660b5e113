"""`vier-phasen pruefen` as caseworkers, team leads and scripts use it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vier_phasen_cli.domain.regeln import REGELWERK

from .conftest import REPO, Aufruf

STICHTAG = "2026-12-01"

# What the demo cases were built to show (see the comment at the top of each file).
DEMO_BEFUNDE = [
    ("911A100002", "FG002", "warnung"),
    ("911A100003", "AB001", "warnung"),
    ("911A100003", "KO001", "warnung"),  # last conversations more than 90 days back
    # The Kooperationspläne predate the question of the Schlichtung (SC001); two are dated
    # after the shipped Rechtsstand's gilt_bis for SGB II, 30.06.2026 (RS001, SPEC §14).
    ("911A100004", "SC001", "hinweis"),
    ("911A100005", "KO001", "warnung"),
    ("911A100006", "RS001", "warnung"),
    ("911A100006", "SC001", "hinweis"),
    ("911A100009", "KO001", "warnung"),
    ("911A100010", "RS001", "warnung"),
    ("911A100010", "SC001", "hinweis"),
    ("911A100013", "VE002", "hinweis"),
    ("911A100014", "ST001", "fehler"),
    ("911A100014", "ZI002", "warnung"),
    ("911A100014", "PR001", "fehler"),
    ("911A100014", "VE008", "warnung"),
    ("911A100014", "KO001", "warnung"),
    ("911A100014", "FG001", "fehler"),
]


def _json(vp: Aufruf, *args: str | Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    ergebnis = vp(*args, "--format", "json")
    return ergebnis.exit_code, json.loads(ergebnis.stdout)


def test_demo_ablage_zeigt_genau_die_eingebauten_probleme(vp: Aufruf, demo: Path) -> None:
    status, daten = _json(vp, "--ablage", demo, "pruefen", "--stichtag", STICHTAG)
    assert status == 1
    assert [(b["fall"], b["code"], b["schwere"]) for b in daten["befunde"]] == DEMO_BEFUNDE
    assert daten["stichtag"] == STICHTAG
    assert daten["zusammenfassung"] == {"faelle": 14, "fehler": 3, "warnungen": 10, "hinweise": 4}


def test_json_hat_die_festgelegte_form(vp: Aufruf, demo: Path) -> None:
    _, daten = _json(vp, "--ablage", demo, "pruefen", "--stichtag", STICHTAG)
    assert list(daten) == ["stichtag", "befunde", "zusammenfassung"]
    for b in daten["befunde"]:
        assert list(b) == ["fall", "datei", "zeile", "code", "schwere", "meldung", "fundstelle"]
        assert b["datei"] == f"cases/{b['fall']}.yaml"
        assert isinstance(b["zeile"], int) and b["zeile"] >= 1
        assert b["fundstelle"] == REGELWERK[b["code"]].fundstelle
    erster = daten["befunde"][0]
    assert erster == {
        "fall": "911A100002",
        "datei": "cases/911A100002.yaml",
        "zeile": 88,
        "code": "FG002",
        "schwere": "warnung",
        "meldung": "Es ist kein künftiges Folgegespräch terminiert (zuletzt für den 17.11.2026)",
        "fundstelle": "3.4.3",
    }


def test_textausgabe_wie_ein_linter(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "pruefen", "911A100014", "911A100013", "--stichtag", STICHTAG)
    assert ergebnis.exit_code == 1
    assert ergebnis.stderr == ""
    assert ergebnis.stdout.splitlines() == [
        "911A100013 · Fatma Demir · M. Schmidt",
        "  cases/911A100013.yaml:43: VE002 hinweis: Marktnah und erst seit Kurzem arbeitslos: bis "
        "20.01.2027 entscheidet die Fachkraft, ob eine Eingliederungsvereinbarung erforderlich ist  "
        "[3.4.1 Fn. 5]",
        "",
        "911A100014 · Jürgen Vogel · A. Wagner",
        "  cases/911A100014.yaml:27: ST001 fehler: Für den Handlungsbedarf „Örtliche Mobilität“ ist "
        "keine Handlungsstrategie vereinbart  [3.3.1]",
        "  cases/911A100014.yaml:40: ZI002 warnung: Das Zwischenziel Nr. 1 hat kein Datum und ist "
        "damit nicht überprüfbar  [3.2]",
        "  cases/911A100014.yaml:59: PR001 fehler: Produkteinsatz Nr. 1 ist nicht ausreichend "
        "begründet: Leitfrage 2 „Besteht hohe Erfolgswahrscheinlichkeit?“ nicht bejaht; Begründung "
        "fehlt  [3.3.2]",
        "  cases/911A100014.yaml:75: VE008 warnung: Die Eingliederungsvereinbarung ist nicht als "
        "ausgehändigt und erläutert vermerkt  [3.4.1]",
        "  cases/911A100014.yaml:89: KO001 warnung: Seit dem letzten Gespräch am 04.08.2026 sind "
        "mehr als 90 Tage vergangen  [3.4.3]",
        "  cases/911A100014.yaml:95: FG001 fehler: Das Folgegespräch vom 04.08.2026 deckt nicht alle "
        "vier Aktivitäten ab; es fehlt: Besprechung von Bewerbungsaktivitäten  [3.4.3]",
        "",
        "2 Fälle geprüft: 3 Fehler, 3 Warnungen, 1 Hinweis.",
    ]


def test_ohne_befunde(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "pruefen", "911A100001", "--stichtag", STICHTAG)
    assert (ergebnis.exit_code, ergebnis.stdout) == (0, "1 Fall geprüft: keine Befunde.\n")


def test_farben_nach_schwere_und_no_color(vp: Aufruf, demo: Path) -> None:
    args = ("--ablage", demo, "pruefen", "911A100014", "--stichtag", STICHTAG)
    farbig = vp(*args, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;31mST001" in farbig and "\x1b[33mZI002" in farbig
    schlicht = vp(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[1;31m" not in schlicht and "\x1b[33m" not in schlicht


@pytest.mark.parametrize(
    ("optionen", "erwartet"),
    [
        (["--auswahl", "VE"], ["VE002", "VE008"]),
        (["--auswahl", "ve,fg001"], ["VE002", "VE008", "FG001"]),
        (["--auswahl", "VE", "--ignorieren", "VE008"], ["VE002"]),
        (["--auswahl", "VE008", "--ignorieren", "VE"], ["VE008"]),  # the more specific wins
        (
            ["--ignorieren", "PR,ST001, ZI, KO"],
            [
                *("FG002", "AB001", "VE002", "VE008", "FG001"),
                *("RS001", "RS001", "SC001", "SC001", "SC001"),
            ],
        ),
        (["--schwere", "fehler"], ["ST001", "PR001", "FG001"]),
        (["--schwere", "warnung", "--auswahl", "VE"], ["VE008"]),
    ],
)
def test_auswahl_und_schwere(
    vp: Aufruf, demo: Path, optionen: list[str], erwartet: list[str]
) -> None:
    _, daten = _json(vp, "--ablage", demo, "pruefen", "--stichtag", STICHTAG, *optionen)
    assert sorted(b["code"] for b in daten["befunde"]) == sorted(erwartet)


def test_nur_hinweise_und_warnungen_geben_status_0(vp: Aufruf, demo: Path) -> None:
    assert (
        vp(
            "--ablage", demo, "pruefen", "--stichtag", STICHTAG, "--ignorieren", "ST,PR,FG001"
        ).exit_code
        == 0
    )


def test_unbekannter_regelcode(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "pruefen", "--auswahl", "XY9")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith("Fehler: Unbekannter Regelcode „XY9“ in --auswahl\n")


def test_einstellungen_schalten_regeln_ab_und_stufen_um(vp: Aufruf, demo: Path) -> None:
    toml = demo / "vier-phasen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[pruefen]\nignorieren = ["VE008"]\nkontakt_tage = 200\n\n[pruefen.schwere]\nFG001 = "warnung"\nPR = "hinweis"\n',
        encoding="utf-8",
    )
    status, daten = _json(vp, "--ablage", demo, "pruefen", "911A100014", "--stichtag", STICHTAG)
    assert [(b["code"], b["schwere"]) for b in daten["befunde"]] == [
        ("ST001", "fehler"), ("ZI002", "warnung"), ("PR001", "hinweis"), ("FG001", "warnung"),
    ]  # fmt: skip
    assert status == 1
    # --ignorieren adds to the workspace's list; --auswahl replaces it.
    _, daten = _json(
        vp, "--ablage", demo, "pruefen", "911A100014", "--stichtag", STICHTAG, "--ignorieren", "ST"
    )
    assert [b["code"] for b in daten["befunde"]] == ["ZI002", "PR001", "FG001"]


def test_falsche_einstellungen(vp: Aufruf, demo: Path) -> None:
    toml = demo / "vier-phasen.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[pruefen.schwere]\nFG001 = "schlimm"\n')
    ergebnis = vp("--ablage", demo, "pruefen")
    assert ergebnis.exit_code == 2
    assert "vier-phasen.toml: Schwere „schlimm“ für FG001" in ergebnis.stderr


def test_kaputte_dateien_werden_gemeldet_und_die_anderen_geprueft(vp: Aufruf, demo: Path) -> None:
    (demo / "cases" / "kaputt.yaml").write_text("format: 1\nid: kaputt\nkunde: [\n")
    (demo / "cases" / "falsch.yaml").write_text(
        "format: 1\nid: falsch\nkunde: {name: X}\nrechtskreis: SGB IV\nfachkraft: Y\n"
    )
    status, daten = _json(vp, "--ablage", demo, "pruefen", "--stichtag", STICHTAG)
    assert status == 2
    kaputt = [
        (b["fall"], b["code"], b["zeile"]) for b in daten["befunde"] if b["code"].startswith("DA")
    ]
    assert kaputt == [("falsch", "DA002", 4), ("kaputt", "DA001", 4)]
    assert daten["zusammenfassung"]["faelle"] == 16
    assert len([b for b in daten["befunde"] if not b["code"].startswith("DA")]) == len(DEMO_BEFUNDE)
    text = vp("--ablage", demo, "pruefen", "--stichtag", STICHTAG).stdout
    assert "cases/kaputt.yaml (nicht lesbar)" in text
    assert "cases/falsch.yaml:4: DA002 fehler: rechtskreis: Wert ist nicht zulässig" in text


def test_datei_und_code_probleme_als_befunde(vp: Aufruf, demo: Path) -> None:
    fall = demo / "cases" / "911A100001.yaml"
    text = fall.read_text(encoding="utf-8").replace(
        "option: beschaeftigung-lokal", "option: weltreise"
    )
    (demo / "cases" / "anders.yaml").write_text(text + "bemerkung: x\n", encoding="utf-8")
    fall.unlink()
    status, daten = _json(vp, "--ablage", demo, "pruefen", "anders", "--stichtag", STICHTAG)
    assert status == 1
    assert [b["code"] for b in daten["befunde"]] == ["DA003", "KA001", "DA004"]
    assert daten["befunde"][0]["fall"] == "911A100001"


def test_unbekannte_fall_id(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "pruefen", "911A100001", "999", "--stichtag", STICHTAG)
    assert ergebnis.exit_code == 2
    assert ergebnis.stdout == "1 Fall geprüft: keine Befunde.\n"
    assert "Fall „999“ gibt es nicht" in ergebnis.stderr


def test_nur_unbekannte_fall_ids(vp: Aufruf, demo: Path) -> None:
    """No case named exists: the errors say so, no "0 Fälle geprüft: keine Befunde"."""
    ergebnis = vp("--ablage", demo, "pruefen", "998", "999", "--stichtag", STICHTAG)
    assert ergebnis.exit_code == 2
    assert ergebnis.stdout == ""
    assert ergebnis.stderr.count("gibt es nicht") == 2


def test_stichtag_vorgabe_ist_heute(vp: Aufruf, demo: Path) -> None:
    _, daten = _json(vp, "--ablage", demo, "pruefen", "911A100013")
    assert daten["stichtag"] == "2026-11-23"
    _, daten = _json(vp, "--ablage", demo, "pruefen", "911A100013", "--stichtag", "20.01.2027")
    assert [b["code"] for b in daten["befunde"]] == ["VE001", "FG002"]


def test_regelliste_enthaelt_alle_regeln(vp: Aufruf) -> None:
    ergebnis = vp("pruefen", "--regeln", "--format", "json")
    regeln = json.loads(ergebnis.stdout)
    assert [r["code"] for r in regeln] == REGELWERK.codes()
    assert len(regeln) == 48
    text = vp("pruefen", "--regeln").stdout
    for code in REGELWERK.codes():
        assert re.search(rf"^{code}\s+(fehler|warnung|hinweis)\s", text, flags=re.M), code


def test_readme_regeltabelle_ist_aus_dem_regelwerk(vp: Aufruf) -> None:
    tabelle = vp("pruefen", "--regeln", "--format", "markdown").stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    anfang, ende = "<!-- regeln:anfang -->\n", "<!-- regeln:ende -->"
    assert anfang in readme and ende in readme
    block = readme.split(anfang, 1)[1].split(ende, 1)[0]
    assert block == tabelle, (
        "README-Tabelle neu erzeugen: vier-phasen pruefen --regeln --format markdown"
    )


def test_markdown_nur_mit_regeln(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "pruefen", "--format", "markdown")
    assert ergebnis.exit_code == 2
    assert "--format markdown gibt es nur zusammen mit --regeln" in ergebnis.stderr
