"""Who may read what the tool writes: the one place file and folder modes are decided
(design note: docs/team-ordner.md).

A personal workspace is private: files 0600, folders 0700, and a stricter umask still takes
away what it takes away from files (Sozialdaten, § 35 SGB I). A team workspace (``[ablage]
gruppe``, SPEC §11, §16) is shared with one Unix group: everything the tool writes inside the
workspace is 0660 and every folder it makes there 2770 (the setgid bit makes files created
in it belong to the group, whoever creates them), group NAME, whatever the umask says – except
each user's own folder ``.vier-phasen/benutzer/<uid>/`` (cache, drafts, edit copies), which
stays 0700/0600. Whatever is written outside the workspace (``-o`` elsewhere) stays 0600.
"""

from __future__ import annotations

import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig

DATEI_PRIVAT = 0o600
ORDNER_PRIVAT = 0o700
DATEI_TEAM = 0o660
ORDNER_TEAM = 0o2770
ORDNER_BENUTZER = ORDNER_TEAM | stat.S_ISVTX
"""``.vier-phasen/benutzer/`` of a team: 2770 plus the sticky bit (3770), so that no member
can rename or replace another's private folder in it (SPEC §16 pins 2770; the sticky bit
only takes away what the group should not have)."""
BENUTZER = "benutzer"
"""The folder in ``.vier-phasen`` that holds one private folder per user (by numeric uid)."""


@dataclass(frozen=True)
class Rechte:
    """The modes of one workspace: private (``gid`` None) or a team's (group ``gid``)."""

    gid: int | None = None
    wurzel: Path | None = None
    """The team workspace's folder (resolved): only what lies in it is shared."""

    def geteilt(self, pfad: Path) -> bool:
        """Whether ``pfad`` (file or folder) is the team's rather than one user's."""
        if self.gid is None or self.wurzel is None:
            return False
        try:
            teile = _absolut(pfad).relative_to(self.wurzel).parts
        except ValueError:
            return False  # outside the workspace
        return teile[:2] != (".vier-phasen", BENUTZER) or len(teile) < 3

    def datei_modus(self, pfad: Path) -> int:
        """The mode a file written to ``pfad`` gets."""
        if self.geteilt(pfad):
            return DATEI_TEAM
        maske = os.umask(0o077)
        os.umask(maske)
        return (DATEI_PRIVAT & ~maske) | 0o400  # the owner can always read what the tool wrote

    def richte_datei(self, fd: int, pfad: Path) -> None:
        """Give the new file open as ``fd`` (to be named ``pfad``) its mode and group."""
        if self.geteilt(pfad) and self.gid is not None and os.fstat(fd).st_gid != self.gid:
            os.fchown(fd, -1, self.gid)  # before the mode: chown may clear mode bits
        os.fchmod(fd, self.datei_modus(pfad))

    def ordner(self, pfad: Path) -> Path:
        """Create ``pfad`` and its missing parents, each with its mode (existing folders are
        left as they are); return ``pfad``."""
        fehlend = []
        ordner = pfad
        while not ordner.is_dir():
            fehlend.append(ordner)
            if ordner.parent == ordner:
                break
            ordner = ordner.parent
        for neu in reversed(fehlend):
            neu.mkdir(mode=ORDNER_PRIVAT, exist_ok=True)
            self.richte_ordner(neu)
        return pfad

    def ordner_modus(self, pfad: Path) -> int:
        """The mode the folder ``pfad`` gets (see ``ORDNER_BENUTZER``)."""
        if not self.geteilt(pfad) or self.wurzel is None:
            return ORDNER_PRIVAT
        teile = _absolut(pfad).relative_to(self.wurzel).parts
        return ORDNER_BENUTZER if teile == (".vier-phasen", BENUTZER) else ORDNER_TEAM

    def richte_ordner(self, pfad: Path) -> None:
        """Give the folder ``pfad`` its mode (and in a team, its group)."""
        if self.geteilt(pfad) and self.gid is not None:
            if os.stat(pfad).st_gid != self.gid:
                os.chown(pfad, -1, self.gid)
            os.chmod(pfad, self.ordner_modus(pfad))
        else:
            os.chmod(pfad, ORDNER_PRIVAT)  # mkdir's mode is filtered by the umask


