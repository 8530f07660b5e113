"""``vier-phasen wiederaufnahme``: reopen a closed case (SPEC §10)."""

from __future__ import annotations

from typing import Annotated

import typer

from vier_phasen_cli.cli.aenderung import Antworten, Format, fuehre_aenderung, notiz_option
from vier_phasen_cli.cli.optionen import EntsperrenOption


def wiederaufnahme(
    ctx: typer.Context,
    fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")],
    datum: Annotated[
        str | None,
        typer.Option("--datum", help="Tag der Wiederaufnahme (Vorgabe: heute).", metavar="DATUM"),
    ] = None,
    notiz: Annotated[str | None, notiz_option("zur Wiederaufnahme")] = None,
    antworten: Antworten = None,
    entsperren: EntsperrenOption = False,
    format: Format = "text",
) -> int:
    """Einen abgeschlossenen Fall wieder aufnehmen.

    Der Abschluss wandert in die abschluss_historie; der Fall ist wieder aktiv und erscheint
    wieder in „faellig“.
    """
    from vier_phasen_cli.wizard.wiederaufnahme import ASSISTENT, WiederaufnahmeAntworten

    return fuehre_aenderung(
        ctx, ASSISTENT, fall_id,
        flaggen={"notiz": notiz}, antworten_quelle=antworten, modell=WiederaufnahmeAntworten,
        datum=datum, format=format,
    )  # fmt: skip


def registriere(app: typer.Typer) -> None:
    app.command("wiederaufnahme")(wiederaufnahme)
