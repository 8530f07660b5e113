"""``vier-phasen stammdaten``: change a case's master data (SPEC §10)."""

from __future__ import annotations

from typing import Annotated

import typer

from vier_phasen_cli.cli.aenderung import Antworten, Datum, Format, fuehre_aenderung, notiz_option
from vier_phasen_cli.cli.optionen import EntsperrenOption, rechtskreis_option


def stammdaten(
    ctx: typer.Context,
    fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")],
    name: Annotated[
        str | None,
        typer.Option("--name", help="Name der Kundin bzw. des Kunden.", metavar="NAME"),
    ] = None,
    geburtsdatum: Annotated[
        str | None,
        typer.Option("--geburtsdatum", help="Geburtsdatum (leer: löschen).", metavar="DATUM"),
    ] = None,
    rechtskreis: Annotated[
        str | None,
        typer.Option(
            "--rechtskreis",
            help="Neuer Rechtskreis: SGB II oder SGB III. Die bisherige Vereinbarung wandert in "
            "die vereinbarung_historie; eine neue ist ab dem Wechsel fällig.",
            metavar="SGB II|SGB III",
        ),
    ] = None,
    fachkraft: Annotated[
        str | None,
        typer.Option("--fachkraft", help="Neue zuständige Fachkraft.", metavar="FACHKRAFT"),
    ] = None,
    reha: Annotated[
        bool | None,
        typer.Option("--reha/--keine-reha", help="Rehabilitandin bzw. Rehabilitand."),
    ] = None,
    aufstocker: Annotated[
        bool | None,
        typer.Option(
            "--aufstocker/--kein-aufstocker",
            help="Nur SGB II: bezieht Arbeitslosengeld und Bürgergeld (3.4.2).",
        ),
    ] = None,
    ausbildungsvermittlung: Annotated[
        bool | None,
        typer.Option(
            "--ausbildungsvermittlung/--keine-ausbildungsvermittlung",
            help="In der Ausbildungsvermittlung (AusbV).",
        ),
    ] = None,
    arbeitslos_seit: Annotated[
        str | None,
        typer.Option(
            "--arbeitslos-seit",
            help="Beginn der Arbeitslosigkeit (leer: löschen).",
            metavar="DATUM",
        ),
    ] = None,
    datum: Datum = None,
    notiz: Annotated[str | None, notiz_option("zum Wechsel (steht in „wechsel“)")] = None,
    antworten: Antworten = None,
    entsperren: EntsperrenOption = False,
    format: Format = "text",
) -> int:
    """Stammdaten eines Falls ändern.

    Jeder Wechsel von Rechtskreis, Fachkraft, Reha oder Aufstocker wird mit Datum und Notiz
    in „wechsel“ festgehalten. Ohne Optionen bietet das Terminal die Felder zur Auswahl an.
    """
    from vier_phasen_cli.wizard.stammdaten import ASSISTENT, StammdatenAntworten

    kunde = {k: v for k, v in (("name", name), ("geburtsdatum", geburtsdatum)) if v is not None}
    flaggen = {
        "kunde": kunde or None,  # an empty section would count as given
        "rechtskreis": rechtskreis_option(rechtskreis),
        "fachkraft": fachkraft,
        "reha": reha,
        "aufstocker": aufstocker,
        "ausbildungsvermittlung": ausbildungsvermittlung,
        "arbeitslos_seit": arbeitslos_seit,
        "notiz": notiz,
    }
    return fuehre_aenderung(
        ctx, ASSISTENT, fall_id,
        flaggen=flaggen, antworten_quelle=antworten, modell=StammdatenAntworten,
        datum=datum, format=format,
    )  # fmt: skip


def registriere(app: typer.Typer) -> None:
    app.command("stammdaten")(stammdaten)
