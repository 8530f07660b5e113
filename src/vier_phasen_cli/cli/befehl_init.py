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
) -> None:
    """Eine neue Ablage anlegen.

    Legt cases/, .vier-phasen/ (0700), vier-phasen.toml und .gitignore an.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde
    from vier_phasen_cli.cli.kontext import sitzung
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.ablage import init_ablage
    from vier_phasen_cli.storage.ressourcen import eingebaute_kataloge, eingebaute_vorlagen

    ordner = sitzung(ctx).neue_ablage(ordner)
    if ordner.exists() and not ordner.is_dir():
        raise VierPhasenFehler("Gibt es schon und ist kein Ordner", datei=ordner)
    try:
        angelegt = init_ablage(ordner, vorlagen, eingebaute_kataloge(), eingebaute_vorlagen())
    except PermissionError as exc:
        raise VierPhasenFehler(
            "Keine Schreibberechtigung; die Ablage wurde nicht (vollständig) angelegt",
            datei=Path(exc.filename) if exc.filename else ordner,
        ) from None
    if not angelegt:
        melde(f"Ablage {anzeige_pfad(ordner)} ist schon vollständig eingerichtet.")
    else:
        melde(f"Ablage eingerichtet in {anzeige_pfad(ordner.resolve())}:")
        for pfad in angelegt:
            melde(f"  angelegt: {anzeige_pfad(pfad)}")
    for zeile in naechste_schritte(ordner, neu=bool(angelegt)):
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
