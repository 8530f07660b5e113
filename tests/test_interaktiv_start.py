"""The interactive commands load only what they use: which modules a run imports is asserted
(never how long it takes; speed lives in benchmarks/), and where a command reads a case in a
new way, the new way is compared with the old one file by file."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from vier_phasen_cli.domain.befund import Pruefkontext
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.storage.ablage import oeffne_ablage
from vier_phasen_cli.storage.faelle import lade_fall_nach_id, lies_fall_nach_id
from vier_phasen_cli.storage.katalogdateien import lade_kataloge
from vier_phasen_cli.storage.pruefung import befunde_der_daten, befunde_im_dokument
from vier_phasen_cli.storage.yamldatei import Dokumentzeilen, klar

from .conftest import DEMO, REPO

FEINDLICH = REPO / "tests" / "data" / "hostile"
MODELLE = {"pydantic", "pydantic_core"}
YAML = {"ruamel", "yaml"}


def _importiert(*args: str | Path) -> set[str]:
    ergebnis = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vier_phasen_cli", *map(str, args)],
        capture_output=True,
        text=True,
        env={"VIER_PHASEN_HEUTE": "2026-11-23", "PATH": "/usr/bin:/bin"},
    )
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", ergebnis.stderr, re.M))


def _wurzeln(module: set[str]) -> set[str]:
    return {m.split(".")[0] for m in module}


def test_pruefen_eines_falls_aus_dem_cache_baut_kein_fallmodell(demo: Path) -> None:
    """A case checked before: its findings come from the cache, so neither the pydantic
    models nor a YAML parser nor Rich are loaded."""
    _importiert("--ablage", demo, "pruefen")  # fills the cache
    module = _importiert("--ablage", demo, "pruefen", "911A100001")
    assert "vier_phasen_cli.storage.pruefung" in module  # the measurement works
    assert "vier_phasen_cli.domain.regeln.strategie" in module  # the rules are registered
    assert not _wurzeln(module) & (MODELLE | YAML | {"rich"})
    assert "vier_phasen_cli.domain.fall" not in module


def test_pruefen_liest_eine_geaenderte_datei_mit_dem_modell(demo: Path) -> None:
    """The other side: a file changed since the last run is validated (the model is built)."""
    _importiert("--ablage", demo, "pruefen")
    with (demo / "cases" / "911A100001.yaml").open("a") as f:
        f.write("# geändert\n")
    module = _importiert("--ablage", demo, "pruefen", "911A100001")
    assert "vier_phasen_cli.domain.fall" in module


def test_zeige_und_dokument_brauchen_keinen_rundreise_leser(demo: Path) -> None:
    """``zeige`` and ``dokument`` only show a case: neither the round-trip reader (for
    edits) nor LibYAML's (for what rapidyaml hands over) is loaded."""
    _importiert("--ablage", demo, "liste")  # the catalogs' cache (parsing them needs YAML)
    for format in ("text", "json", "yaml"):
        module = _importiert("--ablage", demo, "zeige", "911A100001", "--format", format)
        assert "vier_phasen_cli.render.jsondatei" in module  # the measurement works
        assert not _wurzeln(module) & YAML, format  # rapidyaml reads it
    module = _importiert("--ablage", demo, "dokument", "911A100001", "vereinbarung")
    assert "vier_phasen_cli.render.dokumente" in module
    assert not _wurzeln(module) & YAML


@pytest.fixture(scope="module")
def kataloge() -> Kataloge:
    return lade_kataloge()


def _faelle_zum_vergleich(ordner: Path) -> list[str]:
    """The demo's cases, the hostile corpus' case files and variants of a demo case that
    each take another way through the readers (an alias, a tag, BOM and CRLF, a wrong ID,
    an unknown code, an unsupported format, a link, a missing file)."""
    faelle = ordner / "cases"
    ids = sorted(p.stem for p in faelle.glob("*.yaml"))
    for datei in sorted(FEINDLICH.glob("*.yaml")):
        shutil.copyfile(datei, faelle / datei.name)
        ids.append(datei.stem)
    text = (faelle / "911A100001.yaml").read_text(encoding="utf-8")
    varianten = {
        "V-alias": text + "anker: &a x\nverweis: *a\n",
        "V-tag": text.replace("fachkraft: M. Schmidt", "fachkraft: !!str M. Schmidt"),
        "V-falsche-id": text,
        "V-code": re.sub(r"(?m)^integrationsprognose: .*$", "integrationsprognose: XYZ", text),
        "V-format": text.replace("format: 1", "format: 2"),
        "V-steuerzeichen": text.replace("fachkraft: M. Schmidt", 'fachkraft: "\\e[31m=1+1"'),
        "V-leer": "",
        "V-nur-kommentar": "# nichts\n",
    }
    for name, inhalt in varianten.items():
        if name != "V-falsche-id":
            inhalt = inhalt.replace("id: 911A100001", f"id: {name}")
        (faelle / f"{name}.yaml").write_text(inhalt, encoding="utf-8")
    (faelle / "V-bom-crlf.yaml").write_bytes(
        b"\xef\xbb\xbf" + text.replace("911A100001", "V-bom-crlf").encode().replace(b"\n", b"\r\n")
    )
    (faelle / "V-link.yaml").symlink_to(faelle / "911A100001.yaml")
    return [*ids, *varianten, "V-bom-crlf", "V-link", "V-fehlt"]


