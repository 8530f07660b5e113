"""The workspace ("Ablage", SPEC §2): where it is, its settings, and creating a new one."""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from vier_phasen_cli.domain.fall_id import FALL_ID_MUSTER
from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage import grenzen
from vier_phasen_cli.storage.atomar import privater_ordner, schreibe_atomar
from vier_phasen_cli.storage.rohdaten import lies_bytes

EINSTELLUNGEN = "vier-phasen.toml"
UMGEBUNG = "VIER_PHASEN_ABLAGE"
STANDARD_TAGE = 14
MAX_TAGE = 3650
"""The longest horizon ``[faellig] tage`` may set: ten years."""


@dataclass(frozen=True)
class Einstellungen:
    """Settings from ``vier-phasen.toml``; ``roh`` keeps every table for later features."""

    dienststelle: Mapping[str, str] = field(default_factory=dict)
    fachkraft: str | None = None
    tage: int = STANDARD_TAGE
    gruppe: str | None = None
    """``[ablage] gruppe``: the Unix group of a team workspace (SPEC §11)."""
    roh: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Ablage:
    wurzel: Path
    einstellungen: Einstellungen = field(default_factory=Einstellungen)

    @cached_property
    def faelle(self) -> Path:
        return self.wurzel / "cases"

    @property
    def intern(self) -> Path:
        """The tool's own files (cache, drafts, locks), 0700."""
        return self.wurzel / ".vier-phasen"

    @property
    def kataloge(self) -> Path:
        return self.wurzel / "catalogs"

    @property
    def vorlagen(self) -> Path:
        return self.wurzel / "templates"

    def fall_pfad(self, fall_id: str) -> Path:
        """The file of case ``fall_id``; IDs outside the pinned pattern are refused."""
        pruefe_fall_id(fall_id)
        return self.faelle / f"{fall_id}.yaml"

    def fall_dateien(self) -> list[Path]:
        """All case files, sorted by name; a missing ``cases/`` folder is an error."""
        return [self.faelle / name for name in self.fall_namen()]

    def fall_namen(self) -> list[str]:
        """The names of all case files (``X.yaml``), sorted."""
        if not self.faelle.is_dir():
            raise VierPhasenFehler(
                "Kein Ordner cases/ in der Ablage",
                datei=self.faelle,
                hinweis="Eine Ablage legt „vier-phasen init“ an; eine andere wählt --ablage.",
            )
        with os.scandir(self.faelle) as eintraege:
            return sorted(e.name for e in eintraege if e.name.endswith(".yaml") and e.is_file())

    def relativ(self, pfad: Path) -> str:
        """``pfad`` relative to the workspace (``cases/X.yaml``), as reports show it."""
        if pfad.parent == self.faelle:  # the common case, without asking the file system
            return f"cases/{pfad.name}"
        try:
            return pfad.resolve().relative_to(self.wurzel.resolve()).as_posix()
        except ValueError:
            return str(pfad)


def pruefe_fall_id(fall_id: str) -> None:
    if not FALL_ID_MUSTER.match(fall_id):
        raise VierPhasenFehler(
            f"Ungültige Fall-ID „{fall_id[:80]}“",
            hinweis="Erlaubt sind Buchstaben, Ziffern, Punkt, Binde- und Unterstrich "
            "(höchstens 64 Zeichen, am Anfang ein Buchstabe oder eine Ziffer).",
        )


def finde_ablage(option: Path | None, umgebung: Mapping[str, str], cwd: Path) -> Path:
    """``--ablage``, else ``$VIER_PHASEN_ABLAGE``, else the nearest folder with a
    ``vier-phasen.toml`` above ``cwd``, else ``cwd`` itself."""
    if option is not None:
        return _existierender_ordner(option, "--ablage")
    if umgebung.get(UMGEBUNG):
        return _existierender_ordner(Path(umgebung[UMGEBUNG]), UMGEBUNG)
    for ordner in (cwd, *cwd.parents):
        if (ordner / EINSTELLUNGEN).is_file():
            return ordner
    return cwd


def _existierender_ordner(pfad: Path, quelle: str) -> Path:
    pfad = pfad.expanduser()
    if not pfad.is_dir():
        raise VierPhasenFehler(
            f"Die Ablage aus {quelle} ist kein Ordner",
            datei=pfad,
            hinweis="Eine neue Ablage legt „vier-phasen init ORDNER“ an.",
        )
    return pfad


def oeffne_ablage(wurzel: Path) -> Ablage:
    return Ablage(wurzel.resolve(), lade_einstellungen(wurzel / EINSTELLUNGEN))


