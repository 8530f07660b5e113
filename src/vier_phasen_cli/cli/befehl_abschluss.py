"""``vier-phasen abschluss``: close a case (SPEC §10, §16; 3.4.4)."""

from __future__ import annotations

from typing import Annotated

import typer

from vier_phasen_cli.cli.aenderung import Antworten, Format, fuehre_aenderung, notiz_option
from vier_phasen_cli.cli.optionen import EntsperrenOption


def _schema(gewuenscht: bool) -> None:
    if not gewuenscht:
        return
    from vier_phasen_cli.cli.ausgabe import json_text, schreibe_ausgabe
    from vier_phasen_cli.wizard.abschluss import AbschlussAntworten
    from vier_phasen_cli.wizard.antworten import schema

    schreibe_ausgabe(json_text(schema(AbschlussAntworten)), None)
    raise typer.Exit(0)


def abschluss(
    ctx: typer.Context,
    fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")],
    grund: Annotated[
        str | None,
        typer.Option(
            "--grund",
            help="Grund des Abschlusses: ein Code aus dem Katalog abschlussgruende "
            "(„vier-phasen katalog abschlussgruende“).",
            metavar="GRUND",
        ),
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Tag des Abschlusses (Vorgabe: heute; nicht in der Zukunft).",
            metavar="DATUM",
        ),
    ] = None,
    notiz: Annotated[str | None, notiz_option("zum Abschluss")] = None,
    beschaeftigung_ab: Annotated[
        str | None,
        typer.Option(
            "--beschaeftigung-ab", help="Beginn der Beschäftigung (3.4.4).", metavar="DATUM"
        ),
    ] = None,
    nachbetreuung_geprueft: Annotated[
        str | None,
        typer.Option(
            "--nachbetreuung-geprueft",
            help="Tag, an dem geprüft wurde, ob nach Arbeitsaufnahme oder Ausbildungsende "
            "weitere Unterstützung erforderlich ist (3.4.4; sonst erinnert NH001).",
            metavar="DATUM",
        ),
    ] = None,
    reha_traeger_beendet: Annotated[
        str | None,
        typer.Option(
            "--reha-traeger-beendet",
            help="Reha-Fall: Tag, an dem der Reha-Träger das Verfahren beendet hat (Pflicht; "
            "3.4.4).",
            metavar="DATUM",
        ),
    ] = None,
    antworten: Antworten = None,
    entsperren: EntsperrenOption = False,
    format: Format = "text",
    schema: Annotated[
        bool,
        typer.Option(
            "--schema",
            help="Das JSON-Schema der Antwortdatei ausgeben.",
            is_eager=True,
            callback=_schema,
        ),
    ] = False,
) -> int:
    """Einen Fall abschließen (3.4.4).

    Setzt status: abgeschlossen, hält Grund, Tag und Notiz fest und in „nachhaltigkeit“, ab
    wann die Beschäftigung läuft und wann die weitere Unterstützung geprüft wurde. Ein
    Reha-Fall schließt nur mit dem Tag, an dem der Reha-Träger das Verfahren beendet hat.
    Ein abgeschlossener Fall erscheint nicht mehr in „faellig“.
    """
    from vier_phasen_cli.wizard.abschluss import ASSISTENT, AbschlussAntworten

    flaggen = {
        "abschluss": {
            "grund": grund, "notiz": notiz, "reha_traeger_beendet": reha_traeger_beendet,
        },
        "nachhaltigkeit": {
            "beschaeftigung_ab": beschaeftigung_ab,
            "nachbetreuung_geprueft": nachbetreuung_geprueft,
        },
    }  # fmt: skip
    return fuehre_aenderung(
        ctx, ASSISTENT, fall_id,
        flaggen=flaggen, antworten_quelle=antworten, modell=AbschlussAntworten,
        datum=datum, format=format,
    )  # fmt: skip


def registriere(app: typer.Typer) -> None:
    app.command("abschluss")(abschluss)
