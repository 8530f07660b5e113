"""Long output on a terminal goes through $PAGER (default less -FRX); never piped or as JSON."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pexpect
import pytest

from vier_phasen_cli.cli.pager import pager_befehl

from .conftest import HEUTE, Aufruf


def test_pager_befehl() -> None:
    assert pager_befehl({}) == ["less", "-FRX"]
    assert pager_befehl({"PAGER": "more -d"}) == ["more", "-d"]
    assert pager_befehl({"PAGER": "'/opt/mein pager' -x"}) == ["/opt/mein pager", "-x"]
    for aus in ("", "  ", "cat", "'unbalanciert"):
        assert pager_befehl({"PAGER": aus}) is None


def _pager(tmp_path: Path) -> tuple[Path, Path]:
    """A pager that records what it was given (instead of showing it)."""
    aufgezeichnet = tmp_path / "aufgezeichnet.txt"
    skript = tmp_path / "pager.sh"
    skript.write_text(f"#!/bin/sh\ncat > '{aufgezeichnet}'\n")
    skript.chmod(stat.S_IRWXU)
    return skript, aufgezeichnet


def test_ohne_terminal_kein_pager(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    skript, aufgezeichnet = _pager(tmp_path)
    for befehl in (["zeige", "911A100004"], ["pruefen"], ["katalog"]):
        ergebnis = vp("--ablage", demo, *befehl, env={"PAGER": str(skript)})
        assert ergebnis.exit_code in (0, 1)
        assert ergebnis.stdout  # printed, not paged
    assert not aufgezeichnet.exists()


def _im_terminal(ablage: Path, pager: str | None, *args: str) -> tuple[int, str]:
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    umgebung = {**os.environ, "VIER_PHASEN_HEUTE": HEUTE, "TERM": "xterm"}
    umgebung.pop("PAGER", None)
    if pager is not None:
        umgebung["PAGER"] = pager
    kind = pexpect.spawn(
        programm, ["--ablage", str(ablage), *args], env=umgebung, encoding="utf-8", timeout=20,
        dimensions=(24, 80),
    )  # fmt: skip
    kind.expect(pexpect.EOF)
    text = kind.before
    kind.close()
    return kind.exitstatus, text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("befehl", "erwartet", "status"),
    [
        (["zeige", "911A100004"], "Gespräche und Beratungsvermerke", 0),
        (["pruefen"], "Fälle geprüft", 1),
        (["katalog", "handlungsstrategien"], "handlungsstrategien", 0),
    ],
)
def test_im_terminal_ueber_den_pager(
    demo: Path, tmp_path: Path, befehl: list[str], erwartet: str, status: int
) -> None:
    skript, aufgezeichnet = _pager(tmp_path)
    exit_status, bildschirm = _im_terminal(demo, str(skript), *befehl)
    assert exit_status == status
    seiten = aufgezeichnet.read_text(encoding="utf-8")
    assert erwartet in seiten
    assert erwartet not in bildschirm  # the pager had it, not the terminal
    if befehl[0] == "zeige":  # laid out for the terminal: its colours (less -R) and width
        assert "\x1b[1;36m" in seiten
        rahmen = re.sub(r"\x1b\[[0-9;]*m", "", seiten.splitlines()[0])
        assert rahmen.startswith("╭─ Fall 911A100004") and len(rahmen) == 80

    # --kein-pager: straight onto the terminal
    aufgezeichnet.unlink()
    exit_status, bildschirm = _im_terminal(demo, str(skript), *befehl, "--kein-pager")
    assert exit_status == status
    assert erwartet in bildschirm
    assert not aufgezeichnet.exists()


@pytest.mark.slow
def test_json_und_datei_nie_ueber_den_pager(demo: Path, tmp_path: Path) -> None:
    skript, aufgezeichnet = _pager(tmp_path)
    _, bildschirm = _im_terminal(demo, str(skript), "zeige", "911A100004", "--format", "json")
    assert '"id": "911A100004"' in bildschirm
    _, _ = _im_terminal(demo, str(skript), "pruefen", "-o", str(tmp_path / "befunde.txt"))
    assert (tmp_path / "befunde.txt").is_file()
    assert not aufgezeichnet.exists()


@pytest.mark.slow
def test_fehlender_pager_gibt_direkt_aus(demo: Path, tmp_path: Path) -> None:
    exit_status, bildschirm = _im_terminal(demo, str(tmp_path / "gibt-es-nicht"), "katalog")
    assert exit_status == 0
    assert "handlungsstrategien" in bildschirm
    exit_status, bildschirm = _im_terminal(demo, "cat", "zeige", "911A100004")
    assert exit_status == 0
    assert "Gespräche und Beratungsvermerke" in bildschirm
