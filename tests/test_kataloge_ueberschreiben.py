"""A workspace `catalogs/` file overrides the built-in one; broken overrides name file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .conftest import REPO, Aufruf, dateistand


def _eigener_katalog(demo: Path, name: str) -> Path:
    (demo / "catalogs").mkdir(exist_ok=True)
    ziel = demo / "catalogs" / f"{name}.yaml"
    shutil.copyfile(REPO / "catalogs" / f"{name}.yaml", ziel)
    return ziel


def test_eigener_katalog_ersetzt_den_eingebauten(vp: Aufruf, demo: Path) -> None:
    datei = _eigener_katalog(demo, "gespraechsformen")
    datei.write_text(
        datei.read_text(encoding="utf-8")
        + "  - code: aufsuchend\n    bezeichnung: aufsuchende Beratung\n",
        encoding="utf-8",
    )
    daten = json.loads(vp("--ablage", demo, "katalog", "gespraechsformen", "-f", "json").stdout)
    assert [e["code"] for e in daten["eintraege"]] == [
        "persoenlich",
        "video",
        "telefon",
        "aufsuchend",
    ]
    # A case may now use the new code.
    fall = demo / "cases" / "911A100001.yaml"
    fall.write_text(
        fall.read_text(encoding="utf-8").replace("form: persoenlich", "form: aufsuchend")
    )
    assert vp("--ablage", demo, "zeige", "911A100001").exit_code == 0
    # … and the same case is refused with the built-in catalog.
    datei.unlink()
    ergebnis = vp("--ablage", demo, "zeige", "911A100001")
    assert ergebnis.exit_code == 2
    assert "gespraeche[1].form: Code steht nicht im Katalog gespraechsformen" in ergebnis.stderr


def _fehler(vp: Aufruf, demo: Path) -> str:
    vorher = dateistand(demo)
    ergebnis = vp("--ablage", demo, "katalog")
    assert ergebnis.exit_code == 2
    assert ergebnis.stdout == ""
    assert "Traceback" not in ergebnis.stderr
    assert dateistand(demo) == vorher
    return ergebnis.stderr


def test_kaputtes_yaml_im_eigenen_katalog(vp: Aufruf, demo: Path) -> None:
    datei = _eigener_katalog(demo, "zieloptionen")
    zeilen = datei.read_text(encoding="utf-8").splitlines()
    zeilen[9] = "  - code: [kaputt"
    datei.write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    meldung = _fehler(vp, demo)
    assert "catalogs/zieloptionen.yaml:" in meldung and "Kein gültiges YAML" in meldung


def test_eintrag_ohne_bezeichnung(vp: Aufruf, demo: Path) -> None:
    datei = _eigener_katalog(demo, "staerken")
    text = datei.read_text(encoding="utf-8").replace("    bezeichnung: Soziale Kompetenz\n", "")
    datei.write_text(text, encoding="utf-8")
    zeile = text.splitlines().index("  - code: soziale-kompetenz") + 1
    meldung = _fehler(vp, demo)
    assert (
        f"catalogs/staerken.yaml:{zeile}: Katalog ungültig: "
        "eintraege[5].bezeichnung: Pflichtangabe fehlt" in meldung
    )


def test_doppelter_code(vp: Aufruf, demo: Path) -> None:
    datei = _eigener_katalog(demo, "gespraechsformen")
    datei.write_text(
        datei.read_text(encoding="utf-8").replace("code: video", "code: telefon"), encoding="utf-8"
    )
    assert "Code „telefon“ kommt mehrfach vor" in _fehler(vp, demo)


def test_strategie_verweist_auf_unbekannten_bedarf(vp: Aufruf, demo: Path) -> None:
    datei = _eigener_katalog(demo, "handlungsstrategien")
    text = datei.read_text(encoding="utf-8").replace(
        "handlungsbedarf: oertliche-mobilitaet", "handlungsbedarf: fuehrerschein"
    )
    datei.write_text(text, encoding="utf-8")
    zeile = text.splitlines().index("    handlungsbedarf: fuehrerschein") + 1
    meldung = _fehler(vp, demo)
    assert (
        f"catalogs/handlungsstrategien.yaml:{zeile}: Katalog ungültig: "
        "eintraege[17].handlungsbedarf: "
        "Code „fuehrerschein“ steht nicht im Katalog handlungsbedarfe"
    ) in meldung


def test_falscher_rechtskreis_in_einschraenkung(vp: Aufruf, demo: Path) -> None:
    datei = _eigener_katalog(demo, "handlungsstrategien")
    text = datei.read_text(encoding="utf-8").replace(
        "nur_rechtskreis: SGB III", "nur_rechtskreis: SGB 3"
    )
    datei.write_text(text, encoding="utf-8")
    meldung = _fehler(vp, demo)
    assert "eintraege[27].nur_rechtskreis: Wert ist nicht zulässig" in meldung
    assert "Erlaubt sind: 'SGB II', 'SGB III'." in meldung


def test_eigener_katalog_als_link_wird_abgelehnt(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    """A link in catalogs/ could show someone's private file in a catalog's error line."""
    fremd = tmp_path / "fremd.yaml"
    shutil.copyfile(REPO / "catalogs" / "gespraechsformen.yaml", fremd)
    (demo / "catalogs").mkdir()
    (demo / "catalogs" / "gespraechsformen.yaml").symlink_to(fremd)
    ergebnis = vp("--ablage", demo, "katalog", "gespraechsformen")
    assert ergebnis.exit_code == 2
    assert (
        "catalogs/gespraechsformen.yaml: Ist ein symbolischer Link; aus Sicherheitsgründen "
        "nicht gelesen"
    ) in ergebnis.stderr


def test_katalogordner_als_link_nach_draussen(vp: Aufruf, demo: Path, tmp_path: Path) -> None:
    fremd = tmp_path / "fremde-kataloge"
    fremd.mkdir()
    shutil.copyfile(REPO / "catalogs" / "gespraechsformen.yaml", fremd / "gespraechsformen.yaml")
    (demo / "catalogs").symlink_to(fremd)
    ergebnis = vp("--ablage", demo, "katalog", "gespraechsformen")
    assert ergebnis.exit_code == 2
    assert "Liegt über einen Link außerhalb des Ordners catalogs/" in ergebnis.stderr
