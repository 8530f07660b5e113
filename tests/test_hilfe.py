"""German help everywhere, umlaut spellings of commands and "Meinten Sie …?" for a typo."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Annotated

import pytest
import typer
import typer.main

from vier_phasen_cli.cli import deutsch
from vier_phasen_cli.cli.app import app

from .conftest import Aufruf

ENGLISCH = (
    "OPTIONS",
    "COMMAND",
    "ARGS",
    "Usage",
    "Show this message",
    "Error",
    "Missing",
    "Invalid value",
    "Options:",
    "Arguments:",
    "Commands:",
    "default:",
    "required",
    "done",
    "selections",
    "<str>",
    "<int>",
    "<list",
    "<path>",
    "x>=",
    "x<=",
    "[[",
    "]...",
    "(dynamic)",
    "env var",
)
ALIASE = {
    "erstgespraech": "erstgespräch",
    "folgegespraech": "folgegespräch",
    "faellig": "fällig",
    "pruefen": "prüfen",
    "uebergabe": "übergabe",
    "rueckgaengig": "rückgängig",
}


def _gruppe() -> deutsch.Gruppe:
    gruppe = typer.main.get_command(app)
    assert isinstance(gruppe, deutsch.Gruppe)
    return gruppe


def _alle_aufrufe() -> list[list[str]]:
    return [[], *(pfad.split() for pfad, _ in deutsch.alle_befehle(_gruppe()))]


def test_jeder_befehl_hat_die_deutschen_klassen() -> None:
    """A command registered on a plain typer.Typer would show Typer's English help."""
    for pfad, befehl in deutsch.alle_befehle(_gruppe()):
        assert isinstance(befehl, deutsch.Befehl | deutsch.Gruppe), pfad


@pytest.mark.parametrize("breite", ["50", "80", "120"])
def test_jede_hilfeseite_ist_deutsch_und_bricht_nicht_am_bindestrich(
    vp: Aufruf, breite: str
) -> None:
    for befehl in _alle_aufrufe():
        ergebnis = vp(*befehl, "--help", env={"COLUMNS": breite})
        assert ergebnis.exit_code == 0, befehl
        text = ergebnis.stdout
        assert text.startswith("Aufruf: vier-phasen"), befehl
        for englisch in ENGLISCH:
            assert englisch not in text, (befehl, englisch)
        for zeile in text.splitlines():
            # "Eingliederungs- vereinbarung", "(.vier- phasen/…)": a word cut at its hyphen
            assert not re.search(r"\w-$", zeile), (befehl, zeile)
            assert not re.search(r"(^|\s)-$", zeile), (befehl, zeile)
            # what belongs together: "SGB / III", "nach § / 15a", "(Vorgabe: / text)",
            # "(+ / neu", "z. / B.", "less / -FRX"
            assert not re.search(r"(\bSGB|§|Vorgabe:|(^|[\s(])[+~]|\b[zdu]\.|\bless)$", zeile), (
                befehl,
                zeile,
            )
            assert not re.search(r"^\s*([IVX]+\b|B\.|h\.)", zeile), (befehl, zeile)
        # a hyphen left from a line break in the source (German's "Vermittlungs- bzw." is fine)
        flach = " ".join(text.split())
        assert not re.search(r"\w- (?!und |oder |bzw\. )[a-zäöüß]", flach), befehl
        # one form for defaults, as the hand-written ones: "(Vorgabe: …)"
        assert "[Vorgabe" not in flach, befehl
        assert ". (Vorgabe" not in flach, befehl
    # a command to copy stays on one line
    text = vp("completion", "--help", env={"COLUMNS": breite}).stdout
    assert "\n    source <(vier-phasen completion bash)\n" in text
    assert "\n    vier-phasen completion fish | source\n" in text


def test_aufrufzeilen(vp: Aufruf) -> None:
    def aufruf(*befehl: str) -> str:
        return vp(*befehl, "--help").stdout.splitlines()[0]

    assert aufruf() == "Aufruf: vier-phasen [OPTIONEN] BEFEHL [ARGUMENTE] …"
    assert aufruf("pruefen") == "Aufruf: vier-phasen pruefen [OPTIONEN] [ID …]"
    assert aufruf("zeige") == "Aufruf: vier-phasen zeige [OPTIONEN] ID"
    assert aufruf("dokument") == "Aufruf: vier-phasen dokument [OPTIONEN] ID ART"
    assert aufruf("fällig") == "Aufruf: vier-phasen faellig [OPTIONEN]"