def test_zeige_liest_jeden_fall_wie_die_bearbeitung(demo: Path, kataloge: Kataloge) -> None:
    """``zeige`` and ``dokument`` read a case with the reports' fast reader; for every file it
    gives the same case, bytes, data and findings as the round-trip reader the edits use, or
    the same refusal, word for word and on the same line."""
    ablage = oeffne_ablage(demo)
    schnell = 0
    for fall_id in _faelle_zum_vergleich(demo):
        try:
            erwartet = lade_fall_nach_id(ablage, fall_id, kataloge)
        except VierPhasenFehler as fehler:
            with pytest.raises(VierPhasenFehler) as gleich:
                lies_fall_nach_id(ablage, fall_id, kataloge)
            assert type(gleich.value) is type(fehler), fall_id
            assert str(gleich.value) == str(fehler), fall_id
            assert (gleich.value.datei, gleich.value.zeile, gleich.value.hinweis) == (
                fehler.datei,
                fehler.zeile,
                fehler.hinweis,
            ), fall_id
            assert list(map(str, gleich.value.weitere)) == list(map(str, fehler.weitere))
            continue
        gelesen = lies_fall_nach_id(ablage, fall_id, kataloge)
        assert gelesen.fall == erwartet.fall, fall_id
        assert gelesen.rohdaten == erwartet.dokument.rohdaten, fall_id
        assert gelesen.pfad == erwartet.pfad, fall_id
        assert klar(gelesen.daten) == klar(erwartet.dokument.daten), fall_id
        # ``dokument`` checks the agreement on what it read: the same findings, same lines
        kontext = Pruefkontext(kataloge, date(2026, 11, 23))
        datei = ablage.relativ(gelesen.pfad)
        befunde = list(befunde_im_dokument(erwartet.dokument, datei, REGELWERK, kontext))
        assert befunde == list(
            befunde_der_daten(
                gelesen.daten, gelesen.zeilen, gelesen.pfad, datei, REGELWERK, kontext
            )
        ), fall_id
        schnell += not isinstance(gelesen.zeilen, Dokumentzeilen)
    assert schnell >= 14  # the demo's cases and the valid variants took the fast way


def test_die_demo_hat_faelle_zum_vergleichen() -> None:
    assert len(list((DEMO / "cases").glob("*.yaml"))) >= 10


def _bis_zur_ersten_frage(*args: str | Path) -> set[str]:
    """The modules a command has imported when it draws its first prompt in a terminal (a
    pseudo-terminal; prompt_toolkit's first escape sequence with a "?" marks the prompt)."""
    import os
    import pty
    import select
    import tempfile

    herr, knecht = pty.openpty()
    with tempfile.TemporaryFile() as protokoll:
        prozess = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", "vier_phasen_cli", *map(str, args)],
            stdin=knecht,
            stdout=knecht,
            stderr=protokoll,
            env={"VIER_PHASEN_HEUTE": "2026-11-23", "PATH": "/usr/bin:/bin", "TERM": "xterm"},
        )
        os.close(knecht)
        gesehen = b""
        try:
            while b"?" not in gesehen and select.select([herr], [], [], 30)[0]:
                gesehen += os.read(herr, 4096)
        finally:
            prozess.kill()
            prozess.wait()
            os.close(herr)
        assert b"?" in gesehen, gesehen
        protokoll.seek(0)
        text = protokoll.read().decode()
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", text, re.M))


def test_erstgespraech_fragt_vor_dem_fallmodell(demo: Path) -> None:
    """The Erstgespräch of a new case asks its first question before the case model, the
    answers' models and the round-trip reader are loaded (they come with the first answer
    checked and the case written)."""
    _importiert("--ablage", demo, "liste")  # the catalogs' cache
    module = _bis_zur_ersten_frage("--ablage", demo, "erstgespraech", "911C000001")
    assert "vier_phasen_cli.wizard.erstgespraech" in module  # the measurement works
    assert not _wurzeln(module) & (MODELLE | YAML)
    assert "vier_phasen_cli.domain.fall" not in module
