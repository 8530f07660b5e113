"""``vier-phasen git …``: the workspace as a git repository (SPEC §11).

``git einrichten`` registers the merge driver and diff converter in a clone's ``.git/config``
(the one thing a clone does not bring along); ``init --git`` makes the repository.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from vier_phasen_cli.cli.kontext import sitzung

git_app = typer.Typer(
    name="git",
    help="Die Ablage als Git-Repository: Merge-Treiber und Diff-Anzeige für die Fälle.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def richte_repository_ein(ordner: Path, heute: date) -> None:
    """``init --git``: repository, ``.gitignore``/``.gitattributes``, driver, first commit.

    Case files, catalogs and templates already in the workspace go into the first commit too:
    the history of each case then begins with what it was."""
    from vier_phasen_cli.cli.ausgabe import melde
    from vier_phasen_cli.storage import git

    vorhanden = sorted((ordner / "cases").glob("*.yaml"))
    for unterordner in ("catalogs", "templates"):
        if (ordner / unterordner).is_dir():
            vorhanden += sorted(p for p in (ordner / unterordner).iterdir() if p.is_file())
    commit = git.initialisiere(ordner, heute, vorhanden)
    melde("Git-Modus eingerichtet: .gitignore, .gitattributes und Merge-Treiber in .git/config.")
    if commit is not None:
        melde(f"  erster Commit: {commit[:7]}")
    _warne_ohne_programm()
    melde(
        "Jede Änderung mit vier-phasen wird nun ein Commit. Teilen: git remote add origin URL "
        "und git push -u origin HEAD."
    )


def einrichten(ctx: typer.Context) -> None:
    """Merge-Treiber und Diff-Anzeige in einem Git-Klon der Ablage einrichten.

    Schreibt nur .git/config (die .gitattributes kommen mit dem Klon). Einmal je Klon
    aufrufen, z. B. nach „git clone URL ablage“.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage import git

    wurzel = sitzung(ctx).ablage().wurzel
    if git.arbeitsbaum(wurzel) is None:
        raise VierPhasenFehler(
            "Die Ablage ist kein Git-Klon",
            datei=wurzel,
            hinweis="Eine neue Ablage mit Git: vier-phasen init --git; eine bestehende "
            "holen: git clone URL ORDNER.",
        )
    git.trage_konfiguration_ein(wurzel)
    konfiguration = anzeige_pfad(wurzel / ".git" / "config")
    melde(f"Merge-Treiber und Diff-Anzeige eingerichtet in {konfiguration}.")
    if git.attribute_fehlen(wurzel):
        melde(
            "Warnung: .gitattributes nennt die Fälle nicht; ohne die Zeile "
            f"„{git.ATTRIBUTE.strip()}“ führt Git Fälle nicht inhaltlich zusammen "
            "(vier-phasen init --git ergänzt sie)."
        )
    if git.identitaet(wurzel) is None:
        melde(f"Warnung: Git kennt Ihren Namen noch nicht. {git.IDENTITAET_HINWEIS}")
    _warne_ohne_programm()


def _warne_ohne_programm() -> None:
    """Git calls the merge driver by name: without ``vier-phasen`` on PATH a merge fails."""
    import shutil

    from vier_phasen_cli.cli.ausgabe import melde

    if shutil.which("vier-phasen") is None:
        melde(
            "Warnung: Das Programm „vier-phasen“ ist nicht im Suchpfad (PATH); Git kann den "
            "Merge-Treiber dann nicht aufrufen. Bitte vier-phasen so installieren, dass "
            "„vier-phasen --version“ in jedem Terminal funktioniert (z. B. pipx install "
            "vier-phasen)."
        )


def registriere(app: typer.Typer) -> None:
    git_app.command("einrichten")(einrichten)
    app.add_typer(git_app, name="git")
