"""``vier-phasen pruefen``: what the Integrationskonzept still requires, case by case."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import (
    Ausgabe,
    KeinPager,
    OhneCache,
    Pseudonym,
    format_option,
    stichtag_option,
)

if TYPE_CHECKING:
    from pathlib import Path

    from vier_phasen_cli.domain.auswahl import Auswahl
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.ablage import Ablage


def pruefen(
    ctx: typer.Context,
    fall_ids: Annotated[
        list[str] | None,
        typer.Argument(help="Nur diese Fälle prüfen (Vorgabe: alle der Ablage).", metavar="ID"),
    ] = None,
    format: Annotated[
        Literal["text", "json", "markdown"], format_option("text", "json", "markdown")
    ] = "text",
    auswahl: Annotated[
        str | None,
        typer.Option(
            "--auswahl",
            help="Nur diese Regeln, durch Komma getrennt; Präfixe wie VE erlaubt "
            "(ersetzt [pruefen] auswahl).",
            metavar="CODES",
        ),
    ] = None,
    ignorieren: Annotated[
        str | None,
        typer.Option(
            "--ignorieren",
            help="Diese Regeln auslassen, durch Komma getrennt; Präfixe erlaubt "
            "(zusätzlich zu [pruefen] ignorieren).",
            metavar="CODES",
        ),
    ] = None,
    schwere: Annotated[
        Literal["fehler", "warnung", "hinweis"],
        typer.Option("--schwere", help="Mindestschwere der gezeigten Befunde."),
    ] = "hinweis",
    stichtag: Annotated[
        str | None, stichtag_option("die Regeln und Fristen gelten zu diesem Tag")
    ] = None,
    regeln: Annotated[
        bool,
        typer.Option(
            "--regeln", help="Alle Regeln mit Code, Schwere, Fundstelle und Erklärung zeigen."
        ),
    ] = False,
    ausgabe: Ausgabe = None,
    ohne_cache: OhneCache = False,
    pseudonym: Pseudonym = False,
    kein_pager: KeinPager = False,
) -> int:
    """Fälle gegen das Integrationskonzept prüfen.

    Exit-Status: 0 ohne Fehler, 1 bei mindestens einem Befund der Schwere „fehler“,
    2 wenn eine Datei nicht lesbar ist oder eine Fall-ID nicht existiert.
    """
    from vier_phasen_cli.cli.ausgabe import (
        drucke,
        json_text,
        melde_fehler,
        schreibe_ausgabe,
        schreibe_zeilen,
        textformat,
    )
    from vier_phasen_cli.cli.fortschritt import fortschrittsanzeige
    from vier_phasen_cli.cli.optionen import datum_option, pseudonyme
    from vier_phasen_cli.cli.pager import blaettern_erwuenscht, seitenweise
    from vier_phasen_cli.domain.befund import SCHWEREN, Pruefkontext
    from vier_phasen_cli.domain.regeln import REGELWERK
    from vier_phasen_cli.fehler import EXIT_BEFUNDE, EXIT_EINGABE, VierPhasenFehler
    from vier_phasen_cli.render import befunde as darstellung
    from vier_phasen_cli.storage.pruefung import pruefe_dateien

    if regeln:
        alle = list(REGELWERK)
        if format == "json":
            schreibe_ausgabe(json_text(darstellung.regeln_json(alle)), ausgabe)
        elif format == "markdown":
            schreibe_ausgabe(darstellung.regeln_markdown(alle), ausgabe)
        else:
            with seitenweise(ausgabe is None and blaettern_erwuenscht(kein_pager)):
                drucke(darstellung.regeln_tabelle(alle), ausgabe)
        return 0
    if format == "markdown":
        raise VierPhasenFehler("--format markdown gibt es nur zusammen mit --regeln")

    s = sitzung(ctx)
    s.zwischenspeicher = not ohne_cache
    ablage = s.ablage()
    tag = datum_option(stichtag, "--stichtag", s.heute()) or s.heute()
    entscheidung = auswahl_der_ablage(ablage, auswahl, ignorieren)
    pfade, unbekannt = _dateien(ablage, fall_ids or [])
    ergebnis = pruefe_dateien(
        pfade,
        ablage,
        REGELWERK,
        Pruefkontext(s.kataloge(), tag, ablage.einstellungen.kontakt_tage),
        entscheidung,
        mit_cache=not ohne_cache,
        fortschritt=fortschrittsanzeige(format == "text"),
    )
    grenze = SCHWEREN.index(schwere)
    gezeigt = [b for b in ergebnis.befunde if SCHWEREN.index(b.schwere) <= grenze]
    faelle = ergebnis.faelle
    ersetze = pseudonyme(ablage, pseudonym)
    if ersetze is not None:
        faelle = {ersetze.datei(d): ersetze.kopf(k) for d, k in faelle.items()}
        # Sorted again: the order of the real file names would hint at the IDs.
        gezeigt = sorted(map(ersetze.befund, gezeigt), key=lambda b: b.sortierschluessel())

    if format == "json":
        schreibe_ausgabe(json_text(darstellung.als_json(tag, ergebnis.dateien, gezeigt)), ausgabe)
    elif fall_ids and not pfade:
        pass  # no case named exists: the errors below say so, "0 Fälle geprüft" would not
    else:
        breite, farbe = textformat(ausgabe)
        # wrapped only on a terminal: piped and in files a finding stays one line for grep
        umbruch = breite if ausgabe is None and sys.stdout.isatty() else None
        zeilen = list(darstellung.als_text(gezeigt, faelle, farbe, umbruch))
        if gezeigt:
            zeilen.append("")
        zeilen.append(darstellung.zusammenfassung(ergebnis.dateien, gezeigt))
        with seitenweise(ausgabe is None and blaettern_erwuenscht(kein_pager)):
            schreibe_zeilen(zeilen, ausgabe)
    for fehler in unbekannt:
        melde_fehler(fehler)
    if unbekannt or any(b.code in ("DA001", "DA002") for b in gezeigt):
        return EXIT_EINGABE
    return EXIT_BEFUNDE if any(b.schwere == "fehler" for b in gezeigt) else 0


def auswahl_der_ablage(
    ablage: Ablage, auswahl: str | None = None, ignorieren: str | None = None
) -> Auswahl:
    """Rule selection from the workspace's [pruefen] table and the options."""
    from vier_phasen_cli.domain.auswahl import Auswahl, AuswahlFehler, lies_codes, lies_schweren
    from vier_phasen_cli.domain.regeln import REGELWERK
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.ablage import EINSTELLUNGEN

    einstellungen = ablage.einstellungen.roh.get("pruefen", {})
    datei = ablage.wurzel / EINSTELLUNGEN
    codes = REGELWERK.codes()
    try:
        gewaehlt = lies_codes(auswahl, codes, "--auswahl") if auswahl is not None else None
        if gewaehlt is None and "auswahl" in einstellungen:
            gewaehlt = lies_codes(
                _liste(einstellungen["auswahl"]), codes, f"{EINSTELLUNGEN} [pruefen] auswahl"
            )
        aus = lies_codes(
            _liste(einstellungen.get("ignorieren", [])),
            codes,
            f"{EINSTELLUNGEN} [pruefen] ignorieren",
        )
        if ignorieren is not None:
            aus += lies_codes(ignorieren, codes, "--ignorieren")
        schweren = einstellungen.get("schwere", {})
        if not isinstance(schweren, dict):
            raise AuswahlFehler(f"[pruefen] schwere in {EINSTELLUNGEN} muss ein Abschnitt sein")
        umgestuft = lies_schweren(schweren, codes, f"{EINSTELLUNGEN} [pruefen.schwere]")
    except AuswahlFehler as exc:
        quelle_datei = datei if EINSTELLUNGEN in str(exc) else None
        raise VierPhasenFehler(
            str(exc), datei=quelle_datei, hinweis="Alle Regeln zeigt: vier-phasen pruefen --regeln"
        ) from None
    return Auswahl(gewaehlt if gewaehlt is not None else ("",), aus, umgestuft)


def _liste(wert: object) -> list[str]:
    if isinstance(wert, str):
        return [wert]
    if isinstance(wert, list) and all(isinstance(w, str) for w in wert):
        return wert
    from vier_phasen_cli.domain.auswahl import AuswahlFehler

    raise AuswahlFehler("Regelcodes in vier-phasen.toml müssen eine Liste von Texten sein")


def _dateien(
    ablage: Ablage, fall_ids: list[str]
) -> tuple[list[Path] | None, list[VierPhasenFehler]]:
    """The files to check (None: all) and an error for each requested ID that does not exist."""
    from vier_phasen_cli.fehler import VierPhasenFehler

    if not fall_ids:
        return None, []
    pfade: list[Path] = []
    unbekannt: list[VierPhasenFehler] = []
    for fall_id in dict.fromkeys(fall_ids):
        pfad = ablage.fall_pfad(fall_id)
        if pfad.is_file():
            pfade.append(pfad)
        else:
            unbekannt.append(VierPhasenFehler(f"Fall „{fall_id}“ gibt es nicht", datei=pfad))
    return pfade, unbekannt


def registriere(app: typer.Typer) -> None:
    app.command("pruefen")(pruefen)
