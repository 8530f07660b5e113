"""``vier-phasen uebergabe``: hand a Fachkraft's active cases over, for good or as a
Vertretung, and print the Übergabebericht (SPEC §10, §16)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import Ausgabe, EntsperrenOption, format_option

if TYPE_CHECKING:
    from vier_phasen_cli.domain.kataloge import Kataloge
    from vier_phasen_cli.domain.uebergabe import Uebergabebericht
    from vier_phasen_cli.storage.ablage import Ablage
    from vier_phasen_cli.wizard.uebergabe import Uebergeben


def uebergabe(
    ctx: typer.Context,
    fall_ids: Annotated[
        list[str] | None,
        typer.Argument(
            help="Nur diese Fälle (Vorgabe: alle aktiven Fälle von --von).", metavar="ID"
        ),
    ] = None,
    von: Annotated[
        str | None,
        typer.Option(
            "--von", help="Bisherige Fachkraft (wie in den Falldateien).", metavar="FACHKRAFT"
        ),
    ] = None,
    an: Annotated[
        str | None,
        typer.Option("--an", help="Übernehmende Fachkraft bzw. Vertretung.", metavar="FACHKRAFT"),
    ] = None,
    bis: Annotated[
        str | None,
        typer.Option(
            "--bis",
            help="Vertretung bis zu diesem Tag (einschließlich): die Fachkraft der Fälle bleibt, "
            "„faellig“ und „liste“ zeigen sie bis dahin auch unter --fachkraft der Vertretung.",
            metavar="DATUM",
        ),
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Tag der Übergabe bzw. erster Tag der Vertretung (Vorgabe: heute).",
            metavar="DATUM",
        ),
    ] = None,
    format: Annotated[
        Literal["tabelle", "json", "markdown"],
        format_option("tabelle", "json", "markdown"),
    ] = "tabelle",
    ausgabe: Ausgabe = None,
    entsperren: EntsperrenOption = False,
) -> int:
    """Fälle an eine Kollegin oder einen Kollegen übergeben oder eine Vertretung eintragen.

    Ohne --bis wechselt die Fachkraft aller aktiven Fälle von --von (oder nur der genannten)
    zu --an; jeder Wechsel wird im Fall unter „wechsel“ vermerkt. Mit --bis ist es eine
    Vertretung: die Fälle behalten ihre Fachkraft und erhalten „vertretung“. Danach folgt der
    Übergabebericht: je Fall die nächste Frist, die offenen Fristen, das letzte Gespräch und
    die Befunde. Passt ein genannter Fall nicht, wird nichts geändert (Exit-Status 2).
    """
    from vier_phasen_cli.cli.ausgabe import (
        bestaetige,
        melde,
        schreibe_ausgabe,
        schreibe_zeilen,
        textformat,
    )
    from vier_phasen_cli.cli.optionen import datum_option, entsperr_frage
    from vier_phasen_cli.render import uebergabebericht as darstellung
    from vier_phasen_cli.storage import schreibprotokoll
    from vier_phasen_cli.wizard.terminal import Terminal
    from vier_phasen_cli.wizard.uebergabe import Auftrag, uebergib

    s = sitzung(ctx)
    ablage = s.ablage()
    kataloge = s.kataloge()
    heute = s.heute()
    tag = datum_option(datum, "--datum", heute) or heute
    schreibprotokoll.datiere(tag)
    ende = datum_option(bis, "--bis", heute)
    if bis is not None and ende is None:
        from vier_phasen_cli.fehler import VierPhasenFehler

        raise VierPhasenFehler("Ungültiger Wert für --bis: Bitte ein Datum angeben.")
    auftrag = Auftrag(von, an, tuple(fall_ids or ()), tag, ende)
    terminal = Terminal() if sys.stdin.isatty() and sys.stdout.isatty() else None
    ergebnis = uebergib(ablage, kataloge, auftrag, terminal, heute, entsperr_frage(ctx, terminal))
    if ergebnis is None:
        return 0
    bestaetige(_meldung(ergebnis))
    for zeile in ergebnis.ersetzt:  # a change the caller may not have known of: always said
        melde(f"Hinweis: {zeile}.")
    bericht = uebergabebericht(ablage, kataloge, ergebnis)
    if format == "json":
        schreibe_ausgabe(darstellung.als_json(bericht), ausgabe)
    elif format == "markdown":
        from vier_phasen_cli.render.vorlagen import umgebung

        env = umgebung(ablage.vorlagen)
        dienststelle = dict(ablage.einstellungen.dienststelle)
        schreibe_ausgabe(darstellung.als_markdown(env, bericht, dienststelle), ausgabe)
    else:
        breite, farbe = textformat(ausgabe)
        schreibe_zeilen(darstellung.als_tabelle(bericht, breite, farbe), ausgabe)
    return 0


def _meldung(u: Uebergeben) -> str:
    from vier_phasen_cli.domain.datum import deutsch

    anzahl = f"{len(u.faelle)} {'Fall' if len(u.faelle) == 1 else 'Fälle'}"
    if u.bis is None:
        return f"Übergabe: {anzahl} von {u.von} an {u.an} übergeben."
    return (
        f"Vertretung: {anzahl} von {u.von} vom {deutsch(u.datum)} bis {deutsch(u.bis)} "
        f"bei {u.an} eingetragen."
    )


def uebergabebericht(ablage: Ablage, kataloge: Kataloge, u: Uebergeben) -> Uebergabebericht:
    """The report on the cases as saved; findings on the handover's day, with the
    workspace's rule selection and severities (as ``pruefen`` shows them)."""
    from vier_phasen_cli.cli.befehl_pruefen import auswahl_der_ablage
    from vier_phasen_cli.domain.befund import Pruefkontext
    from vier_phasen_cli.domain.fristen import fristen
    from vier_phasen_cli.domain.regeln import REGELWERK
    from vier_phasen_cli.domain.uebergabe import Uebergabebericht, uebergabefall
    from vier_phasen_cli.storage.pruefung import ausgewaehlt, befunde_im_dokument

    auswahl = auswahl_der_ablage(ablage)
    kontext = Pruefkontext(kataloge, u.datum, ablage.einstellungen.kontakt_tage)
    faelle = []
    for f in u.faelle:
        befunde = befunde_im_dokument(f.dokument, ablage.relativ(f.pfad), REGELWERK, kontext)
        faelle.append(
            uebergabefall(f.fall, fristen(f.fall, kataloge), ausgewaehlt(befunde, auswahl))
        )
    return Uebergabebericht(u.datum, u.von, u.an, u.bis, faelle)


def registriere(app: typer.Typer) -> None:
    app.command("uebergabe")(uebergabe)
