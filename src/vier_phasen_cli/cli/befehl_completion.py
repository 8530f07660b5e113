"""``vier-phasen completion``: the shell completion script for bash, zsh or fish."""

from __future__ import annotations

from typing import Annotated, Literal

import typer


def completion(
    shell: Annotated[
        Literal["bash", "zsh", "fish"],
        typer.Argument(help="Die Shell: bash, zsh oder fish.", metavar="SHELL"),
    ],
) -> None:
    """Das Skript für die Vervollständigung mit der Tabulatortaste ausgeben.

    Vervollständigt Befehle, Optionen, Fall-IDs, Fachkräfte (aus dem Zwischenspeicher der
    Berichte), Katalognamen, Abschlussgründe, Regelcodes und Fristarten.

    Einrichten für bash: diese Zeile ans Ende von ~/.bashrc, dann eine neue Shell öffnen:

        source <(vier-phasen completion bash)

    zsh: dieselbe Zeile mit zsh in ~/.zshrc (nach compinit); fish: in
    ~/.config/fish/config.fish die Zeile

        vier-phasen completion fish | source

    Als Datei für das Paket bash-completion, zsh oder fish: siehe README.
    """
    from vier_phasen_cli.cli.ausgabe import schreibe_ausgabe
    from vier_phasen_cli.cli.vervollstaendigung import skript

    schreibe_ausgabe(skript(shell), None)


def registriere(app: typer.Typer) -> None:
    app.command("completion")(completion)
