"""``vier-phasen neu``: create a case with its Stammdaten."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Any

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import datum_option


def neu(
    ctx: typer.Context,
    fall_id: Annotated[
        str, typer.Argument(help="Fall-ID, zugleich Dateiname (z. B. 4711A000123).", metavar="ID")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Name der Kundin bzw. des Kunden.")
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
) -> None:
    """Einen neuen Fall mit seinen Stammdaten anlegen.

    Fehlende Angaben werden im Terminal erfragt; ohne Terminal (Skript, cron) ist jede
    fehlende Pflichtangabe ein Fehler, der die Option nennt.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde
    from vier_phasen_cli.domain.fall import lies_rechtskreis
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.faelle import lege_an

    s = sitzung(ctx)
    ablage = s.ablage()
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
    angaben: dict[str, Any] = {
        "name": name,
        "rechtskreis": rechtskreis,
        "fachkraft": fachkraft or ablage.einstellungen.fachkraft,
        "geburtsdatum": datum_option(geburtsdatum, "--geburtsdatum", heute),
        "arbeitslos_seit": datum_option(arbeitslos_seit, "--arbeitslos-seit", heute),
        "reha": reha,
        "ausbildungsvermittlung": ausbildungsvermittlung,
        "aufstocker": aufstocker,
    }
    if angaben["rechtskreis"] is not None:
        try:
            angaben["rechtskreis"] = lies_rechtskreis(angaben["rechtskreis"])
        except ValueError as exc:
            raise VierPhasenFehler(f"Ungültiger Wert für --rechtskreis: {exc}") from None
    fehlend = [k for k in ("name", "rechtskreis", "fachkraft") if not (angaben[k] or "").strip()]
    if sys.stdin.isatty() and sys.stdout.isatty():
        _erfrage(angaben, heute)
    elif fehlend:
        optionen = ", ".join(f"--{k}" for k in fehlend)
        raise VierPhasenFehler(
            f"Es fehlen Angaben: {optionen}",
            hinweis="Ohne Terminal wird nicht nachgefragt; bitte die Optionen angeben.",
        )
    for schalter in ("reha", "ausbildungsvermittlung", "aufstocker"):
        angaben[schalter] = bool(angaben[schalter])
    if angaben["aufstocker"] and angaben["rechtskreis"] != "SGB II":
        raise VierPhasenFehler(
            "--aufstocker gilt nur im SGB II (Arbeitslosengeld und Bürgergeld zugleich)"
        )
    lege_an(pfad, _falldaten(fall_id, angaben, heute), s.kataloge())
    melde(f"Fall {fall_id} angelegt: {anzeige_pfad(pfad)}")
    melde(f"Weiter mit: vier-phasen zeige {fall_id}")


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


def _erfrage(angaben: dict[str, Any], heute: date) -> None:
    """Ask on the terminal for what the options left open (questionary)."""
    import questionary

    from vier_phasen_cli.domain.datum import DatumsFehler, lies_datum

    def antwort(frage: Any) -> Any:
        # unsafe_ask lets Ctrl-C through as KeyboardInterrupt (ask() would print English).
        return frage.unsafe_ask()

    def pflicht(text: str) -> bool | str:
        return bool(text.strip()) or "Bitte ausfüllen."

    def datum_oder_leer(text: str) -> bool | str:
        if not text.strip():
            return True
        try:
            lies_datum(text, heute)
        except DatumsFehler as exc:
            return str(exc)
        return True

    if not (angaben["name"] or "").strip():
        angaben["name"] = antwort(
            questionary.text("Name der Kundin bzw. des Kunden:", validate=pflicht)
        )
    if angaben["rechtskreis"] is None:
        angaben["rechtskreis"] = antwort(
            questionary.select("Rechtskreis:", choices=["SGB III", "SGB II"])
        )
    if not (angaben["fachkraft"] or "").strip():
        angaben["fachkraft"] = antwort(questionary.text("Zuständige Fachkraft:", validate=pflicht))
    if angaben["arbeitslos_seit"] is None:
        text = antwort(
            questionary.text(
                "Arbeitslos seit (TT.MM.JJJJ, leer lassen wenn nicht arbeitslos):",
                validate=datum_oder_leer,
            )
        )
        angaben["arbeitslos_seit"] = lies_datum(text, heute) if text.strip() else None
    if angaben["reha"] is None:
        angaben["reha"] = antwort(
            questionary.confirm("Rehabilitandin bzw. Rehabilitand?", default=False)
        )
    if angaben["ausbildungsvermittlung"] is None:
        angaben["ausbildungsvermittlung"] = antwort(
            questionary.confirm("In der Ausbildungsvermittlung?", default=False)
        )
    if angaben["rechtskreis"] == "SGB II" and angaben["aufstocker"] is None:
        angaben["aufstocker"] = antwort(
            questionary.confirm("Aufstockend (Arbeitslosengeld und Bürgergeld)?", default=False)
        )


def registriere(app: typer.Typer) -> None:
    app.command("neu")(neu)