def test_platzhalter_auswahl_und_vorgaben(vp: Aufruf) -> None:
    text = vp("pruefen", "--help").stdout
    assert "  ID …  Nur diese Fälle prüfen (Vorgabe: alle der Ablage)." in text
    assert "  -f, --format text|json|markdown" in text
    assert "Ausgabeformat: text, json, markdown (Vorgabe: text)." in " ".join(text.split())
    assert "--fachkraft FACHKRAFT" in vp("faellig", "--help").stdout


def test_jede_option_hat_ihre_eigene_hilfe(vp: Aufruf) -> None:
    erst = vp("erstgespraech", "--help").stdout
    folge = vp("folgegespraech", "--help").stdout
    assert "datiert Potenzialanalyse" in " ".join(erst.split())
    assert "Potenzialanalyse" not in " ".join(folge.split()).split("--datum")[1].split("--")[0]


def test_befehle_stehen_einmal_in_der_hilfe_mit_ihrer_umlautschreibung(vp: Aufruf) -> None:
    text = vp("--help").stdout
    for name, alias in ALIASE.items():
        assert text.count(f"  {name} ({alias})  ") == 1, name
        assert not re.search(rf"^  {alias}\b", text, re.M), alias


def test_die_umlautschreibungen() -> None:
    gruppe = _gruppe()
    assert gruppe.aliase() == {alias: name for name, alias in ALIASE.items()}
    # The table works for commands registered later, too (rückgängig, a Verlauf's Änderungen).
    assert deutsch.umlautform("rueckgaengig") == "rückgängig"
    for ohne in ("neu", "zeige", "abschluss", "bearbeite", "wiederaufnahme", "statistik"):
        assert deutsch.umlautform(ohne) is None


@pytest.mark.parametrize(("name", "alias"), sorted(ALIASE.items()))
def test_jede_umlautschreibung_ruft_den_befehl(vp: Aufruf, name: str, alias: str) -> None:
    for schreibung in (alias, unicodedata.normalize("NFD", alias)):  # macOS types NFD
        ergebnis = vp(schreibung, "--help")
        assert ergebnis.exit_code == 0
        assert ergebnis.stdout.startswith(f"Aufruf: vier-phasen {name} ")


def test_umlautschreibung_arbeitet_wie_der_befehl(vp: Aufruf, demo: Path) -> None:
    mit = vp("--ablage", demo, "fällig", "--format", "json")
    ohne = vp("--ablage", demo, "faellig", "--format", "json")
    assert mit.exit_code == ohne.exit_code == 0
    assert mit.stdout == ohne.stdout


@pytest.mark.parametrize(
    ("eingabe", "meldung"),
    [
        ("faelig", "Fehler: Unbekannter Befehl „faelig“. Meinten Sie „faellig“?"),
        ("prüfn", "Fehler: Unbekannter Befehl „prüfn“. Meinten Sie „prüfen“?"),
        ("fälig", "Fehler: Unbekannter Befehl „fälig“. Meinten Sie „fällig“?"),
        ("pruefn", "Fehler: Unbekannter Befehl „pruefn“. Meinten Sie „pruefen“?"),
        ("zeigen", "Fehler: Unbekannter Befehl „zeigen“. Meinten Sie „zeige“?"),
        ("lsite", "Fehler: Unbekannter Befehl „lsite“. Meinten Sie „liste“?"),
        ("Neu", "Fehler: Unbekannter Befehl „Neu“. Meinten Sie „neu“?"),
        ("drucken", "Fehler: Unbekannter Befehl „drucken“."),
    ],
)
def test_meinten_sie(vp: Aufruf, eingabe: str, meldung: str) -> None:
    ergebnis = vp(eingabe)
    assert ergebnis.exit_code == 2
    assert ergebnis.stdout == ""
    assert ergebnis.stderr == f"{meldung}\nHilfe: vier-phasen --help\n"


