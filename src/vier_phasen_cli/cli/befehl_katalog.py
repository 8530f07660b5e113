"""``vier-phasen katalog``: the catalogs in use (built-in or from the workspace)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import Ausgabe, KeinPager, format_option


def katalog(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="Name des Katalogs, z. B. handlungsstrategien; ohne: alle im Überblick.",
            metavar="KATALOG",
        ),
    ] = None,
    format: Annotated[
        Literal["text", "json"],
        format_option("text", "json"),
    ] = "text",
    ausgabe: Ausgabe = None,
    kein_pager: KeinPager = False,
) -> None:
    """Die Kataloge des Integrationskonzepts anzeigen.

    Zieloptionen, Handlungsbedarfe, Handlungsstrategien, Ausnahmen und weitere.
    """
    from vier_phasen_cli.cli.ausgabe import drucke, json_text, schreibe_ausgabe
    from vier_phasen_cli.cli.deutsch import als_wert, meinten_sie
    from vier_phasen_cli.domain.kataloge import KATALOG_NAMEN, Katalog
    from vier_phasen_cli.fehler import VierPhasenFehler

    if name is not None and als_wert(name) in KATALOG_NAMEN:
        name = als_wert(name)  # "stärken", "Zieloptionen"
    elif name is not None:
        vorschlag = meinten_sie(name, KATALOG_NAMEN)
        raise VierPhasenFehler(
            f"Unbekannter Katalog „{name}“",
            hinweis=f"{vorschlag} Vorhanden: {', '.join(KATALOG_NAMEN)}.".lstrip(),
        )
    kataloge = sitzung(ctx).kataloge()

    def als_json(k: Katalog) -> dict[str, Any]:
        return {"name": k.name, "quelle": k.quelle, "eintraege": [dict(e.felder) for e in k]}

    if format == "json":
        daten: Any = (
            als_json(kataloge[name]) if name else {"kataloge": [als_json(k) for k in kataloge]}
        )
        schreibe_ausgabe(json_text(daten), ausgabe)
        return
    from vier_phasen_cli.cli.pager import blaettern_erwuenscht, seitenweise
    from vier_phasen_cli.render.katalogansicht import katalog_tabelle, uebersicht

    ansicht = katalog_tabelle(kataloge[name], kataloge) if name else uebersicht(kataloge)
    with seitenweise(ausgabe is None and blaettern_erwuenscht(kein_pager)):
        drucke(ansicht, ausgabe)


def registriere(app: typer.Typer) -> None:
    app.command("katalog")(katalog)
