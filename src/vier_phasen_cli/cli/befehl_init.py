"""``vier-phasen init``: create a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    ctx: typer.Context,
    ordner: Annotated[
        Path | None,
        typer.Argument(
            help="Ordner der neuen Ablage (Vorgabe: --ablage, sonst $VIER_PHASEN_ABLAGE, "
            "sonst der aktuelle Ordner).",
            metavar="ORDNER",
            show_default=False,
        ),
    ] = None,
    vorlagen: Annotated[
        bool,
        typer.Option(
            "--vorlagen",
            help="Kataloge und Dokumentvorlagen zum Anpassen in die Ablage kopieren "
            "(catalogs/, templates/).",
        ),
    ] = False,
    mit_git: Annotated[
        bool,
        typer.Option(
            "--git",
            help="Die Ablage zu einem Git-Repository machen: .gitattributes, Merge-Treiber "
            "und ein erster Commit; danach hält jede Änderung einen Commit fest.",
        ),
    ] = False,
) -> None:
    """Eine neue Ablage anlegen.

    Legt cases/, .vier-phasen/ (0700), vier-phasen.toml und .gitignore an; mit --git
    außerdem ein Git-Repository mit .gitattributes und einem ersten Commit.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde
    from vier_phasen_cli.cli.kontext import sitzung
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.ablage import init_ablage
    from vier_phasen_cli.storage.ressourcen import eingebaute_kataloge, eingebaute_vorlagen

    ordner = sitzung(ctx).neue_ablage(ordner)
    if mit_git:
        from vier_phasen_cli.storage.git import pruefe_programm

        pruefe_programm()  # before anything is created
    if ordner.exists() and not ordner.is_dir():
        raise VierPhasenFehler("Gibt es schon und ist kein Ordner", datei=ordner)
    try:
        angelegt = init_ablage(ordner, vorlagen, eingebaute_kataloge(), eingebaute_vorlagen())
    except PermissionError as exc:
        raise VierPhasenFehler(
            "Keine Schreibberechtigung; die Ablage wurde nicht (vollständig) angelegt",
            datei=Path(exc.filename) if exc.filename else ordner,
        ) from None
    if not angelegt and not mit_git:
        melde(f"Ablage {anzeige_pfad(ordner)} ist schon vollständig eingerichtet.")
        return
    if angelegt:
        melde(f"Ablage eingerichtet in {anzeige_pfad(ordner.resolve())}:")
    for pfad in angelegt:
        melde(f"  angelegt: {anzeige_pfad(pfad)}")
    if mit_git:
        from vier_phasen_cli.cli.befehl_git import richte_repository_ein

        richte_repository_ein(ordner, sitzung(ctx).heute())
    if angelegt:
        melde("Nächster Schritt: vier-phasen neu ID --name … --rechtskreis … --fachkraft …")


def registriere(app: typer.Typer) -> None:
    app.command("init")(init)