_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def lade_einstellungen(pfad: Path) -> Einstellungen:
    """Read ``vier-phasen.toml``; missing is fine, broken is an error naming the line."""
    if not pfad.is_file():
        return Einstellungen()
    try:
        text = lies_bytes(pfad).decode("utf-8-sig")
        grenzen.pruefe_toml(pfad, text)
        roh = tomllib.loads(text)
    except RecursionError:  # pragma: no cover - pruefe_toml refuses deep nesting first
        raise grenzen.zu_tief(pfad) from None
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POSITION.search(str(exc))
        raise DatenFehler(
            "Einstellungsdatei ist kein gültiges TOML",
            datei=pfad,
            zeile=int(m.group(1)) if m else None,
            hinweis='Aufbau: Abschnitte in [eckigen Klammern], darunter schluessel = "Wert".',
        ) from None
    except UnicodeDecodeError:
        raise DatenFehler("Einstellungsdatei ist nicht in UTF-8 kodiert", datei=pfad) from None
    grenzen.pruefe_tiefe(pfad, roh)

    def tabelle(name: str) -> Mapping[str, Any]:
        wert = roh.get(name, {})
        if not isinstance(wert, dict):
            raise DatenFehler(f"[{name}] muss ein Abschnitt sein", datei=pfad)
        return wert

    dienststelle = {k: v for k, v in tabelle("dienststelle").items() if isinstance(v, str)}
    fachkraft = tabelle("standard").get("fachkraft") or None
    if fachkraft is not None and not isinstance(fachkraft, str):
        raise DatenFehler("[standard] fachkraft muss ein Text sein", datei=pfad)
    tage = tabelle("faellig").get("tage", STANDARD_TAGE)
    if not isinstance(tage, int) or isinstance(tage, bool) or not 0 <= tage <= MAX_TAGE:
        raise DatenFehler(
            f"[faellig] tage muss eine ganze Zahl von 0 bis {MAX_TAGE} sein",
            datei=pfad,
            hinweis="Die Vorausschau des Fristenberichts in Tagen, z. B. tage = 14.",
        )
    gruppe = tabelle("ablage").get("gruppe") or None
    if gruppe is not None and not isinstance(gruppe, str):
        raise DatenFehler("[ablage] gruppe muss ein Text sein", datei=pfad)
    return Einstellungen(
        dienststelle=dienststelle, fachkraft=fachkraft, tage=tage, gruppe=gruppe, roh=roh
    )


EINSTELLUNGEN_VORLAGE = """\
# vier-phasen – Einstellungen dieser Ablage

[dienststelle]
# Erscheint auf Eingliederungsvereinbarung und Kooperationsplan.
name = ""
anschrift = ""

[standard]
# Vorgabe für „vier-phasen neu“, wenn --fachkraft fehlt.
fachkraft = ""

[faellig]
# Vorausschau des Fristenberichts in Tagen.
tage = 14
"""

GITIGNORE_EINTRAG = ".vier-phasen/"


def init_ablage(
    ordner: Path, vorlagen: bool, kataloge_quelle: Path, vorlagen_quelle: Path
) -> list[Path]:
    """Create a workspace in ``ordner``; return what was created (existing files are kept)."""
    angelegt: list[Path] = []
    for unterordner in (ordner, ordner / "cases", ordner / ".vier-phasen"):
        if not unterordner.is_dir():
            privater_ordner(unterordner)
            angelegt.append(unterordner)
    toml = ordner / EINSTELLUNGEN
    if not toml.exists():
        schreibe_atomar(toml, EINSTELLUNGEN_VORLAGE.encode("utf-8"))
        angelegt.append(toml)
    gitignore = ordner / ".gitignore"
    vorhanden = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
    if GITIGNORE_EINTRAG not in vorhanden.split():
        trenner = "" if not vorhanden or vorhanden.endswith("\n") else "\n"
        kommentar = "# Cache, Entwürfe und Sperren von vier-phasen"
        neu = f"{vorhanden}{trenner}{kommentar}\n{GITIGNORE_EINTRAG}\n"
        schreibe_atomar(gitignore, neu.encode("utf-8"))
        angelegt.append(gitignore)
    if vorlagen:
        for quelle, ziel in (
            (kataloge_quelle, ordner / "catalogs"),
            (vorlagen_quelle, ordner / "templates"),
        ):
            privater_ordner(ziel)
            for datei in sorted(quelle.iterdir()):
                if datei.is_file() and not (ziel / datei.name).exists():
                    shutil.copyfile(datei, ziel / datei.name)
                    (ziel / datei.name).chmod(0o600)
                    angelegt.append(ziel / datei.name)
    return angelegt
