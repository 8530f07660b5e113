"""``vier-phasen bearbeite``: edit a case file by hand, safely (SPEC §10, §16)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from vier_phasen_cli.cli.aenderung import Format
from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import EntsperrenOption


def bearbeite(
    ctx: typer.Context,
    fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")],
    format: Format = "text",
    entsperren: EntsperrenOption = False,
) -> int:
    """Die Falldatei im eigenen Editor bearbeiten ($VISUAL, $EDITOR).

    Bearbeitet wird eine Kopie in .vier-phasen/bearbeiten/; gespeichert wird erst, wenn sie
    sich lesen lässt und die Prüfung sie zulässt – und nur, wenn niemand die Falldatei
    inzwischen geändert hat. Sonst bleibt die Kopie als Entwurf erhalten.
    """
    from vier_phasen_cli.cli.ausgabe import (
        anzeige_pfad,
        bestaetige,
        json_text,
        melde,
        schreibe_ausgabe,
    )
    from vier_phasen_cli.cli.befehl_pruefen import auswahl_der_ablage
    from vier_phasen_cli.cli.optionen import entsperr_frage
    from vier_phasen_cli.render.befunde import zusammenfassung
    from vier_phasen_cli.storage.faelle import lade_fall
    from vier_phasen_cli.wizard.bearbeitung import bearbeite as bearbeite_fall
    from vier_phasen_cli.wizard.editor import editorbefehl, oeffne
    from vier_phasen_cli.wizard.terminal import Terminal

    s = sitzung(ctx)
    ablage = s.ablage()
    kataloge = s.kataloge()
    auswahl = auswahl_der_ablage(ablage)
    befehl = editorbefehl(os.environ)
    terminal = Terminal() if sys.stdin.isatty() and sys.stdout.isatty() else None
    ergebnis = bearbeite_fall(
        ablage, kataloge, fall_id,
        editor=lambda datei: oeffne(befehl, datei),
        terminal=terminal, stichtag=s.heute(), auswahl=auswahl,
        entsperren=entsperr_frage(ctx, terminal),
    )  # fmt: skip
    datei = anzeige_pfad(ergebnis.pfad)
    if ergebnis.ausgang == "gespeichert":
        bestaetige(f"Bearbeitung: Fall {fall_id} gespeichert ({datei})")
        if ergebnis.befunde:
            zahlen = zusammenfassung(1, ergebnis.befunde)
            melde(f"{zahlen} Einzelheiten: vier-phasen pruefen {fall_id}")
    elif ergebnis.ausgang == "unveraendert":
        bestaetige(f"Keine Änderung: Fall {fall_id} bleibt, wie er ist ({datei})")
    elif ergebnis.ausgang == "verworfen":
        bestaetige(f"Bearbeitung verworfen: Fall {fall_id} bleibt, wie er ist ({datei})")
        return 0
    else:
        entwurf = anzeige_pfad(ergebnis.entwurf) if ergebnis.entwurf else ""
        melde(
            f"Nicht gespeichert; die Bearbeitung bleibt als Entwurf erhalten: {entwurf} – "
            f"„vier-phasen bearbeite {fall_id}“ setzt sie fort."
        )
        return 0
    if format == "json":
        fall = lade_fall(ergebnis.pfad, kataloge).fall
        schreibe_ausgabe(json_text(fall.model_dump(mode="json")), None)
    return 0


def registriere(app: typer.Typer) -> None:
    app.command("bearbeite")(bearbeite)
