"""The workspace ("Ablage", SPEC §2): where it is, its settings, and creating a new one."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.fall_id import ist_fall_id
from vier_phasen_cli.domain.kontakt import (
    KONTAKT_TAGE,
    KONTAKT_TAGE_HOECHSTENS,
    kontakt_tage_gueltig,
)
from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
from vier_phasen_cli.storage import grenzen
from vier_phasen_cli.storage.atomar import schreibe_atomar
from vier_phasen_cli.storage.rechte import (
    BENUTZER,
    DATEI_TEAM,
    PRIVAT,
    Rechte,
    benutzername,
    freigabe_hinweis,
    fuer_das_team,
    team,
)
from vier_phasen_cli.storage.rohdaten import lies_bytes

if TYPE_CHECKING:
    from vier_phasen_cli.storage.sperre import Entsperren

EINSTELLUNGEN = "vier-phasen.toml"
UMGEBUNG = "VIER_PHASEN_ABLAGE"
STANDARD_TAGE = 14
DOKUMENTE = "dokumente"
"""The workspace's folder for rendered documents (the team's in a team workspace)."""


@dataclass(frozen=True)
class Einstellungen:
    """Settings from ``vier-phasen.toml``; ``roh`` keeps every table for later features."""

    dienststelle: Mapping[str, str] = field(default_factory=dict)
    fachkraft: str | None = None
    tage: int = STANDARD_TAGE
    gruppe: str | None = None
    """``[ablage] gruppe``: the Unix group of a team workspace (SPEC §11)."""
    kontakt_tage: int = KONTAKT_TAGE
    """``[pruefen] kontakt_tage``: how long without a conversation is too long (KO001)."""
    bundesland: str | None = None
    """``[ablage] bundesland``: whose public holidays count as non-working days (SPEC §14)."""
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
        """The tool's own files (cache, drafts, locks), 0700 (a team's: 2770)."""
        return self.wurzel / ".vier-phasen"

    @cached_property
    def rechte(self) -> Rechte:
        """The modes of what is written here: private, or the team's (``[ablage] gruppe``;
        a group that does not exist is an error naming the settings file)."""
        gruppe = self.einstellungen.gruppe
        if gruppe is None:
            return PRIVAT
        try:
            return team(gruppe, self.wurzel)
        except VierPhasenFehler as exc:
            exc.datei = self.wurzel / EINSTELLUNGEN
            raise

    @property
    def eigenes(self) -> Path:
        """This user's own files (cache, drafts, edit copies): ``.vier-phasen`` itself, in a
        team workspace ``.vier-phasen/benutzer/<uid>/`` (0700), so that no one reads or
        spoils another's. Its shared parents are made by ``eigener_ordner``."""
        if self.einstellungen.gruppe is None:
            return self.intern
        return self.intern / BENUTZER / str(os.geteuid())

    def eigener_ordner(self) -> Path:
        """``eigenes``, with the team's folders above it made (2770) where missing; the
        private folder itself is made by whoever writes into it."""
        if self.einstellungen.gruppe is not None:
            with contextlib.suppress(OSError):  # a read-only share: reports run all the same
                self.rechte.ordner(self.intern / BENUTZER)
                PRIVAT.ordner(self.eigenes)  # now (0700), before a colleague could
            pruefe_eigenen_ordner(self.eigenes)
        return self.eigenes

    @contextlib.contextmanager
    def sperre(self, fall_id: str, entsperren: Entsperren | None = None) -> Iterator[Path]:
        """Hold the lock of case ``fall_id`` (``.vier-phasen/sperren/``) while the block runs.

        Every command that writes a case takes its lock first: a case file git left unmerged
        is refused here, before anything is asked or changed (SPEC §11)."""
        from vier_phasen_cli.storage.git import pruefe_zusammengefuehrt
        from vier_phasen_cli.storage.sperre import gesperrt

        with gesperrt(
            self.intern / "sperren", fall_id, rechte=self.rechte, entsperren=entsperren
        ) as pfad:
            pruefe_zusammengefuehrt(self.wurzel, self.fall_pfad(fall_id))
            yield pfad

    def dokumentordner(self, ziel: Path) -> bool:
        """Before a document is written to ``ziel``: inside the workspace's ``dokumente/``
        make the missing folders (with the workspace's modes) and, in a team workspace, give
        ``dokumente/`` to the team when it is this user's; whether it was given. A team's
        ``dokumente/`` of another owner the team may not write into is an error naming whom
        to ask (nothing is written)."""
        dokumente = self.wurzel / DOKUMENTE
        ordner = Path(os.path.realpath(ziel.absolute().parent))
        if ordner != dokumente and dokumente not in ordner.parents:
            return False
        gegeben = False
        rechte = self.rechte
        if rechte.gid is not None and dokumente.is_dir():
            info = os.stat(dokumente)
            if fuer_das_team(info, rechte.gid):
                pass
            elif info.st_uid == os.geteuid() or os.geteuid() == 0:
                gegeben = _dem_team(dokumente, info, rechte)
            else:
                assert self.einstellungen.gruppe is not None
                raise VierPhasenFehler(
                    "Das Team darf im Ordner dokumente/ nicht schreiben; nichts wurde geschrieben",
                    datei=dokumente,
                    hinweis=freigabe_hinweis(
                        dokumente, info, self.einstellungen.gruppe, self.wurzel
                    ),
                )
        rechte.ordner(ordner)
        return gegeben

    @property
    def kataloge(self) -> Path:
        return self.wurzel / "catalogs"

    @property
    def vorlagen(self) -> Path:
        return self.wurzel / "templates"

    def fall_pfad(self, fall_id: str) -> Path:
        """The file of case ``fall_id``; IDs outside the pinned pattern are refused, and a
        folder without ``cases/`` is not a workspace (said so, not "no such case")."""
        pruefe_fall_id(fall_id)
        if not self.faelle.is_dir() or self.faelle.is_symlink():
            self.fall_namen()  # raises the explanation
        return self.faelle / f"{fall_id}.yaml"

    @property
    def ist_ablage(self) -> bool:
        """Whether this folder holds cases at all: only then does the tool keep its own files
        (caches, tables) here – a command run in the wrong folder leaves nothing behind."""
        return self.faelle.is_dir()

    def fall_dateien(self) -> list[Path]:
        """All case files, sorted by name; a missing ``cases/`` folder is an error."""
        return [self.faelle / name for name in self.fall_namen()]

    def fall_namen(self) -> list[str]:
        """The names of all case files (``X.yaml``), sorted. Symbolic links are listed too:
        reading refuses them (``lies_bytes``), so a report names them instead of hiding them."""
        if not self.faelle.is_dir():
            raise VierPhasenFehler(
                "Kein Ordner cases/ in der Ablage",
                datei=self.faelle,
                hinweis="Eine Ablage legt „vier-phasen init“ an; eine andere wählt --ablage.",
            )
        if self.faelle.is_symlink() and not self.faelle.resolve().is_relative_to(
            self.wurzel.resolve()
        ):
            # A colleague in a team folder could point cases/ at someone's private cases.
            raise VierPhasenFehler(
                "Der Ordner cases/ ist ein symbolischer Link aus der Ablage hinaus; aus "
                "Sicherheitsgründen nicht gelesen",
                datei=self.faelle,
                hinweis="Bitte den Link entfernen und den Ordner cases/ selbst in die Ablage "
                "legen.",
            )
        with os.scandir(self.faelle) as eintraege:
            return sorted(
                e.name
                for e in eintraege
                if e.name.endswith(".yaml") and (e.is_symlink() or e.is_file())
            )

    def relativ_im_ordner(self, ordner: Path, name: str) -> str:
        """``relativ(ordner / name)``, without building the path for a file in ``cases/``
        (a report over 10,000 files spares as many Path objects)."""
        if ordner == self.faelle:
            return sicher_einzeilig(f"cases/{name}")
        return self.relativ(ordner / name)

    def relativ(self, pfad: Path) -> str:
        """``pfad`` relative to the workspace (``cases/X.yaml``), as reports show it: control
        characters (newline and tab too: one line) and the bytes of a name that is no UTF-8
        shown as escapes (``sicher_einzeilig``)."""
        if pfad.parent == self.faelle:  # the common case, without asking the file system
            return sicher_einzeilig(f"cases/{pfad.name}")
        try:
            return sicher_einzeilig(pfad.resolve().relative_to(self.wurzel.resolve()).as_posix())
        except ValueError:
            return sicher_einzeilig(str(pfad))


