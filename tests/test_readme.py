"""The README cannot drift from the program: every command and option is documented."""

from __future__ import annotations

from typing import Any

import typer.main

from vier_phasen_cli.cli.app import app

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _befehle() -> dict[str, list[str]]:
    """Every command by its name after ``vier-phasen`` (a group's as ``git diff``), with its
    long options."""
    befehle: dict[str, list[str]] = {}
    stapel: list[tuple[str, Any]] = [("", typer.main.get_command(app))]
    while stapel:
        praefix, gruppe = stapel.pop()
        for name, befehl in gruppe.commands.items():
            if hasattr(befehl, "commands"):  # a group: its subcommands are the commands
                stapel.append((f"{praefix}{name} ", befehl))
                continue
            befehle[f"{praefix}{name}"] = [
                o for p in befehl.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")
            ]
    return befehle


def test_jeder_befehl_hat_einen_abschnitt_und_eine_zeile_in_der_tabelle() -> None:
    for name in _befehle():
        assert f"### `vier-phasen {name}`" in README, name
        assert f"| `vier-phasen {name}` |" in README, name


def test_jede_option_ist_beschrieben() -> None:
    fehlend = [
        f"{name} {option}"
        for name, optionen in _befehle().items()
        for option in optionen
        if option not in README
    ]
    assert fehlend == []


def test_die_zwei_einrichtungsbefehle() -> None:
    assert "make demo" in README and "make test" in README