@pytest.mark.parametrize(
    ("aufruf", "fehler", "hinweis"),
    [
        (
            ["katalog", "zieloption"],
            "Fehler: Unbekannter Katalog „zieloption“",
            "Meinten Sie „zieloptionen“? Vorhanden: zieloptionen, handlungsbedarfe,",
        ),
        (
            ["katalog", "stärkn"],
            "Fehler: Unbekannter Katalog „stärkn“",
            "Meinten Sie „stärken“? Vorhanden:",
        ),
        (
            ["faellig", "--art", "folgegespräch,zwischenzil"],
            "Fehler: Unbekannte Art für --art: zwischenzil",
            "Meinten Sie „zwischenziel“? Erlaubt: folgegespraech,",
        ),
        (
            ["faellig", "--art", "folgegesprch"],
            "Fehler: Unbekannte Art für --art: folgegesprch",
            "Meinten Sie „folgegespraech“? Erlaubt:",
        ),
        (
            ["faellig", "--art", "termin"],
            "Fehler: Unbekannte Art für --art: termin",
            "Erlaubt: folgegespraech,",
        ),
        (
            ["pruefen", "--schwere", "warnug"],
            "Fehler: Ungültiger Wert „warnug“ für --schwere. Meinten Sie „warnung“? Erlaubt: "
            "fehler, warnung, hinweis.",
            "Hilfe: vier-phasen pruefen --help",
        ),
    ],
)
def test_meinten_sie_bei_werten(
    vp: Aufruf, demo: Path, aufruf: list[str], fehler: str, hinweis: str
) -> None:
    ergebnis = vp("--ablage", demo, *aufruf)
    assert ergebnis.exit_code == 2
    assert ergebnis.stdout == ""
    zeilen = ergebnis.stderr.splitlines()
    assert zeilen[0] == fehler
    assert zeilen[1].startswith(hinweis)


def test_werte_mit_umlauten(vp: Aufruf, demo: Path) -> None:
    """Umlaut spellings of --art values and catalog names are the values themselves."""
    mit = vp("--ablage", demo, "fällig", "--art", "Folgegespräch", "--format", "json")
    ohne = vp("--ablage", demo, "faellig", "--art", "folgegespraech", "--format", "json")
    assert mit.exit_code == ohne.exit_code == 0
    assert mit.stdout == ohne.stdout
    nfd = unicodedata.normalize("NFD", "stärken")
    for name in ("stärken", nfd, "STAERKEN"):
        ergebnis = vp("--ablage", demo, "katalog", name, "--format", "json")
        assert ergebnis.exit_code == 0, ergebnis.stderr
        assert ergebnis.stdout == vp("--ablage", demo, "katalog", "staerken", "-f", "json").stdout


def test_unbekannte_option_schlaegt_auf_deutsch_vor(vp: Aufruf) -> None:
    ergebnis = vp("liste", "--forma", "json")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines()[0] == (
        "Fehler: Unbekannte Option --forma. Meinten Sie „--format“?"
    )


