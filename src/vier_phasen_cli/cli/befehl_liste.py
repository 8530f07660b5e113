"""``vier-phasen liste``: all cases, one row each, with filters."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import Ausgabe, Fachkraft, Rechtskreis, fallfilter, format_option


def liste(
    ctx: typer.Context,
    fachkraft: Fachkraft = None,
    rechtskreis: Rechtskreis = None,
    status: Annotated[
        Literal["aktiv", "abgeschlossen"] | None,
        typer.Option("--status", help="Nur aktive bzw. abgeschlossene Fälle."),
    ] = None,
    format: Annotated[
        Literal["tabelle", "json", "csv"],
        format_option("tabelle", "json", "csv"),
    ] = "tabelle",
    ausgabe: Ausgabe = None,
) -> None:
    """Alle Fälle der Ablage auflisten, je Fall eine Zeile.

    Nicht lesbare Dateien werden am Ende gemeldet (Exit-Status 2); die übrigen Fälle
    erscheinen trotzdem.
    """
    from vier_phasen_cli.cli.ausgabe import (
        drucke,
        fehlerliste,
        json_text,
        melde,
        melde_fehler,
        schreibe_ausgabe,
    )
    from vier_phasen_cli.fehler import EXIT_EINGABE
    from vier_phasen_cli.render import fallliste
    from vier_phasen_cli.storage.faelle import lade_alle

    s = sitzung(ctx)
    kataloge = s.kataloge()
    ablage = s.ablage()
    passt = fallfilter(fachkraft, rechtskreis)
    falldateien, fehler = lade_alle(ablage, kataloge)
    faelle = [
        f.fall for f in falldateien if passt(f.fall) and (status is None or f.fall.status == status)
    ]
    if format == "json":
        daten = {
            "faelle": [f.model_dump(mode="json") for f in faelle],
            "fehler": fehlerliste(fehler, ablage.relativ),
        }
        schreibe_ausgabe(json_text(daten), ausgabe)
    elif format == "csv":
        schreibe_ausgabe(fallliste.als_csv(faelle), ausgabe)
    else:
        if faelle:
            drucke(fallliste.als_tabelle(faelle, kataloge), ausgabe)
        melde(_zusammenfassung(len(faelle), len(falldateien), len(fehler)))
    for kaputt in fehler:
        melde_fehler(kaputt)
    if fehler:
        raise typer.Exit(EXIT_EINGABE)


def _zusammenfassung(gezeigt: int, gelesen: int, kaputt: int) -> str:
    text = f"{gezeigt} {'Fall' if gezeigt == 1 else 'Fälle'}"
    if gezeigt != gelesen:
        text += f" (von {gelesen})"
    if kaputt:
        text += f", {kaputt} {'Datei' if kaputt == 1 else 'Dateien'} nicht lesbar"
    return text + "."


def registriere(app: typer.Typer) -> None:
    app.command("liste")(liste)
