"""Case files are lossless and safe: byte-identical round trips, edits that keep comments,
order and unknown keys, atomic private writes, and no overwriting of a colleague's change."""

from __future__ import annotations

import difflib
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.faelle import lade_fall, lade_fall_nach_id, lege_an, speichere
from vier_phasen_cli.storage.katalogdateien import lade_kataloge

from .conftest import DEMO, REPO

DATEN = REPO / "tests" / "data"


@pytest.fixture(scope="module")
def kataloge() -> Kataloge:
    return lade_kataloge()


def _kopie(quelle: Path, ordner: Path, name: str | None = None) -> Path:
    ziel = ordner / (name or quelle.name)
    shutil.copyfile(quelle, ziel)
    return ziel


@pytest.mark.parametrize(
    "datei",
    [
        *sorted((DEMO / "cases").glob("*.yaml")),
        DATEN / "kommentare.yaml",
        DATEN / "ohne_einzug.yaml",
    ],
    ids=lambda p: p.name,
)
def test_laden_und_speichern_ohne_aenderung_ist_bytegleich(datei: Path) -> None:
    dokument = yamldatei.lade(datei)
    assert yamldatei.dump(dokument) == datei.read_bytes()


def test_bom_und_crlf_bleiben_beim_speichern_erhalten(tmp_path: Path) -> None:
    text = (DEMO / "cases" / "911A100001.yaml").read_text(encoding="utf-8")
    roh = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    datei = tmp_path / "911A100001.yaml"
    datei.write_bytes(roh)
    dokument = yamldatei.lade(datei)
    assert dokument.schreibweise.bom and dokument.schreibweise.zeilenende == "\r\n"
    assert yamldatei.dump(dokument) == roh


def test_bearbeitung_behaelt_kommentare_reihenfolge_und_unbekannte_schluessel(
    tmp_path: Path, kataloge: Kataloge
) -> None:
    datei = _kopie(DATEN / "kommentare.yaml", tmp_path, "KOMM-01.yaml")
    falldatei = lade_fall(datei, kataloge)
    daten = falldatei.dokument.daten
    daten["termine"]["folgegespraech"] = date(2027, 1, 15)
    daten["potenzialanalyse"]["staerken"].append({"art": "formale-qualifikation", "text": "Abitur"})
    gespeichert = speichere(falldatei, kataloge)

    vorher = (DATEN / "kommentare.yaml").read_text(encoding="utf-8").splitlines()
    nachher = datei.read_text(encoding="utf-8").splitlines()
    assert gespeichert.fall.termine is not None
    assert gespeichert.fall.termine.folgegespraech == date(2027, 1, 15)
    # Exactly the edited line changed, and the appended Stärke came in after the others.
    diff = [z for z in difflib.ndiff(vorher, nachher) if z[:1] in "+-"]
    assert diff == [
        "+     - art: formale-qualifikation",
        "+       text: Abitur",
        "-   folgegespraech: 2026-12-01",
        "+   folgegespraech: 2027-01-15",
    ]
    neu = nachher.index("    - art: formale-qualifikation")
    assert nachher[neu - 1] == "    - {art: soziale-kompetenz, text: Fluss-Stil bleibt}"
    for zeile in vorher:
        if zeile.strip().startswith("#") or "#" in zeile or "eigene_notiz" in zeile:
            assert zeile in nachher
    assert [z.split(":")[0] for z in nachher if z and not z[0].isspace() and z[0] != "#"] == [
        z.split(":")[0] for z in vorher if z and not z[0].isspace() and z[0] != "#"
    ]


