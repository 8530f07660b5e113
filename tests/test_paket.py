"""The package as users get it: a wheel that carries the catalogs and templates, installed
into a fresh virtualenv; and a checkout that finds them at the repository's top level."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from vier_phasen_cli.storage.ressourcen import eingebaute_kataloge, eingebaute_vorlagen

from .conftest import REPO


def test_checkout_findet_kataloge_und_vorlagen_im_repository() -> None:
    assert eingebaute_kataloge() == REPO / "catalogs"
    assert eingebaute_vorlagen() == REPO / "templates"


@pytest.mark.slow
def test_wheel_in_frischer_venv(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation",
         "--outdir", str(tmp_path / "dist"), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("vier_phasen-*.whl")
    namen = zipfile.ZipFile(wheel).namelist()
    for datei in (REPO / "catalogs").glob("*.yaml"):
        assert f"vier_phasen_cli/catalogs/{datei.name}" in namen
    assert any(n.startswith("vier_phasen_cli/templates/") for n in namen)

    # A fresh venv whose only extra path is this venv's site-packages, for the dependencies
    # (no network); vier_phasen_cli itself must come from the wheel.
    ziel = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(ziel)
    python = ziel / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "_abhaengigkeiten.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip

    leer = tmp_path / "irgendwo"
    leer.mkdir()
    umgebung = {"PATH": os.environ.get("PATH", "/usr/bin"), "HOME": str(tmp_path)}
    ergebnis = subprocess.run(
        [ziel / "bin" / "vier-phasen", "katalog", "zieloptionen", "--format", "json"],
        cwd=leer, capture_output=True, text=True, env=umgebung, check=False,
    )  # fmt: skip
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert len(json.loads(ergebnis.stdout)["eintraege"]) == 11
    herkunft = subprocess.run(
        [python, "-c",
         "import vier_phasen_cli.storage.ressourcen as r; print(r.eingebaute_kataloge())"],
        cwd=leer, capture_output=True, text=True, env=umgebung, check=True,
    ).stdout.strip()  # fmt: skip
    assert herkunft.startswith(str(ziel)) and herkunft.endswith("vier_phasen_cli/catalogs")
