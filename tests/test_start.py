"""Startup stays light: help pages import none of the heavy libraries a command may need
later (what ``--help`` imports is asserted, not how long it takes)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

SCHWER = ("questionary", "jinja2", "pydantic", "ruamel.yaml", "yaml", "rich")


def _importiert(*args: str) -> set[str]:
    ergebnis = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vier_phasen_cli", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", ergebnis.stderr, re.M))


def test_hilfe_laedt_nichts_schweres() -> None:
    module = _importiert("--help")
    assert "vier_phasen_cli.cli.app" in module  # the measurement works
    assert not {m for m in module if m.split(".")[0] in SCHWER or m in SCHWER}


@pytest.mark.parametrize("befehl", ["faellig", "pruefen", "liste"])
def test_berichtshilfe_ohne_dialoge_und_vorlagen(befehl: str) -> None:
    module = _importiert(befehl, "--help")
    wurzeln = {m.split(".")[0] for m in module}
    # A help page is printed before any value is checked: not even Typer's pydantic adapters.
    assert not wurzeln & {"questionary", "jinja2", "ruamel", "yaml", "rich", "prompt_toolkit"}
    assert "pydantic" not in wurzeln
