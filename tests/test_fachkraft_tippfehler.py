"""A mistyped ``--fachkraft`` must not read as "nothing due": the reports warn and name the
closest Fachkräfte, and keep their output and exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Aufruf

BERICHTE = [["faellig"], ["liste"], ["statistik"]]


@pytest.mark.parametrize("bericht", BERICHTE)
def test_tippfehler_gibt_eine_warnung_mit_vorschlag(
    vp: Aufruf, demo: Path, bericht: list[str]
) -> None:
    ergebnis = vp("--ablage", demo, *bericht, "--fachkraft", "M. Schmit", "-f", "json")
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr == (
        "Warnung: Keine Fälle der Fachkraft „M. Schmit“ in der Ablage. Meinten Sie „M. Schmidt“?\n"
    )
    assert ergebnis.stdout.startswith("{")


@pytest.mark.parametrize("bericht", BERICHTE)
def test_bekannte_fachkraft_in_anderer_schreibweise_ohne_warnung(
    vp: Aufruf, demo: Path, bericht: list[str]
) -> None:
    ergebnis = vp("--ablage", demo, *bericht, "--fachkraft", "  m. SCHMIDT ", "-f", "json")
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr == ""


def test_ganz_unbekannt_ohne_vorschlag_und_sicher(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "faellig", "--fachkraft", "\x1b[31mNiemand", "-f", "csv")
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr == (
        "Warnung: Keine Fälle der Fachkraft „\\x1b[31mNiemand“ in der Ablage.\n"
    )


def test_vertretung_zaehlt_als_bekannt(vp: Aufruf, demo: Path) -> None:
    uebergabe = vp(
        "--ablage", demo, "uebergabe", "--von", "M. Schmidt", "--an", "K. Neu",
        "--bis", "2026-12-31", "--datum", "2026-11-23",
    )  # fmt: skip
    assert uebergabe.exit_code == 0, uebergabe.stderr
    ergebnis = vp("--ablage", demo, "faellig", "--fachkraft", "K. Neu", "-f", "json")
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr == ""
