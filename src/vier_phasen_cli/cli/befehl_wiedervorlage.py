"""``vier-phasen wiedervorlage``: the caseworker's own reminders of a case (SPEC §10).

With ``--am``/``--text`` it adds one, with ``--erledigt NR`` it marks one done (both through
the change commands' path, ``fuehre_aenderung``); with neither it lists them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from vier_phasen_cli.cli.aenderung import Antworten, fuehre_aenderung
from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import Ausgabe, EntsperrenOption, format_option


def wiedervorlage(
    ctx: typer.Context,
    fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")],
    am: Annotated[
        str | None,
        typer.Option("--am", help="Neue Wiedervorlage: an diesem Tag.", metavar="DATUM"),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="Neue Wiedervorlage: worum es geht.", metavar="TEXT"),
    ] = None,
    erledigt: Annotated[
        int | None,
        typer.Option(
            "--erledigt", help="Die Wiedervorlage mit dieser Nummer ist erledigt.", metavar="NR"
        ),
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Mit --erledigt: erledigt an diesem Tag (Vorgabe: heute).",
            metavar="DATUM",
        ),
    ] = None,
    alle: Annotated[
        bool, typer.Option("--alle", help="Liste: auch die erledigten Wiedervorlagen zeigen.")
    ] = False,
    antworten: Antworten = None,
    entsperren: EntsperrenOption = False,
    format: Annotated[Literal["tabelle", "json"], format_option("tabelle", "json")] = "tabelle",
    ausgabe: Ausgabe = None,
) -> int:
    """Eigene Wiedervorlagen eines Falls: anlegen, erledigen, auflisten.

    Mit --am und --text eine neue anlegen, mit --erledigt NR eine erledigen; ohne beides
    die offenen auflisten (--alle: auch die erledigten). Offene Wiedervorlagen erscheinen in
    „faellig“ als Art „wiedervorlage“.
    """
    from vier_phasen_cli.fehler import VierPhasenFehler

    aendern = any(v is not None for v in (am, text, erledigt, antworten))
    if not aendern:
        if datum is not None:
            raise VierPhasenFehler(
                "--datum gilt nur mit --erledigt NR",
                hinweis=f"Zum Beispiel: vier-phasen wiedervorlage {fall_id} --erledigt 1 "
                "--datum heute",
            )
        return _liste(ctx, fall_id, alle=alle, format=format, ausgabe=ausgabe)
    nur_liste = [name for name, v in (("--alle", alle), ("--output", ausgabe)) if v]
    if nur_liste:
        raise VierPhasenFehler(
            f"{' und '.join(nur_liste)} gilt nur für die Liste (ohne --am, --text, --erledigt "
            "und --antworten)",
        )
    if datum is not None and erledigt is None and antworten is None:
        raise VierPhasenFehler(
            "--datum gilt nur mit --erledigt NR; der Tag einer neuen Wiedervorlage ist --am",
        )
    from vier_phasen_cli.wizard.wiedervorlage import ASSISTENT, WiedervorlageAntworten

    return fuehre_aenderung(
        ctx, ASSISTENT, fall_id,
        flaggen={"am": am, "text": text, "erledigt": erledigt},
        antworten_quelle=antworten, modell=WiedervorlageAntworten,
        datum=datum, format="json" if format == "json" else "text",
    )  # fmt: skip


def _liste(
    ctx: typer.Context, fall_id: str, *, alle: bool, format: str, ausgabe: Path | None
) -> int:
    from vier_phasen_cli.cli.ausgabe import (
        json_text,
        melde,
        schreibe_ausgabe,
        schreibe_zeilen,
        textformat,
    )
    from vier_phasen_cli.domain.eintraege import nummern
    from vier_phasen_cli.render import wiedervorlagen as darstellung
    from vier_phasen_cli.storage.faelle import lade_fall_nach_id

    s = sitzung(ctx)
    fall = lade_fall_nach_id(s.ablage(), fall_id, s.kataloge()).fall
    liste = fall.wiedervorlagen
    # what comes next first; the number decides between reminders of the same day
    eintraege = sorted(
        (
            (nr, w)
            for nr, w in zip(nummern(liste), liste, strict=True)
            if alle or w.erledigt is None
        ),
        key=lambda e: (e[1].am, e[0]),
    )
    if format == "json":
        schreibe_ausgabe(json_text(darstellung.als_daten(fall.id, eintraege)), ausgabe)
        return 0
    if not eintraege:
        erledigte = len(liste) if not alle else 0
        mehr = f" ({erledigte} erledigte zeigt --alle)" if erledigte else ""
        art = "" if alle else " offenen"
        melde(f"Fall {fall.id}: keine{art} Wiedervorlagen{mehr}.")
        return 0
    breite, farbe = textformat(ausgabe)
    schreibe_zeilen(darstellung.als_tabelle(eintraege, s.heute(), breite, farbe), ausgabe)
    return 0


def registriere(app: typer.Typer) -> None:
    app.command("wiedervorlage")(wiedervorlage)
