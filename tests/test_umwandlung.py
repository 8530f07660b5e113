"""The plain conversion of command-line words (cli/umwandlung.py) gives what Typer's pydantic
adapters give: the same value, or a refusal with the same German message, for every
parameter of every command; and a warm report no longer imports pydantic at all."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from vier_phasen_cli.cli import deutsch
from vier_phasen_cli.cli.app import app
from vier_phasen_cli.cli.umwandlung import einfach

WOERTER = (
    "", " ", "0", "12", " 12 ", "+3", "-1", "007", "1_000", "1__0", "_1", "12.0", "12.50", "12.", ".5", "1e3",
    "abc", "\u0663", "１２", "12\n", "json", "JSON", "tabelle", "text", "markdown", "pdf",
    "bash", "fehler", "aktiv", "vereinbarung", "folgegespraech", "fällig", "~/ablage",
    "a/b/../c", "\x1b[31m", "=1+1", "9" * 40, "\x1c12", "12\x1f", "\u300012", "\u200b12",
    "\u180e12", "\x8512\xa0", "\u202f12\u2029",
)  # fmt: skip


def _parameter() -> list[tuple[str, Any]]:
    befehle = [("", typer.main.get_command(app))]
    gefunden = []
    while befehle:
        pfad, befehl = befehle.pop()
        for param in befehl.params:
            if getattr(param, "type_descriptor", None) is not None:
                gefunden.append((f"{pfad} {param.name}".strip(), param))
        for name, unter in getattr(befehl, "commands", {}).items():
            befehle.append((f"{pfad} {name}", unter))
    return gefunden


PARAMETER = _parameter()


KONTEXT = deutsch.kontext(typer.main.get_command(app))


def _ergebnis(umwandlung: Any, wert: Any, param: Any) -> tuple[str, Any]:
    try:
        return "wert", umwandlung.coerce(wert, param=param, ctx=KONTEXT)
    except BadParameter as exc:
        exc.param = param
        return "fehler", deutsch.bedienfehler_text(exc)


def test_jeder_parameter_hat_die_einfache_umwandlung() -> None:
    assert len(PARAMETER) > 100
    ohne = [name for name, p in PARAMETER if einfach(p.type_descriptor) is None]
    assert ohne == []


@pytest.mark.parametrize(("name", "param"), PARAMETER, ids=[n for n, _ in PARAMETER])
def test_gleich_wie_typers_adapter(name: str, param: Any) -> None:
    eigen = einfach(param.type_descriptor)
    typers = build_runtime_param(param.type_descriptor)
    werte: list[Any] = list(WOERTER)
    if param.multiple or param.nargs == -1:
        werte = [(), *[(w,) for w in WOERTER], ("a", "b")]
    elif param.type_descriptor.annotation is bool:
        werte = [True, False]
    for wert in werte:
        erwartet = _ergebnis(typers, wert, param)
        bekommen = _ergebnis(eigen, wert, param)
        assert bekommen == erwartet, (name, wert)
        assert type(bekommen[1]) is type(erwartet[1]), (name, wert)


def test_falsche_zahl_auf_deutsch(vp: Any, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", "--tage", "zwei")
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith("Fehler: Ungültiger Wert für --tage: ganze Zahl erwartet.")


def test_zahl_mit_tausenden_ziffern(vp: Any, demo: Path) -> None:
    """More digits than Python turns into a number: a usage error, not an internal one."""
    ergebnis = vp("--ablage", demo, "faellig", "--tage", "9" * 4301)
    assert ergebnis.exit_code == 2
    assert ergebnis.stderr.startswith("Fehler: Ungültiger Wert für --tage: ganze Zahl erwartet.")


def test_warmer_bericht_laedt_kein_pydantic(demo: Path) -> None:
    aufruf = [sys.executable, "-X", "importtime", "-m", "vier_phasen_cli", "--ablage", str(demo)]
    subprocess.run([*aufruf, "faellig"], capture_output=True, check=True)  # fills the cache
    ergebnis = subprocess.run(
        [*aufruf, "faellig", "--format", "json", "--tage", "30"],
        capture_output=True,
        text=True,
        check=True,
    )
    module = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", ergebnis.stderr, re.M))
    assert "vier_phasen_cli.render.faelligbericht" in module  # the measurement works
    assert not {m for m in module if m.split(".")[0] == "pydantic"}
