"""Per-invocation state: the chosen workspace, its catalogs and "today", resolved lazily."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from vier_phasen_cli.domain.kataloge import Kataloge
    from vier_phasen_cli.storage.ablage import Ablage
    from vier_phasen_cli.storage.schreibprotokoll import Schreibprotokoll

HEUTE_UMGEBUNG = "VIER_PHASEN_HEUTE"
"""Pins "today" (ISO date) for reproducible demos and end-to-end tests."""


@dataclass
class Sitzung:
    ablage_option: Path | None = None
    zwischenspeicher: bool = True
    """Whether caches in the workspace's .vier-phasen folder may be used (--ohne-cache)."""
    entsperren: bool = False
    """``--entsperren``: another computer's lock older than 12 hours may be broken."""
    _ablage: Ablage | None = field(default=None, repr=False)
    _kataloge: Kataloge | None = field(default=None, repr=False)
    _rechte_gewarnt: bool = field(default=False, repr=False)

    def ablage(self) -> Ablage:
        if self._ablage is None:
            from vier_phasen_cli.storage.ablage import waehle_ablage

            self._ablage = waehle_ablage(self.ablage_option, os.environ, Path.cwd())
            self.warne_offene_ablage()
        return self._ablage

    def warne_offene_ablage(self, *, git_modus: bool | None = None) -> None:
        """Warn (once a run) when a private workspace in git mode lets other users in: a
        ``git clone`` or merging ``git pull`` under the usual umask 022 makes folders 0755
        and files 0644 (SPEC §15: files 0600, folders 0700). Costs two stats; git is asked
        only when they find the workspace open. ``git_modus`` says it when already known."""
        ablage = self._ablage
        if self._rechte_gewarnt or ablage is None or ablage.einstellungen.gruppe is not None:
            return
        from vier_phasen_cli.storage import git

        offen = git.offen_fuer_andere(ablage.wurzel)
        if offen is None:
            return
        if git_modus is None:
            from vier_phasen_cli.fehler import VierPhasenFehler

            try:
                git_modus = git.git_an(ablage.wurzel)
            except VierPhasenFehler:  # said where git is needed, not here
                git_modus = False
        if not git_modus:
            return
        import shlex

        from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde

        self._rechte_gewarnt = True
        melde(
            f"Warnung: Die Ablage ist für andere Benutzer dieses Rechners lesbar ({offen}; "
            "git clone und git pull legen Ordner und Dateien nach der umask an). Bitte einmal: "
            f"chmod -R go-rwx {shlex.quote(anzeige_pfad(ablage.wurzel))}"
        )

    def kataloge(self) -> Kataloge:
        if self._kataloge is None:
            from vier_phasen_cli.storage.katalogdateien import lade_kataloge

            ablage = self.ablage()
            speicher = (
                ablage.eigener_ordner() if self.zwischenspeicher and ablage.ist_ablage else None
            )
            self._kataloge = lade_kataloge(
                ablage.kataloge, speicher, ablage.einstellungen.bundesland
            )
            if speicher is not None:  # holidays from the workspace's table (0.1 s saved)
                from functools import partial

                from vier_phasen_cli.domain.arbeitstage import setze_tabelle
                from vier_phasen_cli.storage.feiertage import tabelle

                setze_tabelle(partial(tabelle, speicher))
        return self._kataloge

    def heute(self) -> date:
        gesetzt = os.environ.get(HEUTE_UMGEBUNG)
        if gesetzt:
            from vier_phasen_cli.domain.datum import BEREICH_HINWEIS, im_bereich
            from vier_phasen_cli.fehler import VierPhasenFehler

            try:
                tag = date.fromisoformat(gesetzt)
            except ValueError:
                raise VierPhasenFehler(
                    f"{HEUTE_UMGEBUNG} ist kein Datum im Format JJJJ-MM-TT"
                ) from None
            if not im_bereich(tag):
                raise VierPhasenFehler(
                    f"{HEUTE_UMGEBUNG} liegt außerhalb des erlaubten Bereichs",
                    hinweis=BEREICH_HINWEIS,
                )
            return tag
        return date.today()

    def jetzt(self) -> datetime:
        """Now, to the minute; on the day ``heute`` says (VIER_PHASEN_HEUTE pins the date)."""
        return datetime.combine(self.heute(), datetime.now().time()).replace(
            second=0, microsecond=0
        )

    def beginne_befehl(self, ctx: typer.Context) -> None:
        """Open the command's write protocol; when the command ends, git mode commits the
        case files it wrote as one commit (SPEC §11)."""
        from functools import partial

        from vier_phasen_cli.storage import schreibprotokoll

        name = ctx.invoked_subcommand
        gruppe = getattr(ctx.command, "get_command", None)
        befehl = gruppe(ctx, name) if gruppe is not None and name else None
        protokoll = schreibprotokoll.beginne()
        ctx.call_on_close(partial(self._halte_fest, getattr(befehl, "name", name), protokoll))

    def _halte_fest(self, befehl: str | None, protokoll: Schreibprotokoll) -> None:
        from vier_phasen_cli.cli.ausgabe import melde
        from vier_phasen_cli.storage import git, schreibprotokoll

        schreibprotokoll.beende()
        if not protokoll.dateien or self._ablage is None:
            return
        wurzel = self._ablage.wurzel
        ids = sorted(p.stem for p in protokoll.dateien)
        try:
            if not git.git_an(wurzel):
                return
            vorgang = git.laufender_vorgang(wurzel)
            if vorgang is not None:
                # git refuses a commit of single files until the merge is concluded
                namen = " ".join(self._ablage.relativ(p) for p in protokoll.dateien)
                melde(
                    f"Warnung: Gespeichert, aber nicht in Git festgehalten: {vorgang}; nach "
                    f"dem Auflösen der Konflikte git add {namen} und git commit."
                )
                return
            text = git.nachricht(befehl or "?", ids, protokoll.datum or self.heute())
            commit = git.committe(wurzel, protokoll.dateien, text)
        except git.GitFehler as exc:
            melde(
                f"Warnung: Gespeichert, aber nicht in Git festgehalten: {satz(exc.meldung)}"
                + (f"\n{satz(exc.hinweis)}" if exc.hinweis else "")
                + "\nDer Commit lässt sich mit „git add“ und „git commit“ nachholen."
            )
            return
        if commit is not None:
            from vier_phasen_cli.cli.ausgabe import bestaetige

            bestaetige(f"Git: {commit[:7]} {text}")

    def neue_ablage(self, ordner: Path | None) -> Path:
        """The folder ``init`` sets up: its argument, else ``--ablage``, else
        ``$VIER_PHASEN_ABLAGE``, else the current folder (never a workspace found above it).

        ``--ablage`` and a different argument at once are refused: which one was meant?"""
        from vier_phasen_cli.storage.ablage import UMGEBUNG

        option = self.ablage_option
        if ordner is not None and option is not None and _ort(ordner) != _ort(option):
            from vier_phasen_cli.fehler import VierPhasenFehler

            raise VierPhasenFehler(
                "--ablage und der Ordner von „init“ nennen verschiedene Ordner",
                hinweis="Bitte nur einen angeben: vier-phasen init ORDNER.",
            )
        gewaehlt = ordner or self.ablage_option or os.environ.get(UMGEBUNG) or None
        return Path(gewaehlt).expanduser() if gewaehlt is not None else Path()


def satz(text: str) -> str:
    """``text`` as a sentence: a full stop added unless it ends in one (no ``..``)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _ort(ordner: Path) -> Path:
    return ordner.expanduser().absolute()


def sitzung(ctx: typer.Context) -> Sitzung:
    obj = ctx.find_root().obj
    if not isinstance(obj, Sitzung):
        obj = Sitzung()
        ctx.find_root().obj = obj
    return obj
