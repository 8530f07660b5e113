"""Next-step hints: what a command suggests next works when typed as shown."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

from .conftest import Aufruf

NEU = ["--name", "Nina Neumann", "--rechtskreis", "SGB III", "--fachkraft", "K. Test"]


def _schritt(stderr: str) -> str:
    return next(z for z in stderr.splitlines() if z.startswith("Nächster Schritt: "))


def test_init_nennt_cd_und_der_vorschlag_funktioniert(
    vp: Aufruf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ergebnis = vp("init", "meine ablage")
    assert ergebnis.exit_code == 0
    schritt = _schritt(ergebnis.stderr)
    assert schritt == (
        "Nächster Schritt: cd 'meine ablage' && "
        "vier-phasen neu ID --name … --rechtskreis … --fachkraft …"
    )
    # Typed as shown (with an ID and values): the case lands in the new workspace.
    ordner = shlex.split(schritt.removeprefix("Nächster Schritt: "))[1]
    monkeypatch.chdir(tmp_path / ordner)
    neu = vp("neu", "A1", *NEU)
    assert neu.exit_code == 0, neu.stderr
    assert (tmp_path / "meine ablage" / "cases" / "A1.yaml").is_file()


def test_init_im_aktuellen_ordner_ohne_cd(
    vp: Aufruf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ergebnis = vp("init")
    assert _schritt(ergebnis.stderr) == (
        "Nächster Schritt: vier-phasen neu ID --name … --rechtskreis … --fachkraft …"
    )


def test_init_weist_auf_leere_dienststelle_hin(
    vp: Aufruf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ergebnis = vp("init", "ablage")
    assert (
        "Hinweis: Die Dienststelle ist noch leer. Bitte in ablage/vier-phasen.toml unter "
        "[dienststelle] name und anschrift eintragen: sie stehen auf "
        "Eingliederungsvereinbarung und Kooperationsplan."
    ) in ergebnis.stderr.splitlines()
    # Filled in, a second init is quiet about it.
    toml = tmp_path / "ablage" / "vier-phasen.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('name = ""', 'name = "Jobcenter Musterstadt"'),
        encoding="utf-8",
    )
    zweites = vp("init", "ablage")
    assert zweites.exit_code == 0
    assert "Dienststelle" not in zweites.stderr


def test_neu_weist_im_terminal_auf_das_erstgespraech(vp: Aufruf, demo: Path) -> None:
    import pexpect

    ergebnis = vp("--ablage", demo, "neu", "NEU-7", *NEU)
    assert ergebnis.exit_code == 0
    assert ergebnis.stderr == ""  # a script hears nothing of a success
    # The messages on a terminal, stdin not (a script's answers): nothing is asked.
    programm = str(Path(sys.executable).with_name("vier-phasen"))
    kind = pexpect.spawn(
        "/bin/sh", ["-c", 'exec "$0" "$@" </dev/null', programm,
                    "--ablage", str(demo), "neu", "NEU-8", *NEU],
        env={**os.environ, "TERM": "xterm"}, encoding="utf-8", timeout=30,
        dimensions=(24, 300),  # the long path on one line
    )  # fmt: skip
    kind.expect(pexpect.EOF)
    kind.close()
    assert kind.exitstatus == 0
    assert kind.before.splitlines()[-2].startswith("Fall NEU-8 angelegt: ")
    assert kind.before.splitlines()[-1] == (
        "Weiter mit dem Erstgespräch: vier-phasen erstgespraech NEU-8"
    )


@pytest.mark.parametrize("befehl", ["erstgespraech", "folgegespraech"])
def test_ohne_id_ein_beispiel_desselben_befehls(vp: Aufruf, demo: Path, befehl: str) -> None:
    ergebnis = vp("--ablage", demo, befehl)
    assert ergebnis.exit_code == 2
    assert f"Beispiel: vier-phasen {befehl} 4711A000123" in ergebnis.stderr


def test_kein_gespraech_an_dem_tag_nennt_den_fall(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp(
        "--ablage", demo, "dokument", "911A100004", "beratungsvermerk", "--datum", "01.01.2026"
    )
    assert ergebnis.exit_code == 2
    assert (
        "Die Gespräche des Falls zeigt „vier-phasen zeige 911A100004“; einen Vermerk wählt --datum."
    ) in ergebnis.stderr


def test_fall_gibt_es_schon_nennt_ihn(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("--ablage", demo, "neu", "911A100004", *NEU)
    assert ergebnis.exit_code == 2
    assert "Den Fall zeigt „vier-phasen zeige 911A100004“." in ergebnis.stderr
