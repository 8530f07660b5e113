"""Shared fixtures: a copy of the demo workspace in a temp dir and a CLI runner.

Every test that runs a command pins "today" (VIER_PHASEN_HEUTE), so nothing depends on the
day the suite runs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vier_phasen_cli.cli.app import app

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "cases"
SEED = REPO / "tests" / "data" / "integrationskonzept-2023-06-14.txt"
"""A copy of the seed (../shared/seeds/000_149356068fc3e307.txt) so a fresh clone has it."""
HEUTE = "2026-11-23"


@dataclass
class Ergebnis:
    exit_code: int
    stdout: str
    stderr: str


Aufruf = Callable[..., Ergebnis]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A private copy of the demo workspace."""
    ziel = tmp_path / "ablage"
    shutil.copytree(DEMO, ziel, ignore=shutil.ignore_patterns(".vier-phasen"))
    return ziel


@pytest.fixture
def leere_ablage(tmp_path: Path) -> Path:
    ziel = tmp_path / "leer"
    (ziel / "cases").mkdir(parents=True)
    return ziel


@pytest.fixture
def vp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Aufruf]:
    """Run ``vier-phasen ARGS`` in-process; stdout and stderr apart, exit status returned."""
    monkeypatch.delenv("VIER_PHASEN_ABLAGE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def aufruf(*args: str | Path, env: dict[str, str] | None = None) -> Ergebnis:
        umgebung = {"VIER_PHASEN_HEUTE": HEUTE, **(env or {})}
        ergebnis = CliRunner().invoke(app, [str(a) for a in args], env=umgebung)
        if ergebnis.exception is not None and not isinstance(ergebnis.exception, SystemExit):
            raise ergebnis.exception
        return Ergebnis(ergebnis.exit_code, ergebnis.stdout, ergebnis.stderr)

    yield aufruf


_ZWISCHENSPEICHER = ("cache.sqlite", "cache.sqlite-journal", "kataloge.json", "feiertage.json")


def dateistand(ordner: Path) -> dict[str, bytes]:
    """Every file below ``ordner`` with its bytes, to prove that nothing changed (the
    caches aside: the tool may write them on any run)."""
    return {
        str(p.relative_to(ordner)): p.read_bytes()
        for p in sorted(ordner.rglob("*"))
        if p.is_file() and p.name not in _ZWISCHENSPEICHER
    }


def lege_neu_an(vp: Aufruf, ablage: Path, fall_id: str = "NEU-1") -> Ergebnis:
    """``vier-phasen neu`` with every Stammdatum given (no prompts)."""
    return vp(
        "--ablage", ablage, "neu", fall_id, "--name", "Nina Neu", "--rechtskreis", "SGB III",
        "--fachkraft", "K. Test",
    )  # fmt: skip