def test_ohne_befehl_nach_einer_option(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.splitlines()[0] == "Fehler: Bitte einen Befehl angeben."


def test_umbrechen_nur_an_leerzeichen() -> None:
    text = "Zwischenspeicher der Ablage (.vier-phasen/cache.sqlite und kataloge.json)"
    for breite in range(10, 40):
        for zeile in deutsch.umbrechen(text, breite).splitlines():
            assert zeile in text.split() or zeile in text
            assert not zeile.endswith("-")
    assert deutsch.umbrechen("Eine Eingliederungsvereinbarung", 12) == (
        "Eine\nEingliederungsvereinbarung"
    )


@pytest.mark.parametrize("breite", range(10, 60))
def test_umbrechen_haelt_zusammen_was_zusammengehoert(breite: int) -> None:
    text = (
        "Nur Fälle (SGB II, SGB III, SGB II/III) nach § 15a SGB II, z. B. so: die Felder "
        "(+ neu, ~ geändert, - entfernt) über $PAGER (Vorgabe: less -FRX). [Vorgabe: text]"
    )
    zeilen = deutsch.umbrechen(text, breite).splitlines()
    assert " ".join(zeilen) == text
    for zusammen in ("SGB II", "SGB III", "§ 15a", "z. B.", "+ neu", "~ geändert", "- entfernt"):
        assert any(zusammen in z for z in zeilen), (breite, zusammen, zeilen)
    assert any("(Vorgabe: less -FRX)" in z for z in zeilen)
    assert any("[Vorgabe: text]" in z for z in zeilen)


def test_umbrechen_laesst_eingerueckte_zeilen_stehen() -> None:
    text = "Einrichten:\n\n    source <(vier-phasen completion bash)\n\nDann neu öffnen."
    assert deutsch.umbrechen(text, 20, "  ") == (
        "  Einrichten:\n\n    source <(vier-phasen completion bash)\n\n  Dann neu öffnen."
    )


def test_optionen_mit_eigenem_text(vp: Aufruf) -> None:
    """Shared options say what they do in each command (they were copied before)."""

    def option(befehl: str, name: str) -> str:
        text = " ".join(vp(befehl, "--help", env={"COLUMNS": "200"}).stdout.split())
        return text.split(f" {name} ")[1].split(" --")[0]

    assert "heute vertritt" in option("liste", "--fachkraft")
    assert "Stichtag" not in option("liste", "--fachkraft")
    assert "am Stichtag vertritt" in option("faellig", "--fachkraft")
    assert option("abschluss", "--notiz").startswith("TEXT Notiz zum Abschluss")
    assert option("wiederaufnahme", "--notiz").startswith("TEXT Notiz zur Wiederaufnahme")
    assert "Regeln" not in option("statistik", "--stichtag")
    assert "Regeln" in option("pruefen", "--stichtag")
    assert "ungespeichert" not in vp("rueckgaengig", "--help").stdout
    assert "nicht in Git festgehaltene Änderungen" in " ".join(
        vp("rueckgaengig", "--help").stdout.split()
    )


def test_vorschlag_in_der_schreibweise_der_eingabe() -> None:
    assert deutsch.meinten_sie("stärkn", ["staerken", "neue"]) == "Meinten Sie „stärken“?"
    assert deutsch.meinten_sie("nee", ["neue"]) == "Meinten Sie „neue“?"
    assert deutsch.meinten_sie("neuä", ["neue"]) == "Meinten Sie „neue“?"  # not „neü“
    assert deutsch.meinten_sie("vereinbarung-überprüfn", ["vereinbarung-ueberpruefen"]) == (
        "Meinten Sie „vereinbarung-überprüfen“?"
    )
    assert deutsch.meinten_sie("xyz", ["neue"]) == ""


def test_abstand() -> None:
    assert deutsch.abstand("faelig", "faellig") == 1
    assert deutsch.abstand("lsite", "liste") == 1  # two neighbours swapped
    assert deutsch.abstand("", "neu") == 3
    assert deutsch.naechste("xyz", ["neu", "zeige"]) == []


def test_hilfe_wird_vor_dem_pruefen_der_werte_gezeigt(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "prüfen", "--stichtag", "kein Datum", "-h")
    assert ergebnis.exit_code == 0
    assert ergebnis.stdout.startswith("Aufruf: vier-phasen pruefen [OPTIONEN] [ID …]\n")
    # "--help" as the value of an option stays a value, as Click reads it
    ergebnis = vp("--ablage", demo, "liste", "--fachkraft", "--help")
    assert (ergebnis.exit_code, ergebnis.stdout) == (0, "")
    ergebnis = vp("drucken", "--help")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith("Fehler: Unbekannter Befehl „drucken“.")


def test_platzhalter_und_bereiche_ohne_eigenen_metavar() -> None:
    """A later option without a metavar still reads German: ZAHL, not <int>; a range in
    words, not [x>=0]."""
    from typer.testing import CliRunner

    probe = deutsch.DeutscheApp(name="vp")

    @probe.callback()
    def _probe() -> None:
        pass

    @probe.command("zaehle")
    def _zaehle(
        tage: Annotated[int, typer.Option("--tage", min=0, help="Tage.")] = 3,
        namen: Annotated[list[str] | None, typer.Argument(help="Namen.")] = None,
    ) -> None:
        """Zählen."""

    text = CliRunner().invoke(probe, ["zaehle", "--help"]).stdout
    assert text.startswith("Aufruf: vp zaehle [OPTIONEN] [NAMEN …]\n")
    assert "  --tage ZAHL  Tage (Vorgabe: 3; mindestens 0)." in text
    assert "  NAMEN …  Namen." in text