def pruefe_eigenen_ordner(ordner: Path) -> None:
    """In a team workspace this user's ``benutzer/<uid>/`` must be a real folder of this
    user that only he may enter (0700): a colleague could otherwise have put a link there
    (and read the caches and drafts written through it) or opened it."""
    try:
        info = os.lstat(ordner)
    except FileNotFoundError:
        return  # a read-only share: nothing is written there
    if (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and not stat.S_IMODE(info.st_mode) & 0o077
    ):
        return
    art = (
        "ist ein symbolischer Link"
        if stat.S_ISLNK(info.st_mode)
        else "ist kein Ordner"
        if not stat.S_ISDIR(info.st_mode)
        else f"gehört {benutzername(info.st_uid)}"
        if info.st_uid != os.geteuid()
        else f"ist auch für andere offen ({stat.filemode(info.st_mode)})"
    )
    raise VierPhasenFehler(
        f"Ihr eigener Ordner für Cache und Entwürfe {art}; aus Sicherheitsgründen nicht benutzt",
        datei=ordner,
        hinweis="Er muss ein Ordner sein, der nur Ihnen gehört (0700). Bitte klären, wer ihn "
        "verändert hat, und ihn entfernen (rm -r); vier-phasen legt ihn neu an.",
    )


def pruefe_fall_id(fall_id: str) -> None:
    if not ist_fall_id(fall_id):
        raise VierPhasenFehler(
            f"Ungültige Fall-ID „{sicher_einzeilig(fall_id[:80])}“",
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


def waehle_ablage(option: Path | None, umgebung: Mapping[str, str], cwd: Path) -> Ablage:
    """The workspace of this run: found as ``finde_ablage`` says, and when it was found by
    discovery (not named by ``--ablage`` or the environment) only if it is trustworthy."""
    wurzel = finde_ablage(option, umgebung, cwd)
    if option is None and not umgebung.get(UMGEBUNG):
        pruefe_vertrauen(wurzel)
    return oeffne_ablage(wurzel)


_GEPRUEFT = ("", "cases", "catalogs", "templates", EINSTELLUNGEN)


def pruefe_vertrauen(wurzel: Path) -> None:
    """Refuse a discovered workspace that another user may have planted (SPEC §15, like
    git's ``safe.directory``, CVE-2022-24765): its folder, ``cases/``, ``catalogs/``,
    ``templates/`` or ``vier-phasen.toml`` belongs to another user and any of them is
    writable by everyone. A team workspace (``[ablage] gruppe``) is trusted when its folder
    belongs to that group and the user is a member."""
    eigen = os.geteuid()
    geprueft: list[tuple[str, os.stat_result]] = []
    for name in _GEPRUEFT:
        try:
            geprueft.append((name, os.stat(wurzel / name if name else wurzel)))
        except OSError:
            continue
    fremd = [(name, info) for name, info in geprueft if info.st_uid != eigen]
    offen = [name for name, info in geprueft if info.st_mode & stat.S_IWOTH]
    if not fremd or not offen or _im_team(wurzel, geprueft):
        return
    besitzer = benutzername(fremd[0][1].st_uid)
    was = "der Ordner selbst" if not offen[0] else f"„{offen[0]}{'' if '.' in offen[0] else '/'}“"
    raise VierPhasenFehler(
        f"Ablage wird nicht verwendet: sie gehört einem anderen Benutzer ({besitzer}), "
        f"und {was} ist für alle beschreibbar",
        datei=wurzel,
        hinweis="Jeder auf diesem Rechner könnte dort Fälle oder Vorlagen unterschieben. Wer "
        "der Ablage vertraut, wählt sie ausdrücklich mit --ablage ORDNER; sonst die Rechte "
        "richten lassen (chmod o-w) oder mit „vier-phasen init ORDNER“ eine eigene anlegen.",
    )


def _im_team(wurzel: Path, geprueft: list[tuple[str, os.stat_result]]) -> bool:
    try:
        import grp
    except ImportError:  # pragma: no cover - not POSIX
        return False
    try:
        gruppe = lade_einstellungen(wurzel / EINSTELLUNGEN).gruppe
    except VierPhasenFehler:
        return False
    if gruppe is None:
        return False
    try:
        gid = grp.getgrnam(gruppe).gr_gid
    except KeyError:
        return False
    mitglied = gid == os.getegid() or gid in os.getgroups()
    return mitglied and geprueft[0][0] == "" and geprueft[0][1].st_gid == gid


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
    # Here, not at the top: finding a workspace (shell completion) must not load the catalogs.
    from vier_phasen_cli.domain.fristen import VORAUSSCHAU_HOECHSTENS, vorausschau_gueltig

    def tabelle(name: str) -> Mapping[str, Any]:
        wert = roh.get(name, {})
        if not isinstance(wert, dict):
            raise DatenFehler(f"[{name}] muss ein Abschnitt sein", datei=pfad)
        return wert

    dienststelle = {k: v for k, v in tabelle("dienststelle").items() if isinstance(v, str)}
    dienststelle["artikel"] = _artikel(tabelle("dienststelle").get("artikel"), pfad)
    fachkraft = tabelle("standard").get("fachkraft") or None
    if fachkraft is not None and not isinstance(fachkraft, str):
        raise DatenFehler("[standard] fachkraft muss ein Text sein", datei=pfad)
    tage = _ganze_zahl(
        tabelle("faellig"), "[faellig] tage", STANDARD_TAGE, vorausschau_gueltig,
        f"0 bis {VORAUSSCHAU_HOECHSTENS}",
        "Die Vorausschau des Fristenberichts in Tagen, z. B. tage = 14.", pfad,
    )  # fmt: skip
    gruppe = tabelle("ablage").get("gruppe") or None
    if gruppe is not None and not isinstance(gruppe, str):
        raise DatenFehler("[ablage] gruppe muss ein Text sein", datei=pfad)
    kontakt_tage = _ganze_zahl(
        tabelle("pruefen"), "[pruefen] kontakt_tage", KONTAKT_TAGE, kontakt_tage_gueltig,
        f"1 bis {KONTAKT_TAGE_HOECHSTENS}",
        "So viele Tage ohne Gespräch sind noch in Ordnung, z. B. kontakt_tage = 90.", pfad,
    )  # fmt: skip
    return Einstellungen(
        dienststelle=dienststelle,
        fachkraft=fachkraft,
        tage=tage,
        gruppe=gruppe,
        kontakt_tage=kontakt_tage,
        bundesland=_bundesland(tabelle("ablage").get("bundesland"), pfad),
        roh=roh,
    )


def _artikel(wert: Any, pfad: Path) -> str:
    """``[dienststelle] artikel``: the article the Dienststelle's name takes, or empty."""
    from vier_phasen_cli.domain.dienststelle import ARTIKEL

    if wert is None or wert == "":
        return ""
    if not isinstance(wert, str) or wert.strip().lower() not in ARTIKEL:
        angabe = f" („{sicher_einzeilig(wert)}“)" if isinstance(wert, str) else ""
        raise DatenFehler(
            f"[dienststelle] artikel ist kein Artikel{angabe}",
            datei=pfad,
            hinweis='Erlaubt sind der, die und das – der Artikel des Namens, z. B. artikel = "die"'
            " für „die Agentur für Arbeit …“.",
        )
    return wert.strip().lower()


def _ganze_zahl(
    tabelle: Mapping[str, Any],
    name: str,
    standard: int,
    gueltig: Callable[[object], bool],
    bereich: str,
    hinweis: str,
    pfad: Path,
) -> int:
    """The whole-number setting ``name`` (``[abschnitt] schluessel``) of ``tabelle``, checked."""
    wert = tabelle.get(name.split("] ")[1], standard)
    if not gueltig(wert):
        raise DatenFehler(
            f"{name} muss eine ganze Zahl von {bereich} sein", datei=pfad, hinweis=hinweis
        )
    return int(wert)


def _bundesland(wert: Any, pfad: Path) -> str | None:
    """``[ablage] bundesland``: a two-letter code as the holidays library knows it (``BY``)."""
    if wert is None or wert == "":
        return None
    from vier_phasen_cli.domain.arbeitstage import bundeslaender

    erlaubt = bundeslaender()
    if not isinstance(wert, str) or wert.strip().upper() not in erlaubt:
        angabe = f" („{sicher_einzeilig(wert)}“)" if isinstance(wert, str) else ""
        raise DatenFehler(
            f"[ablage] bundesland ist kein Bundesland{angabe}",
            datei=pfad,
            hinweis="Erlaubt sind die Kürzel " + ", ".join(erlaubt) + ', z. B. bundesland = "BY".',
        )
    return wert.strip().upper()


EINSTELLUNGEN_VORLAGE = """\
# vier-phasen – Einstellungen dieser Ablage

[dienststelle]
# Erscheint auf Eingliederungsvereinbarung und Kooperationsplan. artikel: der Artikel des
# Namens (der, die oder das), damit es „Zwischen der Agentur für Arbeit …“ heißt; ohne ihn
# steht „Zwischen der Dienststelle …“.
name = ""
artikel = ""
anschrift = ""

[standard]
# Vorgabe für „vier-phasen neu“, wenn --fachkraft fehlt.
fachkraft = ""

[faellig]
# Vorausschau des Fristenberichts in Tagen.
tage = 14

# Fristen der Kundin bzw. des Kunden, die auf ein Wochenende oder einen Feiertag fallen,
# enden am nächsten Werktag (§ 26 Abs. 3 SGB X). Ohne Bundesland zählen nur bundesweite
# Feiertage; sonst z. B.:
# [ablage]
# bundesland = "BY"
"""

GITIGNORE_EINTRAG = ".vier-phasen/"


@dataclass(frozen=True)
class Eingerichtet:
    """What ``init`` did: created, and (making an existing workspace a team's) adjusted."""

    gruppe: str | None = None
    """The team's group (None: a personal workspace)."""
    angelegt: list[Path] = field(default_factory=list)
    angepasst: list[Path] = field(default_factory=list)
    fremd: list[tuple[Path, str]] = field(default_factory=list)
    """Files and folders of other owners the team may not read or write, each with what to
    ask their owner (this user may not change them)."""


def init_ablage(
    ordner: Path,
    vorlagen: bool,
    kataloge_quelle: Path,
    vorlagen_quelle: Path,
    gruppe: str | None = None,
) -> Eingerichtet:
    """Create a workspace in ``ordner`` (existing files are kept); with ``gruppe`` (or an
    existing ``[ablage] gruppe``) a team workspace, whose existing files of this user are
    given to the group."""
    toml = ordner / EINSTELLUNGEN
    try:
        bisher = lade_einstellungen(toml).gruppe
    except VierPhasenFehler:
        if gruppe is not None:  # the group cannot be added to a file that does not parse
            raise
        bisher = None  # as before: init completes the workspace, the file stays as it is
    if gruppe is not None and bisher is not None and gruppe != bisher:
        raise VierPhasenFehler(
            f"Die Ablage gehört schon der Gruppe „{sicher_einzeilig(bisher)}“",
            datei=toml,
            hinweis="Eine andere Gruppe: [ablage] gruppe in vier-phasen.toml ändern und die "
            "Gruppe der Dateien anpassen (chgrp -R).",
        )
    gruppe = gruppe or bisher
    rechte = _team_rechte(gruppe, ordner, toml) if gruppe is not None else PRIVAT
    from vier_phasen_cli.storage.git import lies_gitdatei

    gitignore = ordner / ".gitignore"
    vorhanden = lies_gitdatei(gitignore)  # refused before anything is made; no link followed
    ergebnis = Eingerichtet(gruppe)
    angelegt = ergebnis.angelegt
    ordner_liste = [ordner, ordner / "cases", ordner / ".vier-phasen"]
    if gruppe is not None:  # dokumente/ too: a folder a colleague makes by hand is 2755
        ordner_liste[2:2] = [ordner / DOKUMENTE]
        ordner_liste += [ordner / ".vier-phasen" / "sperren", ordner / ".vier-phasen" / BENUTZER]
    for unterordner in ordner_liste:
        if not unterordner.is_dir():
            rechte.ordner(unterordner)
            angelegt.append(unterordner)
    if not toml.exists():
        schreibe_atomar(toml, _vorlage(gruppe).encode("utf-8"), rechte=rechte)
        angelegt.append(toml)
    elif gruppe is not None and bisher is None:
        schreibe_atomar(toml, _mit_gruppe(toml, gruppe).encode("utf-8"), rechte=rechte)
        ergebnis.angepasst.append(toml)
    if GITIGNORE_EINTRAG not in vorhanden.split():
        trenner = "" if not vorhanden or vorhanden.endswith("\n") else "\n"
        kommentar = "# Cache, Entwürfe und Sperren von vier-phasen"
        neu = f"{vorhanden}{trenner}{kommentar}\n{GITIGNORE_EINTRAG}\n"
        schreibe_atomar(gitignore, neu.encode("utf-8"), rechte=rechte)
        angelegt.append(gitignore)
    if vorlagen:
        for quelle, ziel in (
            (kataloge_quelle, ordner / "catalogs"),
            (vorlagen_quelle, ordner / "templates"),
        ):
            rechte.ordner(ziel)
            for datei in sorted(quelle.iterdir()):
                if datei.is_file() and not (ziel / datei.name).exists():
                    schreibe_atomar(ziel / datei.name, datei.read_bytes(), rechte=rechte)
                    angelegt.append(ziel / datei.name)
    if gruppe is not None:
        _dem_team_geben(ordner, rechte, set(angelegt), ergebnis, gruppe)
    return ergebnis


def schreibverbot_hinweis(wurzel: Path, datei: Path, gruppe: str | None) -> str | None:
    """Whom to ask when ``init`` may not write ``datei`` (in or above the workspace
    ``wurzel``): the owner of the nearest folder there is; above the workspace, with the
    commands that make its folder for this user or the team."""
    import shlex

    wurzel, ordner = Path(os.path.abspath(wurzel)), Path(os.path.abspath(datei))
    while not ordner.is_dir() and ordner.parent != ordner:
        ordner = ordner.parent
    try:
        besitzer = benutzername(os.stat(ordner).st_uid)
    except OSError:
        return None
    wen = "die Administration (root)" if besitzer == "root" else besitzer
    ziel = shlex.quote(str(wurzel))
    mit_gruppe = f" --gruppe {shlex.quote(gruppe)}" if gruppe else ""
    if ordner != wurzel and ordner not in wurzel.parents:
        return (
            f"Der Ordner {ordner} gehört {besitzer}. Bitte {wen} bitten, „vier-phasen init "
            f"{ziel}{mit_gruppe}“ aufzurufen oder Ihnen dort Schreibrechte zu geben."
        )
    anlegen = "" if wurzel.is_dir() else f"mkdir {ziel} && "
    if gruppe:
        befehl = f"{anlegen}chgrp {shlex.quote(gruppe)} {ziel} && chmod 2770 {ziel}"
    else:
        befehl = f"{anlegen}chown {shlex.quote(benutzername(os.geteuid()))} {ziel}"
    return (
        f"Der Ordner {ordner} gehört {besitzer}; Sie dürfen darin nicht schreiben. Bitte "
        f"{wen} bitten, den Ordner der Ablage für Sie{' und das Team' if gruppe else ''} "
        f"anzulegen ({befehl}); danach legt „vier-phasen init {ziel}{mit_gruppe}“ die "
        "Ablage darin an."
    )


def _team_rechte(gruppe: str, ordner: Path, toml: Path) -> Rechte:
    """The team's modes for ``ordner``; a group the user is not in is refused."""
    from vier_phasen_cli.storage.rechte import ist_mitglied

    rechte = team(gruppe, ordner)
    assert rechte.gid is not None
    if not ist_mitglied(rechte.gid):
        raise VierPhasenFehler(
            f"Sie sind nicht Mitglied der Gruppe „{sicher_einzeilig(gruppe)}“",
            datei=toml if toml.exists() else None,
            hinweis="Mitglied werden (als root): usermod -aG GRUPPE BENUTZER, danach neu "
            "anmelden; „id -nG“ zeigt Ihre Gruppen.",
        )
    return rechte


_TEAM_DATEIEN: dict[str, tuple[str, ...] | None] = {
    "": (EINSTELLUNGEN, ".gitignore"),
    "cases": None,  # every file
    "catalogs": None,
    "templates": None,
    DOKUMENTE: None,
    ".vier-phasen": ("pseudonym.schluessel",),  # the team's pseudonyms stay the same
    ".vier-phasen/sperren": (),
    f".vier-phasen/{BENUTZER}": (),
}
"""The shared folders of a team workspace and which of their files are the team's."""


def _dem_team_geben(
    ordner: Path, rechte: Rechte, neu: set[Path], ergebnis: Eingerichtet, gruppe: str
) -> None:
    """Give an existing workspace's shared folders and their files that belong to this user
    to the team (group, 0660/2770); what others own and the team may not use is listed."""
    assert rechte.gid is not None
    for name, dateien in _TEAM_DATEIEN.items():
        unterordner = ordner / name if name else ordner
        if not unterordner.is_dir():
            continue
        with os.scandir(unterordner) as eintraege:
            dazu = sorted(
                Path(e.path)
                for e in eintraege
                if e.is_file(follow_symlinks=False) and (dateien is None or e.name in dateien)
            )
        for pfad in [unterordner, *dazu]:
            if pfad in neu:
                continue
            info = os.lstat(pfad)
            if info.st_uid == os.geteuid() or os.geteuid() == 0:
                if _dem_team(pfad, info, rechte):
                    ergebnis.angepasst.append(pfad)
            elif not fuer_das_team(info, rechte.gid):
                hinweis = freigabe_hinweis(pfad, info, gruppe, ordner.absolute())
                ergebnis.fremd.append((pfad, hinweis))


def _dem_team(pfad: Path, info: os.stat_result, rechte: Rechte) -> bool:
    """Give ``pfad`` (this user's) to the team if it is not yet the team's; whether it was."""
    ist_ordner = stat.S_ISDIR(info.st_mode)
    soll = rechte.ordner_modus(pfad) if ist_ordner else DATEI_TEAM
    if info.st_gid == rechte.gid and stat.S_IMODE(info.st_mode) == soll:
        return False
    if ist_ordner:
        rechte.richte_ordner(pfad)
        return True
    fd = os.open(pfad, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        rechte.richte_datei(fd, pfad)
    finally:
        os.close(fd)
    return True


def _vorlage(gruppe: str | None) -> str:
    """The settings file of a new workspace (a team's names its group)."""
    if gruppe is None:
        return EINSTELLUNGEN_VORLAGE
    return EINSTELLUNGEN_VORLAGE.replace(
        '# [ablage]\n# bundesland = "BY"\n',
        f'[ablage]\n# bundesland = "BY"\n{_GRUPPE_ZEILEN}gruppe = {json.dumps(gruppe)}\n',
    )


_GRUPPE_ZEILEN = (
    "# Team-Ablage: Falldateien und Dokumente gehören dieser Unix-Gruppe (0660, Ordner 2770).\n"
)


def _mit_gruppe(toml: Path, gruppe: str) -> str:
    """The existing settings file with ``[ablage] gruppe`` added (comments kept)."""
    text = toml.read_text(encoding="utf-8-sig")
    zeile = f"{_GRUPPE_ZEILEN}gruppe = {json.dumps(gruppe)}\n"
    kopf = re.search(r"^\[ablage\][ \t]*(#.*)?\r?\n", text, re.MULTILINE)
    if kopf is not None:
        return text[: kopf.end()] + zeile + text[kopf.end() :]
    trenner = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{trenner}\n[ablage]\n{zeile}"
