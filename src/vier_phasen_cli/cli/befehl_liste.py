"""``vier-phasen liste``: all cases, one row each, with filters."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import (
    Ausgabe,
    OhneCache,
    Pseudonym,
    Rechtskreis,
    fachkraft_option,
    fallfilter,
    format_option,
    warne_bei_unbekannter_fachkraft,
)


def liste(
    ctx: typer.Context,
    fachkraft: Annotated[str | None, fachkraft_option("heute")] = None,
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
    ohne_cache: OhneCache = False,
    pseudonym: Pseudonym = False,
) -> None:
    """Alle Fälle der Ablage auflisten, je Fall eine Zeile.

    Nicht lesbare Dateien werden am Ende gemeldet (Exit-Status 2); die übrigen Fälle
    erscheinen trotzdem. Mit --pseudonym gibt --format json nur die Spalten der Liste aus,
    nicht die ganzen Falldaten (sie enthalten Freitexte).
    """
    from vier_phasen_cli.cli.ausgabe import (
        fehlerliste,
        json_stuecke,
        melde,
        melde_fehler,
        schreibe_ausgabe,
        schreibe_zeilen,
        textformat,
    )
    from vier_phasen_cli.cli.fortschritt import fortschrittsanzeige
    from vier_phasen_cli.cli.optionen import pseudonyme
    from vier_phasen_cli.fehler import EXIT_EINGABE, DatenFehler
    from vier_phasen_cli.render import fallliste
    from vier_phasen_cli.storage.lesen import falldaten, lesbare, lies_alle

    s = sitzung(ctx)
    s.zwischenspeicher = not ohne_cache
    kataloge = s.kataloge()
    ablage = s.ablage()
    passt = fallfilter(fachkraft, rechtskreis, s.heute())
    eintraege = lies_alle(
        ablage,
        kataloge,
        s.heute(),
        daten=format == "json" and not pseudonym,
        fristen=False,
        mit_cache=not ohne_cache,
        fortschritt=fortschrittsanzeige(format == "tabelle"),
    )
    alle, fehler = lesbare(eintraege)
    warne_bei_unbekannter_fachkraft(fachkraft, (e.kopf for e in alle if e.kopf is not None))
    faelle = [
        e for e in alle if e.kopf and passt(e.kopf) and (status is None or e.kopf.status == status)
    ]
    ersetze = pseudonyme(ablage, pseudonym)
    if ersetze is not None:  # in the pseudonyms' order: the order of the IDs would hint at them
        faelle.sort(key=lambda e: ersetze.fall(e.kopf.id) if e.kopf else "")

    def zeilen() -> Iterator[dict[str, Any]]:
        for e in faelle:
            if e.zeile is not None:
                yield e.zeile if ersetze is None else ersetze.zeile(e.zeile)

    if format == "json":
        unlesbar = fehlerliste(fehler, ablage.relativ)
        if ersetze is not None:
            inhalt: Iterator[dict[str, Any]] = zeilen()
            unlesbar = ersetze.fehlerliste(unlesbar)
        else:
            # Each case is decoded as it is written; one whose cached data turns out unusable
            # is read again from its file, and should that give no case, its error joins the
            # others in the order of the files (written after the cases, so still in time).
            def auch_kaputt(neu: DatenFehler) -> None:
                namen = [f.datei.name if f.datei else "" for f in fehler]
                stelle = bisect.bisect(namen, neu.datei.name if neu.datei else "")
                fehler.insert(stelle, neu)
                unlesbar.insert(stelle, *fehlerliste([neu], ablage.relativ))

            inhalt = falldaten(faelle, ablage, kataloge, s.heute(), auch_kaputt)
        schreibe_ausgabe(json_stuecke("faelle", inhalt, {"fehler": unlesbar}), ausgabe)
    elif format == "csv":
        schreibe_ausgabe(fallliste.als_csv(list(zeilen())), ausgabe)
    else:
        if faelle:
            breite, farbe = textformat(ausgabe)
            tabelle = fallliste.als_tabelle(list(zeilen()), kataloge, breite, farbe)
            schreibe_zeilen(tabelle, ausgabe)
        melde(_zusammenfassung(len(faelle), len(alle), len(fehler)))
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
