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
        from vier_phasen_cli.storage.git import lies_gitdatei, pruefe_programm

        pruefe_programm()  # before anything is created
        for name in (".gitignore", ".gitattributes"):
            lies_gitdatei(ordner / name)
    if ordner.exists() and not ordner.is_dir():
        raise VierPhasenFehler("Gibt es schon und ist kein Ordner", datei=ordner)
    try:
        eingerichtet = init_ablage(
            ordner, vorlagen, eingebaute_kataloge(), eingebaute_vorlagen(), gruppe
        )
    except PermissionError as exc:
        from vier_phasen_cli.storage.ablage import schreibverbot_hinweis

        datei = Path(exc.filename) if exc.filename else ordner
        raise VierPhasenFehler(
            "Keine Schreibberechtigung; die Ablage wurde nicht (vollständig) angelegt",
            datei=datei,
            hinweis=schreibverbot_hinweis(ordner, datei, gruppe),
        ) from None
    fertig = not eingerichtet.angelegt and not eingerichtet.angepasst
    if fertig and not eingerichtet.fremd and not mit_git:
        melde(f"Ablage {anzeige_pfad(ordner)} ist schon vollständig eingerichtet.")
    else:
        gruppe = eingerichtet.gruppe
        team = f" (Team-Ablage der Gruppe {sicher_einzeilig(gruppe)})" if gruppe else ""
        if not fertig:
            melde(f"Ablage eingerichtet in {anzeige_pfad(ordner.resolve())}{team}:")
        for pfad in eingerichtet.angelegt:
            melde(f"  angelegt: {anzeige_pfad(pfad)}")
        for pfad in eingerichtet.angepasst:
            melde(f"  für das Team freigegeben: {anzeige_pfad(pfad)}")
        if eingerichtet.fremd:
            melde(
                "Warnung: Diese Dateien bzw. Ordner anderer Eigentümer darf das Team nicht "
                "lesen oder schreiben; freigeben können sie nur ihre Eigentümer (oder root):"
            )
        for pfad, hinweis in eingerichtet.fremd:
            melde(f"  {anzeige_pfad(pfad)}: {hinweis}")
        if mit_git:
            from vier_phasen_cli.cli.befehl_git import richte_repository_ein

            richte_repository_ein(ordner, sitzung(ctx).heute())
    for zeile in naechste_schritte(ordner, neu=bool(eingerichtet.angelegt)):
        melde(zeile)


NEU_BEISPIEL = "vier-phasen neu ID --name … --rechtskreis … --fachkraft …"


def naechste_schritte(ordner: Path, *, neu: bool) -> list[str]:
    """What to do after ``init``: fill in the Dienststelle while it is empty, and the first
    case – after a ``cd`` when commands run from here would not find the new workspace."""
    import os
    import shlex

    from vier_phasen_cli.cli.ausgabe import anzeige_pfad
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.ablage import EINSTELLUNGEN, finde_ablage, lade_einstellungen

    zeilen: list[str] = []
    toml = ordner / EINSTELLUNGEN
    try:
        leer = not lade_einstellungen(toml).dienststelle.get("name")
    except VierPhasenFehler:  # a broken file of an earlier workspace: pruefen and co. say so
        leer = False
    if leer:
        zeilen.append(
            f"Hinweis: Die Dienststelle ist noch leer. Bitte in {anzeige_pfad(toml)} unter "
            "[dienststelle] name und anschrift eintragen: sie stehen auf "
            "Eingliederungsvereinbarung und Kooperationsplan."
        )
    if neu:
        try:
            gefunden: Path | None = finde_ablage(None, os.environ, Path.cwd())
        except VierPhasenFehler:  # $VIER_PHASEN_ABLAGE names a missing folder
            gefunden = None
        if gefunden is not None and gefunden.resolve() == ordner.resolve():
            zeilen.append(f"Nächster Schritt: {NEU_BEISPIEL}")
        else:
            wechsel = shlex.quote(anzeige_pfad(ordner.resolve()))
            zeilen.append(f"Nächster Schritt: cd {wechsel} && {NEU_BEISPIEL}")
    return zeilen


def registriere(app: typer.Typer) -> None:
    app.command("init")(init)