def test_speichern_schreibt_0600_atomar_und_laesst_keine_tempdateien(
    tmp_path: Path, kataloge: Kataloge
) -> None:
    datei = _kopie(DEMO / "cases" / "911A100001.yaml", tmp_path)
    datei.chmod(0o644)
    falldatei = lade_fall(datei, kataloge)
    falldatei.dokument.daten["fachkraft"] = "K. Neu"
    speichere(falldatei, kataloge)
    assert stat.S_IMODE(datei.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["911A100001.yaml"]
    assert "fachkraft: K. Neu\n" in datei.read_text(encoding="utf-8")


def test_speichern_verweigert_wenn_die_datei_inzwischen_geaendert_wurde(
    tmp_path: Path, kataloge: Kataloge
) -> None:
    datei = _kopie(DEMO / "cases" / "911A100001.yaml", tmp_path)
    falldatei = lade_fall(datei, kataloge)
    kollegin = datei.read_text(encoding="utf-8").replace("M. Schmidt", "A. Wagner")
    datei.write_text(kollegin, encoding="utf-8")
    falldatei.dokument.daten["fachkraft"] = "K. Neu"
    with pytest.raises(VierPhasenFehler, match="seit dem Laden verändert"):
        speichere(falldatei, kataloge)
    assert datei.read_text(encoding="utf-8") == kollegin


def test_speichern_verweigert_eine_ungueltige_bearbeitung(
    tmp_path: Path, kataloge: Kataloge
) -> None:
    datei = _kopie(DEMO / "cases" / "911A100001.yaml", tmp_path)
    vorher = datei.read_bytes()
    falldatei = lade_fall(datei, kataloge)
    falldatei.dokument.daten["rechtskreis"] = "SGB IV"
    with pytest.raises(VierPhasenFehler):
        speichere(falldatei, kataloge)
    assert datei.read_bytes() == vorher


def test_neuer_fall_ueberschreibt_nie_eine_vorhandene_datei(
    tmp_path: Path, kataloge: Kataloge
) -> None:
    datei = _kopie(DEMO / "cases" / "911A100001.yaml", tmp_path)
    vorher = datei.read_bytes()
    daten = {
        "format": 1,
        "id": "911A100001",
        "kunde": {"name": "X"},
        "rechtskreis": "SGB III",
        "fachkraft": "Y",
    }
    with pytest.raises(VierPhasenFehler, match="gibt es schon"):
        lege_an(datei, daten, kataloge)
    assert datei.read_bytes() == vorher
    assert sorted(p.name for p in tmp_path.iterdir()) == ["911A100001.yaml"]


@pytest.mark.parametrize("fall_id", ["../x", "a/b", "", ".versteckt", "-x", "x" * 65, "a b", "ä"])
def test_ids_ausserhalb_des_musters_werden_abgelehnt(
    demo: Path, kataloge: Kataloge, fall_id: str
) -> None:
    ablage = oeffne_ablage(demo)
    with pytest.raises(VierPhasenFehler, match="Ungültige Fall-ID"):
        lade_fall_nach_id(ablage, fall_id, kataloge)


def test_numerische_id_ist_der_dateiname(tmp_path: Path, kataloge: Kataloge) -> None:
    datei = tmp_path / "12345.yaml"
    datei.write_text("format: 1\nid: 12345\nkunde: {name: X}\nrechtskreis: SGB II\nfachkraft: Y\n")
    assert lade_fall(datei, kataloge).fall.id == "12345"


def test_yaml_1_2_werte_bleiben_text(tmp_path: Path, kataloge: Kataloge) -> None:
    """`no`, `on`, `Yes`, `1:20` are strings in YAML 1.2 (SPEC §3), not booleans or numbers."""
    datei = tmp_path / "T1.yaml"
    datei.write_text(
        "format: 1\nid: T1\nkunde: {name: 'on'}\nrechtskreis: SGB II\nfachkraft: Yes\n"
        "potenzialanalyse:\n  zielberuf: no\n  annaeherung: 1:20\n"
    )
    fall = lade_fall(datei, kataloge).fall
    assert fall.fachkraft == "Yes"
    assert fall.potenzialanalyse is not None
    assert (fall.potenzialanalyse.zielberuf, fall.potenzialanalyse.annaeherung) == ("no", "1:20")
