"""The workspace as a git repository (SPEC §11): the ``git`` program, called as people have it.

No git library: every call runs the ``git`` program with a time limit, ``LC_ALL=C`` (its
messages are parsed, never shown as they are), no pager, no prompts. What git prints comes
from other people (commit messages, author names) and goes through the safe writers like
case data.

"Git on" means the workspace lies in a git work tree whose config names our merge driver
(``init --git`` or ``git einrichten`` wrote it). Without a ``.git`` above the workspace
nothing is run at all, so a workspace without git costs nothing and never needs the program.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vier_phasen_cli.fehler import VierPhasenFehler

ZEITLIMIT = 30.0
"""Seconds a git call may take (a commit runs the clone's hooks, which may be slow)."""

TREIBER = "vier-phasen"
"""The name of the merge driver and diff converter in ``.gitattributes`` and ``.git/config``."""


def konfiguration(programm: str = TREIBER) -> tuple[tuple[str, str], ...]:
    """The ``.git/config`` entries of the merge driver and diff converter, calling
    ``programm`` (an absolute path, so that git finds it from a GUI or cron without our PATH;
    git runs the commands through the shell, hence quoted)."""
    aufruf = TREIBER if programm == TREIBER else shlex.quote(programm)
    return (
        (f"merge.{TREIBER}.name", "vier-phasen: Fälle inhaltlich zusammenführen"),
        (f"merge.{TREIBER}.driver", f"{aufruf} git merge-driver %O %A %B %P"),
        (f"diff.{TREIBER}.textconv", f"{aufruf} git diff"),
    )


def eigenes_programm() -> str | None:
    """The absolute path of the running ``vier-phasen`` program (the console script that
    was started, else the one on PATH), or None when neither can be found."""
    gestartet = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if gestartet is not None and gestartet.name == TREIBER and gestartet.is_file():
        return str(gestartet.absolute())
    gefunden = shutil.which(TREIBER)
    return str(Path(gefunden).absolute()) if gefunden else None


PULL_STANDARD = ("pull.rebase", "false")
"""Set in a clone unless ``pull.rebase`` or ``pull.ff`` is set: ``git pull`` merges (which is
what the merge driver is for) instead of stopping at "divergent branches"."""
ATTRIBUTE = f"cases/*.yaml merge={TREIBER} diff={TREIBER}\n"
IGNORIERT = (".vier-phasen/", "dokumente/")
NACHRICHT_PRAEFIX = "vier-phasen: "
"""Every commit the tool makes begins so."""
ANHANG = "Vier-Phasen-Befehl"
"""The git trailer every commit of the tool carries (``Vier-Phasen-Befehl: BEFEHL``), below
the pinned subject line: ``rueckgaengig`` undoes only commits with both, so a commit made by
hand whose subject merely looks like the tool's is refused."""

_INSTALLIEREN = (
    "Bitte git installieren (z. B. „apt install git“) oder die IT fragen; "
    "ohne Git-Modus arbeitet die Ablage wie bisher."
)


class GitFehler(VierPhasenFehler):
    """git is missing, failed or took too long."""


@dataclass(frozen=True)
class Version:
    """One commit that changed a case file (``verlauf``)."""

    commit: str
    eltern: tuple[str, ...]
    datum: str
    """The author date, ISO 8601 with time and offset."""
    autor: str
    email: str
    nachricht: str

    befehl: str | None = None
    """The command named in the commit's ``Vier-Phasen-Befehl`` trailer, if it has one."""

    @property
    def vom_werkzeug(self) -> bool:
        """Made by the tool: our subject, our trailer and a single parent (a merge never is)."""
        return (
            len(self.eltern) <= 1
            and self.nachricht.startswith(NACHRICHT_PRAEFIX)
            and bool(self.befehl)
        )


def nachricht(befehl: str, fall_ids: Iterable[str], tag: date) -> str:
    """The pinned commit message ``vier-phasen: BEFEHL ID – TT.MM.JJJJ`` (several IDs
    separated by commas; none for ``init``); :func:`committe` adds the trailer."""
    was = " ".join([befehl, ", ".join(fall_ids)]).strip()
    return f"{NACHRICHT_PRAEFIX}{was} – {tag:%d.%m.%Y}"


def _befehl_im_anhang(koerper: str) -> str | None:
    """The value of the ``Vier-Phasen-Befehl`` trailer in a commit body's last paragraph."""
    absaetze = koerper.strip().split("\n\n")
    for zeile in absaetze[-1].splitlines() if absaetze else ():
        schluessel, _, wert = zeile.partition(": ")
        if schluessel == ANHANG and wert.strip():
            return wert.strip()
    return None


def _umgebung() -> dict[str, str]:
    umgebung = dict(os.environ)
    umgebung.update(
        LC_ALL="C",
        LANGUAGE="C",
        GIT_PAGER="cat",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_LITERAL_PATHSPECS="1",  # a workspace folder named "a[1]" is no pattern
    )
    return umgebung


def pruefe_programm() -> None:
    """GitFehler unless the ``git`` program can be found (before anything is created)."""
    if shutil.which("git") is None:
        raise GitFehler("Das Programm „git“ wurde nicht gefunden", hinweis=_INSTALLIEREN)


def git(
    args: Sequence[str],
    ordner: Path,
    *,
    eingabe: bytes | None = None,
    pruefen: bool = True,
    zeitlimit: float = ZEITLIMIT,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git -C ordner ARGS``; a GitFehler when git is missing, too slow, or (with
    ``pruefen``) fails."""
    pruefe_programm()
    programm = shutil.which("git") or "git"
    try:
        ergebnis = subprocess.run(
            [programm, "-C", str(ordner), *args],
            input=eingabe,
            capture_output=True,
            env=_umgebung(),
            timeout=zeitlimit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitFehler(
            f"git {args[0]} hat nach {zeitlimit:.0f} Sekunden nicht geantwortet und wurde "
            "abgebrochen",
            datei=ordner,
            hinweis="Bitte „git status“ im Ordner der Ablage selbst aufrufen.",
        ) from None
    except OSError as exc:
        raise GitFehler(
            f"git ließ sich nicht starten ({exc.strerror})", hinweis=_INSTALLIEREN
        ) from None
    if ergebnis.returncode != 0 and b"dubious ownership" in ergebnis.stderr:
        raise _fremder_besitz(ordner, ergebnis.stderr)
    if pruefen and ergebnis.returncode != 0:
        raise GitFehler(
            f"git {args[0]} ist fehlgeschlagen: {_erste_zeile(ergebnis.stderr)}",
            datei=ordner,
        )
    return ergebnis


def _fremder_besitz(ordner: Path, roh: bytes) -> GitFehler:
    """git refuses a repository owned by another user (``safe.directory``, git ≥ 2.35.2):
    every call fails, so nothing would be committed."""
    text = roh.decode("utf-8", errors="replace")
    treffer = re.search(r"dubious ownership in repository at '([^'\n]*)'", text)
    repository = treffer.group(1) if treffer else str(ordner.absolute())
    return GitFehler(
        "Git verweigert die Arbeit im Repository, weil der Ordner einem anderen Benutzer "
        "gehört („dubious ownership“)",
        datei=Path(repository),
        hinweis="Ist der Ordner vertrauenswürdig, ihn einmal freigeben: "
        f"git config --global --add safe.directory {shlex.quote(repository)}",
    )


def _erste_zeile(roh: bytes) -> str:
    for zeile in roh.decode("utf-8", errors="replace").splitlines():
        zeile = zeile.strip()
        if zeile and not zeile.startswith("hint:"):
            return zeile.removeprefix("fatal: ").removeprefix("error: ")
    return "ohne Meldung"


def hat_git_ordner(wurzel: Path) -> bool:
    """Whether ``wurzel`` or a folder above it holds ``.git`` (no program is run)."""
    ordner = wurzel.absolute()
    return any((kandidat / ".git").exists() for kandidat in (ordner, *ordner.parents))


def offen_fuer_andere(wurzel: Path) -> str | None:
    """What of a workspace lets other users in – its folder or ``cases/`` with any group or
    other permission, as ``"0755"`` or ``"cases/ 0755"`` – or None (two stats, no program).
    ``git clone`` and a merging ``git pull`` create folders and files after the umask (022:
    0755 and 0644), not the tool's 0700/0600."""
    for name in ("", "cases"):
        try:
            rechte = stat.S_IMODE((wurzel / name if name else wurzel).stat().st_mode)
        except OSError:
            continue
        if rechte & 0o077:
            return f"{name}/ {rechte:04o}" if name else f"{rechte:04o}"
    return None


def git_an(wurzel: Path) -> bool:
    """Whether the workspace is in git mode: in a work tree with our merge driver configured.

    Raises GitFehler when the workspace's ``.gitattributes`` name our driver but the program
    is missing (the user asked for git once; a silent "off" would lose the history). A
    workspace in some other repository (a home folder kept in git) needs no program."""
    if not hat_git_ordner(wurzel):
        return False
    if shutil.which("git") is None and attribute_fehlen(wurzel):
        return False
    ergebnis = git(["config", "--local", "--get", f"merge.{TREIBER}.driver"], wurzel, pruefen=False)
    if ergebnis.returncode not in (0, 1):
        # "--local can only be used inside a git repository": a .git that git refuses (another
        # owner) or that is broken; rev-parse says why, never a silent "off".
        git(["rev-parse", "--show-toplevel"], wurzel)
        return False
    return ergebnis.returncode == 0 and bool(ergebnis.stdout.strip())


def git_ordner(wurzel: Path) -> Path | None:
    """The git directory of the work tree ``wurzel`` lies in (``.git``, or where a ``.git``
    file of a linked work tree points), found without running git; None outside one."""
    ordner = wurzel.absolute()
    for kandidat in (ordner, *ordner.parents):
        punkt_git = kandidat / ".git"
        if punkt_git.is_dir():
            return punkt_git
        if punkt_git.is_file():
            try:
                zeile = punkt_git.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not zeile.startswith("gitdir:"):
                return None
            return (kandidat / zeile.removeprefix("gitdir:").strip()).absolute()
    return None


_LAUFEND = (
    ("MERGE_HEAD", "Zusammenführung läuft (git merge)"),
    ("CHERRY_PICK_HEAD", "Übernahme läuft (git cherry-pick)"),
    ("REVERT_HEAD", "Zurücknahme läuft (git revert)"),
)


def laufender_vorgang(wurzel: Path) -> str | None:
    """What git operation waits to be concluded (a merge: ``MERGE_HEAD``), in German, or
    None: git refuses a commit of single files until then (no program is run)."""
    ordner = git_ordner(wurzel)
    if ordner is None:
        return None
    return next((text for datei, text in _LAUFEND if (ordner / datei).exists()), None)


def nicht_zusammengefuehrte(wurzel: Path, pfade: Sequence[Path] | None = None) -> set[Path]:
    """The case files (of ``pfade``, or all under ``cases/``) that git lists as unmerged
    (``git ls-files -u``): a merge stopped on them, e.g. because git could not run the merge
    driver, which then leaves the own version without conflict markers. One git call; none
    unless the workspace's ``.gitattributes`` assign our driver (without it git merges line
    by line and leaves markers) or without the program."""
    if attribute_fehlen(wurzel) or not hat_git_ordner(wurzel) or shutil.which("git") is None:
        return set()
    ziele = [str(p.absolute()) for p in pfade] if pfade is not None else ["cases"]
    if not ziele:
        return set()
    try:
        ergebnis = git(["ls-files", "-u", "-z", "--", *ziele], wurzel, pruefen=False)
    except GitFehler:
        return set()  # a repository git refuses: the commit after the write warns
    if ergebnis.returncode != 0:
        return set()
    namen = {e.split(b"\t", 1)[1] for e in ergebnis.stdout.split(b"\0") if b"\t" in e}
    return {(wurzel / os.fsdecode(n)).absolute() for n in namen}


def unzusammengefuehrt_text(relativ: str) -> str:
    """What ``pruefen`` says about an unmerged case file: the problem and how to solve it."""
    return (
        "Git-Zusammenführung nicht abgeschlossen (Datei „nicht zusammengeführt“, meist weil "
        "Git das Programm vier-phasen nicht fand); die Datei zeigt nur die eigene Fassung. "
        f"Neu zusammenführen mit vier-phasen im PATH: git checkout -m -- {relativ}, dann "
        f"git add {relativ}, vier-phasen pruefen und git commit"
    )


def pruefe_zusammengefuehrt(wurzel: Path, pfad: Path) -> None:
    """VierPhasenFehler when git lists case file ``pfad`` as unmerged: a write would save and
    commit the own version only, and the other side's changes would be lost."""
    if not pfad.exists() or pfad.absolute() not in nicht_zusammengefuehrte(wurzel, [pfad]):
        return
    relativ = _relativ(wurzel.absolute(), pfad.absolute()).as_posix()
    raise VierPhasenFehler(
        "Die Falldatei ist in Git nicht zusammengeführt (der Merge-Treiber lief nicht); "
        "nichts wurde geändert",
        datei=pfad,
        hinweis=f"Neu zusammenführen mit vier-phasen im PATH: git checkout -m -- {relativ}, "
        f"dann git add {relativ}, vier-phasen pruefen und git commit.",
    )


def arbeitsbaum(wurzel: Path) -> Path | None:
    """The top folder of the git work tree ``wurzel`` lies in, or None."""
    if not hat_git_ordner(wurzel):
        return None
    ergebnis = git(["rev-parse", "--show-toplevel"], wurzel, pruefen=False)
    if ergebnis.returncode != 0:
        return None
    return Path(os.fsdecode(ergebnis.stdout.rstrip(b"\n")))


def trage_konfiguration_ein(wurzel: Path) -> str | None:
    """Register the merge driver and diff converter in the clone's ``.git/config`` (with the
    absolute path of this program where it is known) and ``pull.rebase=false`` unless the
    user chose how ``git pull`` reconciles; the program path registered (None: the bare
    name, which git looks up in PATH)."""
    programm = eigenes_programm()
    for schluessel, wert in konfiguration(programm or TREIBER):
        git(["config", "--local", schluessel, wert], wurzel)
    gewaehlt = git(["config", "--get-regexp", r"^pull\.(rebase|ff)$"], wurzel, pruefen=False)
    if gewaehlt.returncode != 0 or not gewaehlt.stdout.strip():
        git(["config", "--local", *PULL_STANDARD], wurzel)
    return programm


_IDENTITAET = (("user.name", "GIT_AUTHOR_NAME"), ("user.email", "GIT_AUTHOR_EMAIL"))


def identitaet(wurzel: Path) -> tuple[str, str] | None:
    """The clone's ``user.name`` and ``user.email`` (or their environment variables)."""
    werte = []
    for schluessel, variable in _IDENTITAET:
        wert = os.environ.get(variable, "")
        if not wert:
            ergebnis = git(["config", "--get", schluessel], wurzel, pruefen=False)
            wert = ergebnis.stdout.decode("utf-8", errors="replace").strip()
        if not wert:
            return None
        werte.append(wert)
    return werte[0], werte[1]


IDENTITAET_HINWEIS = (
    "Bitte einmal je Rechner den eigenen Namen eintragen: git config --global user.name "
    '"Vorname Nachname" und git config --global user.email name@beispiel.de'
)


def geaenderte(wurzel: Path, dateien: Sequence[Path]) -> list[Path]:
    """Those of ``dateien`` that differ from the last commit (or are new to git)."""
    if not dateien:
        return []
    dateien = [d.absolute() for d in dateien]
    ergebnis = git(
        ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *map(str, dateien)],
        wurzel,
    )
    namen = {os.fsdecode(e[3:]) for e in ergebnis.stdout.split(b"\0") if len(e) > 3}
    oben = arbeitsbaum(wurzel) or wurzel
    return [d for d in dateien if str(_relativ(oben, d)) in namen]


def _relativ(oben: Path, datei: Path) -> Path:
    try:
        return datei.resolve().relative_to(oben.resolve())
    except ValueError:
        return datei


def committe(wurzel: Path, dateien: Sequence[Path], text: str) -> str | None:
    """Commit exactly ``dateien`` (whatever else is staged stays staged) with message
    ``text`` (a tool message gets the trailer ``Vier-Phasen-Befehl: BEFEHL``); the new
    commit's id, or None when none of them changed.

    GitFehler when the author is unknown or git refuses (a hook, a broken repository)."""
    geaendert = geaenderte(wurzel, dateien)
    if not geaendert:
        return None
    if identitaet(wurzel) is None:
        raise GitFehler(
            "Git kennt den Namen bzw. die E-Mail-Adresse der Autorin oder des Autors nicht",
            datei=wurzel,
            hinweis=IDENTITAET_HINWEIS,
        )
    pfade = [str(d) for d in geaendert]
    befehl = text.removeprefix(NACHRICHT_PRAEFIX).split(" ", 1)[0]
    anhang = ["-m", f"{ANHANG}: {befehl}"] if text.startswith(NACHRICHT_PRAEFIX) else []
    git(["add", "--all", "--", *pfade], wurzel)
    git(["commit", "--quiet", "--only", "-m", text, *anhang, "--", *pfade], wurzel)
    return git(["rev-parse", "HEAD"], wurzel).stdout.decode("ascii").strip()


def versionen(wurzel: Path, datei: Path) -> list[Version]:
    """The commits that changed ``datei``, newest first (git's history simplification:
    a merge that took one side's version as it was is not listed)."""
    # NUL between fields and (-z) between commits: the one byte no message or name holds.
    format_ = "%x00".join(("%H", "%P", "%aI", "%an", "%ae", "%s", "%b"))
    pfad = str(datei.absolute())
    args = ["log", "-z", f"--format={format_}", "--no-show-signature", "--", pfad]
    felder = git(args, wurzel).stdout.decode("utf-8", errors="replace").split("\0")
    liste = []
    for i in range(0, len(felder) - 6, 7):
        commit, eltern, datum, autor, email, betreff, koerper = felder[i : i + 7]
        befehl = _befehl_im_anhang(koerper)
        liste.append(Version(commit, tuple(eltern.split()), datum, autor, email, betreff, befehl))
    return liste


def inhalte(wurzel: Path, objekte: Sequence[str]) -> Iterator[bytes | None]:
    """The blobs named ``REV:PFAD`` in one ``git cat-file --batch`` (None: not there)."""
    if not objekte:
        return
    eingabe = "".join(f"{o}\n" for o in objekte).encode("utf-8")
    roh = git(["cat-file", "--batch"], wurzel, eingabe=eingabe).stdout
    pos = 0
    for _ in objekte:
        ende = roh.index(b"\n", pos)
        kopf = roh[pos:ende].split()
        pos = ende + 1
        if len(kopf) != 3 or kopf[1] != b"blob":
            yield None
            continue
        groesse = int(kopf[2])
        yield roh[pos : pos + groesse]
        pos += groesse + 1


def zeilendiff(wurzel: Path, alt: str | None, neu: str, datei: Path) -> list[str]:
    """The YAML lines ``neu`` changed in ``datei`` against ``alt`` (None: against nothing)."""
    von = alt or "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree
    args = ["diff", "--no-textconv", "--no-ext-diff", "--no-color", von, neu]
    ergebnis = git([*args, "--", str(datei.absolute())], wurzel)
    zeilen = ergebnis.stdout.decode("utf-8", errors="replace").splitlines()
    anfang = next((i for i, z in enumerate(zeilen) if z.startswith("@@")), len(zeilen))
    return zeilen[anfang:]


def initialisiere(
    wurzel: Path, tag: date, weitere: Sequence[Path] = ()
) -> tuple[str | None, str | None]:
    """Make workspace ``wurzel`` a git repository in git mode (``init --git``): ``git init``
    unless it is in a work tree already, ``.gitignore`` and ``.gitattributes`` completed,
    the driver registered, and one commit of the settings, both files and ``weitere``.

    Returns the id of that commit (None when all of it was committed before) and the
    program path the driver was registered with (see :func:`trage_konfiguration_ein`)."""
    for name in (".gitignore", ".gitattributes"):
        lies_gitdatei(wurzel / name)  # refused before anything is made
    if arbeitsbaum(wurzel) is None:
        git(["init", "--quiet"], wurzel)
        try:
            arbeitsbaum(wurzel)  # git may refuse the repository it just made (another owner)
        except GitFehler:
            shutil.rmtree(wurzel / ".git", ignore_errors=True)  # no half-made repository
            raise
    _ergaenze(wurzel / ".gitignore", IGNORIERT, "# Nicht ins Repository (Sozialdaten, Cache)")
    _ergaenze(wurzel / ".gitattributes", (ATTRIBUTE.strip(),), "# Fälle inhaltlich zusammenführen")
    programm = trage_konfiguration_ein(wurzel)
    dateien = [wurzel / n for n in ("vier-phasen.toml", ".gitignore", ".gitattributes")]
    return committe(wurzel, [*dateien, *weitere], nachricht("init", (), tag)), programm


def _ergaenze(datei: Path, zeilen: Sequence[str], kommentar: str) -> None:
    """Append the ``zeilen`` that ``datei`` lacks (under ``kommentar``); the rest stays."""
    from vier_phasen_cli.storage.atomar import schreibe_atomar

    vorhanden = lies_gitdatei(datei)
    fehlend = [z for z in zeilen if z not in vorhanden.splitlines()]
    if not fehlend:
        return
    trenner = "" if not vorhanden or vorhanden.endswith("\n") else "\n"
    neu = f"{vorhanden}{trenner}{kommentar}\n" + "".join(f"{z}\n" for z in fehlend)
    schreibe_atomar(datei, neu.encode("utf-8"))


def lies_gitdatei(datei: Path) -> str:
    """The text of the workspace's ``.gitignore``/``.gitattributes`` ("" when missing).

    A symbolic link (it may arrive with a clone and point at ``~/.ssh/id_rsa``), a folder,
    any other non-regular file or text that is no UTF-8 is refused: never read through a
    link, never written back and committed."""
    from vier_phasen_cli.storage.rohdaten import lies_bytes

    if not datei.is_symlink() and not datei.exists():
        return ""
    hinweis = (
        f"Bitte {datei.name} als gewöhnliche Textdatei (UTF-8) anlegen oder entfernen und "
        "den Befehl wiederholen."
    )
    try:
        roh = lies_bytes(datei)
    except VierPhasenFehler as exc:
        raise VierPhasenFehler(exc.meldung, datei=datei, hinweis=hinweis) from None
    try:
        return roh.decode("utf-8")
    except UnicodeDecodeError:
        raise VierPhasenFehler(
            "Die Datei ist nicht in UTF-8 gespeichert", datei=datei, hinweis=hinweis
        ) from None


def pruefe_attribute(wurzel: Path) -> None:
    """Refuse an unreadable ``.gitattributes`` (see :func:`lies_gitdatei`) before anything
    is written."""
    lies_gitdatei(wurzel / ".gitattributes")


def attribute_fehlen(wurzel: Path) -> bool:
    """Whether the workspace's ``.gitattributes`` lacks our line (a clone of a repository
    that ``init --git`` did not make)."""
    try:
        text = lies_gitdatei(wurzel / ".gitattributes")
    except VierPhasenFehler:
        return True  # a link or an unreadable file names no driver (never read through)
    return ATTRIBUTE.strip() not in text.splitlines()
