"""The README cannot drift from the program: every command and option is documented."""

from __future__ import annotations

import typer.main

from vier_phasen_cli.cli.app import app

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _befehle() -> dict[str, list[str]]:
    gruppe = typer.main.get_command(app)
    befehle = gruppe.commands  # type: ignore[attr-defined]
    return {
        name: [o for p in befehl.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]
        for name, befehl in befehle.items()
    }


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
