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
    gruppe: Annotated[
        str | None,
        typer.Option(
            "--gruppe",
            help="Team-Ablage für diese Unix-Gruppe: Falldateien und Dokumente 0660, Ordner "
            "2770, Gruppe NAME; jede Fachkraft behält Cache und Entwürfe für sich. Macht auch "
            "eine bestehende Ablage zur Team-Ablage.",
            metavar="NAME",
        ),
    ] = None,
) -> None:
    """Eine neue Ablage anlegen.

    Legt cases/, .vier-phasen/ (0700), vier-phasen.toml und .gitignore an; mit --gruppe
    eine Team-Ablage (Ordner 2770, Dateien 0660), mit --git außerdem ein Git-Repository mit
    .gitattributes und einem ersten Commit.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde
    from vier_phasen_cli.cli.kontext import sitzung
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
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
        eingerichtet = init_ablage(
            ordner, vorlagen, eingebaute_kataloge(), eingebaute_vorlagen(), gruppe
        )
    except PermissionError as exc:
        raise VierPhasenFehler(
            "Keine Schreibberechtigung; die Ablage wurde nicht (vollständig) angelegt",
            datei=Path(exc.filename) if exc.filename else ordner,
        ) from None
    if not eingerichtet.angelegt and not eingerichtet.angepasst and not mit_git:
        melde(f"Ablage {anzeige_pfad(ordner)} ist schon vollständig eingerichtet.")
        return
    gruppe = eingerichtet.gruppe
    team = f" (Team-Ablage der Gruppe {sicher_einzeilig(gruppe)})" if gruppe else ""
    if eingerichtet.angelegt or eingerichtet.angepasst:
        melde(f"Ablage eingerichtet in {anzeige_pfad(ordner.resolve())}{team}:")
    for pfad in eingerichtet.angelegt:
        melde(f"  angelegt: {anzeige_pfad(pfad)}")
    for pfad in eingerichtet.angepasst:
        melde(f"  für das Team freigegeben: {anzeige_pfad(pfad)}")
    if mit_git:
        from vier_phasen_cli.cli.befehl_git import richte_repository_ein

        richte_repository_ein(ordner, sitzung(ctx).heute())
    if eingerichtet.angelegt:
        melde("Nächster Schritt: vier-phasen neu ID --name … --rechtskreis … --fachkraft …")


def registriere(app: typer.Typer) -> None:
    app.command("init")(init)
