"""The ``vier-phasen`` command: global options, the subcommands, and one error boundary.

Only Typer is imported at start-up; every command imports what it needs when it runs, so
``vier-phasen --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_exceptions
from typer.exceptions import Abort

from vier_phasen_cli import __version__
from vier_phasen_cli.cli import deutsch
from vier_phasen_cli.cli.kontext import Sitzung
from vier_phasen_cli.fehler import EXIT_ABBRUCH, EXIT_EINGABE, EXIT_INTERN, VierPhasenFehler

DEBUG_UMGEBUNG = "VIER_PHASEN_DEBUG"
VERVOLLSTAENDIGUNG_UMGEBUNG = "_VIER_PHASEN_COMPLETE"
"""Set by the shell scripts of ``vier-phasen completion`` (Click's convention)."""


class VierPhasenGruppe(deutsch.Gruppe):
    """The top-level group; its ``main`` answers shell completion and turns every failure
    into a German message and an exit status (SPEC §5) instead of a traceback — also under
    Typer's CliRunner."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argumente = list(sys.argv[1:] if args is None else args)
        if anweisung := os.environ.get(VERVOLLSTAENDIGUNG_UMGEBUNG):
            from vier_phasen_cli.cli.vervollstaendigung import antwort

            # Completion prints candidates only: no message, no traceback, ever.
            with contextlib.suppress(Exception):
                sys.stdout.write(antwort(self, anweisung, os.environ))
            status = 0
        else:
            status = self._fuehre_aus(argumente, prog_name or "vier-phasen", **extra)
        if standalone_mode:
            sys.exit(status)
        return status

    def _fuehre_aus(self, argumente: list[str], prog_name: str, **extra: Any) -> int:
        from vier_phasen_cli.cli import ausgabe

        stelle = deutsch.lage(self, argumente, prog_name)
        if stelle.hilfe and stelle.positionen >= 0 and stelle.offen is None:
            # Printed before parsing: checking the other options' values would load pydantic.
            sys.stdout.write(stelle.ctx.get_help() + "\n")
            return 0
        try:
            ergebnis = super().main(argumente, prog_name, standalone_mode=False, **extra)
        except click_exceptions.NoArgsIsHelpError as exc:
            assert exc.ctx is not None
            sys.stdout.write(exc.ctx.get_help() + "\n")
            return EXIT_EINGABE
        except click_exceptions.UsageError as exc:
            ausgabe.melde(f"Fehler: {deutsch.bedienfehler_text(exc)}")
            befehl = exc.ctx.command_path if exc.ctx is not None else prog_name
            ausgabe.melde(f"Hilfe: {befehl} --help")
            return EXIT_EINGABE
        except VierPhasenFehler as exc:
            ausgabe.melde_fehler(exc)
            return exc.exit_status
        except (Abort, KeyboardInterrupt, EOFError):
            ausgabe.melde("\nAbgebrochen.")
            return EXIT_ABBRUCH
        except PermissionError as exc:
            datei = Path(exc.filename) if exc.filename else None
            ausgabe.melde_fehler(
                VierPhasenFehler(
                    "Keine Berechtigung für diese Datei bzw. diesen Ordner; nichts wurde geändert",
                    datei=datei,
                    hinweis="Bitte die Berechtigungen prüfen (Ordner der Ablage: rwx für den "
                    "Eigentümer).",
                )
            )
            return EXIT_EINGABE
        except BrokenPipeError:
            # The reader (head, less) went away; nothing to report.
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            return 0
        except Exception as exc:
            if os.environ.get(DEBUG_UMGEBUNG):
                raise
            ausgabe.melde(
                f"Fehler: Interner Fehler ({type(exc).__name__}). Es wurde nichts verändert.\n"
                f"Mit {DEBUG_UMGEBUNG}=1 erscheinen die technischen Einzelheiten."
            )
            return EXIT_INTERN
        if ergebnis == EXIT_ABBRUCH:  # Typer turns Ctrl-C into Exit(130) on its own
            ausgabe.melde("\nAbgebrochen.")
        return ergebnis if isinstance(ergebnis, int) else 0


app = deutsch.DeutscheApp(
    cls=VierPhasenGruppe,
    name="vier-phasen",
    help="Fallarbeit nach dem 4-Phasen-Modell der Bundesagentur für Arbeit: "
    "Potenzialanalyse, Ziel, Strategien, Eingliederungsvereinbarung bzw. Kooperationsplan.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["--help", "-h"]},
)


def _version(wert: bool) -> None:
    if wert:
        sys.stdout.write(f"vier-phasen {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _global(
    ctx: typer.Context,
    ablage: Annotated[
        Path | None,
        typer.Option(
            "--ablage",
            help="Ordner der Ablage (sonst $VIER_PHASEN_ABLAGE, die nächste vier-phasen.toml "
            "darüber oder der aktuelle Ordner).",
            metavar="ORDNER",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Version anzeigen und beenden.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    ctx.obj = Sitzung(ablage_option=ablage)
    ctx.obj.beginne_befehl(ctx)


def _befehle() -> None:
    from vier_phasen_cli.cli import (
        befehl_abschluss,
        befehl_bearbeite,
        befehl_completion,
        befehl_dokument,
        befehl_faellig,
        befehl_gespraeche,
        befehl_git,
        befehl_init,
        befehl_katalog,
        befehl_liste,
        befehl_neu,
        befehl_pruefen,
        befehl_stammdaten,
        befehl_statistik,
        befehl_uebergabe,
        befehl_verlauf,
        befehl_wiederaufnahme,
        befehl_wiedervorlage,
        befehl_zeige,
    )

    befehle = (
        befehl_init,
        befehl_neu,
        befehl_gespraeche,
        befehl_faellig,
        befehl_pruefen,
        befehl_dokument,
        befehl_zeige,
        befehl_liste,
        befehl_katalog,
        befehl_statistik,
        befehl_abschluss,
        befehl_wiederaufnahme,
        befehl_wiedervorlage,
        befehl_bearbeite,
        befehl_stammdaten,
        befehl_uebergabe,
        befehl_verlauf,
        befehl_git,
        befehl_completion,
    )
    for modul in befehle:
        modul.registriere(app)


_befehle()


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit status."""
    befehl = None
    if os.environ.get(VERVOLLSTAENDIGUNG_UMGEBUNG):
        with contextlib.suppress(Exception):  # a sub-app without a name: the whole tree
            befehl = _teilbaum(vervollstaendigte_woerter(os.environ))
    if befehl is None:
        argumente = sys.argv[1:] if argv is None else list(argv)
        befehl = _teilbaum(_befehlswort(argumente))
    return int(befehl.main(args=argv, prog_name="vier-phasen", standalone_mode=False))


def vervollstaendigte_woerter(umgebung: Mapping[str, str]) -> list[str]:
    """The words of the command line a completion asks about (bash and fish send it as
    ``COMP_LINE``, zsh as ``COMP_WORDS``), roughly split: enough to find command names."""
    return umgebung.get("COMP_LINE", umgebung.get("COMP_WORDS", "")).split()


def _befehlswort(argumente: Sequence[str]) -> list[str]:
    """The word of the command line that names the command (none when help is asked for
    the whole tool, or before a command is named): the words before it are global options."""
    woerter = iter(argumente)
    for wort in woerter:
        if wort in ("--help", "-h"):
            return []
        if wort == "--ablage":
            next(woerter, None)
        elif not wort.startswith("-"):
            return [wort]
    return []


def _teilbaum(woerter: list[str]) -> Any:
    """The command tree with only the commands ``woerter`` name (all while none is named):
    building every command's parameters is a fifth of the start-up, and a completion asks
    about one command."""
    from copy import copy

    def name(info: Any) -> str:
        return str(info.name or typer.main.get_command_name(info.callback.__name__))

    namen = {name(i) for i in (*app.registered_commands, *app.registered_groups)}
    aliase = {a: n for n in namen if (a := deutsch.umlautform(n))}
    genannt = {aliase.get(w, w) for w in woerter} & namen
    if not genannt:
        return typer.main.get_command(app)
    teil = copy(app)
    teil.registered_commands = [i for i in app.registered_commands if name(i) in genannt]
    teil.registered_groups = [i for i in app.registered_groups if name(i) in genannt]
    return typer.main.get_command(teil)
