"""`neu` on a real pseudo terminal: missing Stammdaten are asked for (pexpect)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from .conftest import HEUTE

PFEIL_RUNTER = "\x1b[B"


def _starte(ablage: Path, *args: str) -> pexpect.spawn:
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    # PROMPT_TOOLKIT_NO_CPR: nobody answers the cursor-position request here (1 s wait each).
    umgebung = {
        **os.environ, "VIER_PHASEN_HEUTE": HEUTE, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1",
    }  # fmt: skip
    kind = pexpect.spawn(
        programm, ["--ablage", str(ablage), *args], env=umgebung, encoding="utf-8", timeout=20,
        dimensions=(40, 100),
    )  # fmt: skip
    return kind


@pytest.mark.slow
def test_neu_fragt_fehlende_angaben_im_terminal(leere_ablage: Path) -> None:
    kind = _starte(leere_ablage, "neu", "T-1", "--fachkraft", "K. Test")
    kind.expect("Name der Kundin bzw. des Kunden:")
    kind.sendline("")  # empty: re-asked
    kind.expect("Bitte ausfüllen.")
    kind.sendline("Nina Neumann")
    kind.expect("Rechtskreis:")
    kind.send(PFEIL_RUNTER)  # SGB III is first; choose SGB II
    kind.send("\r")
    kind.expect("Arbeitslos seit")
    kind.sendline("1.11.2026")
    kind.expect("Rehabilitandin bzw. Rehabilitand")
    kind.send("n")
    kind.expect("In der Ausbildungsvermittlung")
    kind.send("y")
    kind.expect("Aufstockend")
    kind.send("n")
    kind.expect("Fall T-1 angelegt")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    text = (leere_ablage / "cases" / "T-1.yaml").read_text(encoding="utf-8")
    for zeile in (
        "  name: Nina Neumann\n",
        "rechtskreis: SGB II\n",
        "fachkraft: K. Test\n",
        "reha: false\n",
        "ausbildungsvermittlung: true\n",
        "arbeitslos_seit: 2026-11-01\n",
        "aufstocker: false\n",
    ):
        assert zeile in text


@pytest.mark.slow
def test_strg_c_im_terminal_legt_nichts_an(leere_ablage: Path) -> None:
    kind = _starte(leere_ablage, "neu", "T-2")
    kind.expect("Name der Kundin bzw. des Kunden:")
    kind.sendintr()
    kind.expect("Abgebrochen.")
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 130
    assert list((leere_ablage / "cases").iterdir()) == []
