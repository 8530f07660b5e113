"""Finding the workspace (SPEC §2), its settings, and `init`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage.ablage import finde_ablage, lade_einstellungen

from .conftest import REPO, Aufruf


def _modus(pfad: Path) -> int:
    return stat.S_IMODE(pfad.stat().st_mode)


def test_reihenfolge_option_umgebung_toml_arbeitsordner(tmp_path: Path) -> None:
    option, umgebung, mit_toml = (tmp_path / n for n in ("option", "umgebung", "mit_toml"))
    for ordner in (option, umgebung, mit_toml / "cases" / "tief"):
        ordner.mkdir(parents=True)
    (mit_toml / "vier-phasen.toml").write_text("")
    tief = mit_toml / "cases" / "tief"
    env = {"VIER_PHASEN_ABLAGE": str(umgebung)}

    assert finde_ablage(option, env, tief) == option
    assert finde_ablage(None, env, tief) == umgebung
    assert finde_ablage(None, {}, tief) == mit_toml
    assert finde_ablage(None, {}, tmp_path) == tmp_path


def test_ablage_die_kein_ordner_ist(tmp_path: Path) -> None:
    with pytest.raises(VierPhasenFehler, match="Die Ablage aus --ablage ist kein Ordner"):
        finde_ablage(tmp_path / "fehlt", {}, tmp_path)
    with pytest.raises(VierPhasenFehler, match="Die Ablage aus VIER_PHASEN_ABLAGE ist kein Ordner"):
        finde_ablage(None, {"VIER_PHASEN_ABLAGE": str(tmp_path / "fehlt")}, tmp_path)


def test_umgebungsvariable_im_befehl(vp: Aufruf, demo: Path) -> None:
    ergebnis = vp("liste", "-f", "csv", env={"VIER_PHASEN_ABLAGE": str(demo)})
    assert ergebnis.exit_code == 0
    assert len(ergebnis.stdout.splitlines()) == 15


def test_einstellungen(tmp_path: Path) -> None:
    toml = tmp_path / "vier-phasen.toml"
    toml.write_text(
        '[dienststelle]\nname = "Jobcenter Musterstadt"\n[standard]\nfachkraft = "K. Test"\n'
        "[faellig]\ntage = 21\n[pruefen]\nignorieren = ['VE008']\n"
    )
    e = lade_einstellungen(toml)
    assert (e.dienststelle["name"], e.fachkraft, e.tage) == ("Jobcenter Musterstadt", "K. Test", 21)
    assert e.roh["pruefen"] == {"ignorieren": ["VE008"]}


def test_kaputte_einstellungen_nennen_die_zeile(vp: Aufruf, demo: Path) -> None:
    (demo / "vier-phasen.toml").write_text('[dienststelle]\nname = "x"\nanschrift = \n')
    ergebnis = vp("--ablage", demo, "liste")
    assert ergebnis.exit_code == 2
    assert "vier-phasen.toml:3: Einstellungsdatei ist kein gültiges TOML" in ergebnis.stderr


@pytest.mark.parametrize(
    "inhalt", ["[faellig]\ntage = -1\n", "[faellig]\ntage = 'zwei'\n", "standard = 3\n"]
)
def test_falsche_werte_in_den_einstellungen(tmp_path: Path, inhalt: str) -> None:
    toml = tmp_path / "vier-phasen.toml"
    toml.write_text(inhalt)
    with pytest.raises(DatenFehler):
        lade_einstellungen(toml)


def test_init_legt_eine_private_ablage_an(vp: Aufruf, tmp_path: Path) -> None:
    ziel = tmp_path / "team"
    ergebnis = vp("init", ziel)
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert _modus(ziel) == 0o700
    assert _modus(ziel / "cases") == 0o700
    assert _modus(ziel / ".vier-phasen") == 0o700
    assert _modus(ziel / "vier-phasen.toml") == 0o600
    assert ".vier-phasen/" in (ziel / ".gitignore").read_text().split()
    assert lade_einstellungen(ziel / "vier-phasen.toml").tage == 14
    assert not (ziel / "catalogs").exists()
    # The new workspace works at once.
    neu = vp(
        "--ablage", ziel, "neu", "A1", "--name", "N", "--rechtskreis", "SGB II", "--fachkraft", "F"
    )
    assert neu.exit_code == 0, neu.stderr


def test_init_ist_wiederholbar_und_ergaenzt_gitignore(vp: Aufruf, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.tmp")
    (tmp_path / "vier-phasen.toml").write_text("# eigene Einstellungen\n")
    assert vp("init", tmp_path).exit_code == 0
    assert (tmp_path / ".gitignore").read_text() == (
        "*.tmp\n# Cache, Entwürfe und Sperren von vier-phasen\n.vier-phasen/\n"
    )
    assert (tmp_path / "vier-phasen.toml").read_text() == "# eigene Einstellungen\n"
    zweites = vp("init", tmp_path)
    assert zweites.exit_code == 0
    assert "schon vollständig eingerichtet" in zweites.stderr


def test_init_mit_vorlagen_kopiert_kataloge_und_vorlagen(vp: Aufruf, tmp_path: Path) -> None:
    assert vp("init", tmp_path, "--vorlagen").exit_code == 0
    for ordner in ("catalogs", "templates"):
        eingebaut = sorted(p.name for p in (REPO / ordner).iterdir())
        assert sorted(p.name for p in (tmp_path / ordner).iterdir()) == eingebaut
    assert (tmp_path / "catalogs" / "zieloptionen.yaml").read_bytes() == (
        REPO / "catalogs" / "zieloptionen.yaml"
    ).read_bytes()


def test_init_auf_eine_datei(vp: Aufruf, tmp_path: Path) -> None:
    datei = tmp_path / "x"
    datei.write_text("")
    ergebnis = vp("init", datei)
    assert ergebnis.exit_code == 2
    assert "Gibt es schon und ist kein Ordner" in ergebnis.stderr


@pytest.mark.parametrize(
    "befehl",
    [
        ["faellig"],
        ["liste"],
        ["pruefen"],
        ["zeige", "911A100001"],
        ["dokument", "911A100001", "vereinbarung"],
    ],
)
def test_ein_ordner_ohne_faelle_ist_keine_ablage_und_bleibt_unberuehrt(
    vp: Aufruf, tmp_path: Path, befehl: list[str]
) -> None:
    """Run in the wrong folder: the message says there are no cases here (not "no such
    case"), and the tool leaves no cache or table behind."""
    ergebnis = vp("--ablage", tmp_path, *befehl)
    assert ergebnis.exit_code == 2
    assert "Kein Ordner cases/ in der Ablage" in ergebnis.stderr
    assert "gibt es nicht" not in ergebnis.stderr
    assert list(tmp_path.iterdir()) == []
