"""Where the built-in catalogs and templates live: inside the wheel, or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PAKET = Path(__file__).resolve().parent.parent


@cache
def _ordner(name: str) -> Path:
    # An installed wheel carries them inside the package (hatch force-include); a checkout
    # (editable install, tests) has them at the repository's top level, beside src/.
    for kandidat in (_PAKET / name, _PAKET.parent.parent / name):
        if kandidat.is_dir():
            return kandidat
    raise FileNotFoundError(f"built-in folder {name!r} not found next to {_PAKET}")


def eingebaute_kataloge() -> Path:
    return _ordner("catalogs")


def katalog_pfad(name: str, ueberschreibungen: Path | None) -> Path:
    """The file that defines catalog ``name``: the workspace's if it has one."""
    if ueberschreibungen is not None:
        eigene = ueberschreibungen / f"{name}.yaml"
        if eigene.is_symlink() or eigene.is_file():
            from vier_phasen_cli.storage.rohdaten import pruefe_im_ordner

            pruefe_im_ordner(eigene, ueberschreibungen)  # a link or a linked folder: refused
            return eigene
    return eingebaute_kataloge() / f"{name}.yaml"


def eingebaute_vorlagen() -> Path:
    return _ordner("templates")
