"""``vier-phasen neu``: create a case with its Stammdaten."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Any

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import (
    EntsperrenOption,
    datum_option,
    entsperr_frage,
    rechtskreis_option,
)


def neu(
    ctx: typer.Context,
    fall_id: Annotated[
        str | None,
        typer.Argument(
            help="Fall-ID, zugleich Dateiname (z. B. 4711A000123); im Terminal wird sonst "
            "danach gefragt.",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Name der Kundin bzw. des Kunden.", metavar="NAME"),
    ] = None,
    rechtskreis: Annotated[
        str | None,
        typer.Option("--rechtskreis", help="SGB II oder SGB III.", metavar="SGB II|SGB III"),
    ] = None,
    fachkraft: Annotated[
        str | None,
        typer.Option(
            "--fachkraft",
            help="Zuständige Vermittlungs- bzw. Integrationsfachkraft "
            "(Vorgabe: [standard] fachkraft in vier-phasen.toml).",
            metavar="FACHKRAFT",
        ),
    ] = None,
    geburtsdatum: Annotated[
        str | None, typer.Option("--geburtsdatum", help="Geburtsdatum (optional).", metavar="DATUM")
    ] = None,
    arbeitslos_seit: Annotated[
        str | None,
        typer.Option(
            "--arbeitslos-seit", help="Beginn der Arbeitslosigkeit (optional).", metavar="DATUM"
        ),
    ] = None,
    reha: Annotated[
        bool | None,
        typer.Option(
            "--reha/--keine-reha", help="Rehabilitandin bzw. Rehabilitand (Vorgabe: nein)."
        ),
    ] = None,
    ausbildungsvermittlung: Annotated[
        bool | None,
        typer.Option(
            "--ausbildungsvermittlung/--keine-ausbildungsvermittlung",
            help="In der Ausbildungsvermittlung (AusbV) (Vorgabe: nein).",
        ),
    ] = None,
    aufstocker: Annotated[
        bool | None,
        typer.Option(
            "--aufstocker/--kein-aufstocker",
            help="SGB II: bezieht Arbeitslosengeld und Bürgergeld (kein Kooperationsplan nötig, "
            "3.4.2) (Vorgabe: nein).",
        ),
    ] = None,
    entsperren: EntsperrenOption = False,
) -> None:
    """Einen neuen Fall mit seinen Stammdaten anlegen.

    Fehlende Angaben werden im Terminal erfragt; ohne Terminal (Skript, cron) ist jede
    fehlende Pflichtangabe ein Fehler, der die Option nennt.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, bestaetige
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.faelle import lege_an

    s = sitzung(ctx)
    ablage = s.ablage()
    fall_id = fall_id if fall_id is not None else _frage_fall_id(ctx)
    pfad = ablage.fall_pfad(fall_id)
    if pfad.exists():
        raise VierPhasenFehler(
            f"Fall „{fall_id}“ gibt es schon",
            datei=pfad,
            hinweis=f"Den Fall zeigt „vier-phasen zeige {fall_id}“.",
        )
    if not ablage.faelle.is_dir():
        ablage.fall_dateien()  # raises the explanation of a missing cases/ folder
    heute = s.heute()
    angaben = _stammdaten(
        ablage.einstellungen.fachkraft,
        heute,
        fall_id,
        s.kataloge(),
        {
            "kunde": {
                schluessel: wert
                for schluessel, wert in (
                    ("name", name),
                    ("geburtsdatum", _leer_oder_datum(geburtsdatum, "--geburtsdatum", heute)),
                )
                if wert is not None
            }
            or None,
            "rechtskreis": rechtskreis_option(rechtskreis),
            # The workspace's default Fachkraft answers the question (README: "Vorgabe").
            "fachkraft": fachkraft or ablage.einstellungen.fachkraft,
            "arbeitslos_seit": _leer_oder_datum(arbeitslos_seit, "--arbeitslos-seit", heute),
            "reha": reha,
            "ausbildungsvermittlung": ausbildungsvermittlung,
            "aufstocker": aufstocker,
        },
    )
    if aufstocker and angaben["rechtskreis"] != "SGB II":
        raise VierPhasenFehler(
            "--aufstocker gilt nur im SGB II (Arbeitslosengeld und Bürgergeld zugleich)"
        )
    from vier_phasen_cli.wizard.terminal import Terminal

    terminal = Terminal() if sys.stdin.isatty() and sys.stdout.isatty() else None
    with ablage.sperre(fall_id, entsperr_frage(ctx, terminal)):
        lege_an(pfad, _falldaten(fall_id, angaben, heute), s.kataloge(), rechte=ablage.rechte)
    bestaetige(f"Fall {fall_id} angelegt: {anzeige_pfad(pfad)}")
    bestaetige(f"Weiter mit dem Erstgespräch: vier-phasen erstgespraech {fall_id}")


_KEINS = ""
"""An optional date given empty (``--geburtsdatum ""``): the answer "none", not asked."""


def _leer_oder_datum(wert: str | None, option: str, heute: date) -> date | str | None:
    """The date of an option; ``_KEINS`` when it was given empty; None when not given."""
    if wert is not None and not wert.strip():
        return _KEINS
    return datum_option(wert, option, heute)


