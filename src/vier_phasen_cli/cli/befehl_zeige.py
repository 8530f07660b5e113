"""``vier-phasen zeige``: one case, readable or as data."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import Ausgabe, KeinPager, format_option


def zeige(
    ctx: typer.Context,
    fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")],
    format: Annotated[
        Literal["text", "yaml", "json"],
        format_option("text", "yaml", "json"),
    ] = "text",
    ausgabe: Ausgabe = None,
    kein_pager: KeinPager = False,
) -> None:
    """Einen Fall anzeigen: Stammdaten und die vier Phasen."""
    from vier_phasen_cli.cli.ausgabe import drucke, json_text, schreibe_ausgabe
    from vier_phasen_cli.storage.faelle import lies_fall_nach_id

    s = sitzung(ctx)
    kataloge = s.kataloge()
    gelesen = lies_fall_nach_id(s.ablage(), fall_id, kataloge)
    if format == "yaml":
        from vier_phasen_cli.domain.steuerzeichen import sicher

        # The file as it is, but what YAML allows raw and a terminal must not get (U+0085,
        # the bidi controls) shown as escapes, as in every other format (SPEC §16).
        text = gelesen.rohdaten.decode("utf-8").lstrip("\ufeff")
        schreibe_ausgabe(sicher(text.replace("\r\n", "\n")), ausgabe)
    elif format == "json":
        schreibe_ausgabe(json_text(gelesen.fall.model_dump(mode="json")), ausgabe)
    else:
        from vier_phasen_cli.cli.pager import blaettern_erwuenscht, seitenweise
        from vier_phasen_cli.render.fallansicht import fallansicht

        with seitenweise(ausgabe is None and blaettern_erwuenscht(kein_pager)):
            drucke(fallansicht(gelesen.fall, kataloge), ausgabe)


def registriere(app: typer.Typer) -> None:
    app.command("zeige")(zeige)