PRIVAT = Rechte()
"""Files and folders for this user only."""


def _absolut(pfad: Path) -> Path:
    """``pfad`` with its folder's symbolic links resolved (the file itself may not exist)."""
    pfad = pfad.absolute()
    return Path(os.path.realpath(pfad.parent)) / pfad.name


def team(gruppe: str, wurzel: Path) -> Rechte:
    """The modes of the team workspace ``wurzel`` shared with group ``gruppe``; a group that
    does not exist is an error (exit 2)."""
    return Rechte(gruppen_id(gruppe), Path(os.path.realpath(wurzel)))


def gruppen_id(gruppe: str) -> int:
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
    from vier_phasen_cli.fehler import VierPhasenFehler

    try:
        import grp

        return grp.getgrnam(gruppe).gr_gid
    except (ImportError, KeyError, ValueError):
        raise VierPhasenFehler(
            f"Die Gruppe „{sicher_einzeilig(gruppe)}“ gibt es auf diesem Rechner nicht",
            hinweis="Eine Team-Ablage braucht eine Unix-Gruppe, in der alle Fachkräfte des "
            "Teams Mitglied sind. Anlegen (als root): groupadd NAME; Mitglied werden: "
            "usermod -aG NAME BENUTZER (danach neu anmelden).",
        ) from None


def benutzername(uid: int) -> str:
    """The login name of ``uid`` as messages show it (``UID 1234`` when it has none here)."""
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"UID {uid}"


def gruppenname(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


def fuer_das_team(info: os.stat_result, gid: int) -> bool:
    """Whether group ``gid`` may read and write the file (folder: and enter) ``info`` is of."""
    noetig = 0o070 if stat.S_ISDIR(info.st_mode) else 0o060
    return info.st_gid == gid and info.st_mode & noetig == noetig


def freigabe_hinweis(pfad: Path, info: os.stat_result, gruppe: str, wurzel: Path) -> str:
    """What to ask the owner of ``pfad`` (in the team workspace ``wurzel``), which the team
    may not read or write and this user may not change."""
    besitzer = benutzername(info.st_uid)
    modus = "2770" if stat.S_ISDIR(info.st_mode) else "660"
    ziel = sicher_einzeilig(shlex.quote(str(pfad)))
    ablage = sicher_einzeilig(shlex.quote(str(wurzel)))
    return (
        f"{sicher_einzeilig(pfad.name)} gehört {besitzer} ({stat.filemode(info.st_mode)}, Gruppe "
        f"{gruppenname(info.st_gid)}). Bitte {besitzer} bitten, „vier-phasen init "
        f"{ablage} --gruppe {gruppe}“ aufzurufen: das gibt alles von "
        f"{besitzer} in der Ablage dem Team (nur diese Datei: chgrp {gruppe} {ziel} && "
        f"chmod {modus} {ziel})."
    )


def leseverbot_hinweis(pfad: Path) -> str | None:
    """Why ``pfad`` cannot be read and whom to ask: its owner; in a team workspace (its
    folder is setgid, the team's 2770) with what to ask for."""
    try:
        info, ordner = os.stat(pfad), os.stat(pfad.parent)
    except OSError:
        return None
    if info.st_uid == os.geteuid():
        ziel = sicher_einzeilig(shlex.quote(str(pfad)))
        return f"Die Datei gehört Ihnen: chmod u+r {ziel} macht sie lesbar."
    if not ordner.st_mode & stat.S_ISGID:
        besitzer = benutzername(info.st_uid)
        return (
            f"{sicher_einzeilig(pfad.name)} gehört {besitzer} ({stat.filemode(info.st_mode)}); nur "
            f"{besitzer} (oder root) kann sie für Sie lesbar machen."
        )
    wurzel = next(
        (o for o in list(pfad.parents)[:3] if (o / "vier-phasen.toml").is_file()), pfad.parent
    )
    return freigabe_hinweis(pfad, info, gruppenname(ordner.st_gid), wurzel)


def ist_mitglied(gid: int) -> bool:
    """Whether this process may give files to group ``gid`` (member, or root)."""
    return os.geteuid() == 0 or gid == os.getegid() or gid in os.getgroups()