def _frage_fall_id(ctx: typer.Context) -> str:
    """The case ID asked on a terminal (with the ID check); without one the usage error of a
    missing argument, as for every other command."""
    from typer._click.exceptions import MissingParameter

    from vier_phasen_cli.domain.fall_id import ist_fall_id
    from vier_phasen_cli.wizard.terminal import Terminal

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        param = next(p for p in ctx.command.params if p.name == "fall_id")
        raise MissingParameter(ctx=ctx, param=param)  # type: ignore[arg-type]

    def pruefen(eingabe: str) -> bool | str:
        return ist_fall_id(eingabe.strip()) or (
            "Eine Fall-ID besteht aus Buchstaben, Ziffern, Punkt, Binde- und Unterstrich "
            "(höchstens 64 Zeichen, am Anfang ein Buchstabe oder eine Ziffer)."
        )

    return Terminal().text("Fall-ID (z. B. 4711A000123)", pruefen=pruefen)


def _falldaten(fall_id: str, angaben: dict[str, Any], heute: date) -> Any:
    """The new case as a round-trip document in the canonical key order of SPEC §3."""
    from ruamel.yaml.comments import CommentedMap

    from vier_phasen_cli.domain.datum import deutsch

    kunde = CommentedMap(name=angaben["name"].strip())
    if angaben["geburtsdatum"] is not None:
        kunde["geburtsdatum"] = angaben["geburtsdatum"]
    daten = CommentedMap()
    daten["format"] = 1
    daten["id"] = fall_id
    daten["status"] = "aktiv"
    daten["kunde"] = kunde
    daten["rechtskreis"] = angaben["rechtskreis"]
    daten["fachkraft"] = angaben["fachkraft"].strip()
    daten["reha"] = angaben["reha"]
    daten["ausbildungsvermittlung"] = angaben["ausbildungsvermittlung"]
    daten["arbeitslos_seit"] = angaben["arbeitslos_seit"]
    if angaben["rechtskreis"] == "SGB II":
        daten["aufstocker"] = angaben["aufstocker"]
    daten["termine"] = CommentedMap(folgegespraech=None)
    daten["gespraeche"] = []
    daten.yaml_set_start_comment(f"Fall {fall_id}, angelegt am {deutsch(heute)} mit vier-phasen")
    return daten


_OPTIONEN = {
    "kunde.name": "--name",
    "kunde.geburtsdatum": "--geburtsdatum",
    "rechtskreis": "--rechtskreis",
    "fachkraft": "--fachkraft",
    "arbeitslos_seit": "--arbeitslos-seit",
}


def _option(pfad: str) -> str:
    """The flag that answers the question at ``pfad`` (the path itself when there is none)."""
    return _OPTIONEN.get(pfad, pfad)


def _stammdaten(
    fachkraft_vorgabe: str | None,
    heute: date,
    fall_id: str,
    kataloge: Any,
    optionen: dict[str, Any],
) -> dict[str, Any]:
    """The Stammdaten from the options, the rest asked on a terminal – the same questions
    (and checks) as the Erstgespräch's phase 0."""
    from vier_phasen_cli.domain.steuerzeichen import STEUERZEICHEN_MELDUNG
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.wizard import erstgespraech as eg
    from vier_phasen_cli.wizard.bausteine import Lage
    from vier_phasen_cli.wizard.fragen import Befrager
    from vier_phasen_cli.wizard.terminal import Terminal

    vorgaben = {k: v for k, v in optionen.items() if v is not None}
    terminal = Terminal() if sys.stdin.isatty() and sys.stdout.isatty() else None
    b = Befrager(vorgaben, terminal, heute, abschnitte_beantwortet=False)
    erg: dict[str, Any] = {}
    lage = Lage(fall_id=fall_id, datum=heute, fachkraft_vorgabe=fachkraft_vorgabe, neu=True)
    eg.stammdaten(b, kataloge, lage, erg)
    b.steuerzeichen_pruefen(erg)
    if b.ungueltig:
        falsch = [_option(u.split(": ")[0]) + ": " + u.split(": ", 1)[1] for u in b.ungueltig]
        steuerzeichen = any(STEUERZEICHEN_MELDUNG in u for u in b.ungueltig)
        raise VierPhasenFehler(
            f"Ungültige Angaben: {'; '.join(falsch)}",
            hinweis=(
                "Namen und andere einzeilige Angaben dürfen keine Steuerzeichen "
                "(z. B. ESC, Tabulator, Zeilenumbruch) enthalten. "
                if steuerzeichen
                else ""
            )
            + "Es wurde nichts angelegt.",
        )
    if b.fehlend:
        fehlt = [_option(f.split(" (")[0]) for f in b.fehlend]
        raise VierPhasenFehler(
            f"Es fehlen Angaben: {', '.join(fehlt)}",
            hinweis="Ohne Terminal wird nicht nachgefragt; bitte die Optionen angeben.",
        )
    return {
        "name": erg["kunde"]["name"],
        "geburtsdatum": erg["kunde"].get("geburtsdatum"),
        "rechtskreis": erg["rechtskreis"],
        "fachkraft": erg["fachkraft"],
        "arbeitslos_seit": erg["arbeitslos_seit"],
        "reha": bool(erg["reha"]),
        "ausbildungsvermittlung": bool(erg["ausbildungsvermittlung"]),
        "aufstocker": bool(erg.get("aufstocker")),
    }


def registriere(app: typer.Typer) -> None:
    app.command("neu")(neu)
