"""A progress bar on stderr while many case files are read for the first time.

Shown only for reports meant for people (tables, text), when stderr is a terminal and the
load will take longer than about a second; never for JSON, CSV, Markdown or calendars, which
scripts and cron read. It goes to stderr and vanishes when done.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from vier_phasen_cli.storage.lesen import Fortschritt

AB_SEKUNDEN = 1.0
"""Loads expected to take less than this show no bar."""
SCHAETZEN_AB = 0.2
"""The expected duration is estimated once this much time has passed."""


def fortschrittsanzeige(
    fuer_menschen: bool = True,
    stream: TextIO | None = None,
    *,
    ab_sekunden: float = AB_SEKUNDEN,
    uhr: Callable[[], float] = time.monotonic,
) -> Callable[[int], Fortschritt | None] | None:
    """What ``lies_alle`` calls when it starts reading files; None without a terminal."""
    ziel = stream if stream is not None else sys.stderr
    if not fuer_menschen or not (hasattr(ziel, "isatty") and ziel.isatty()):
        return None

    def beginne(anzahl: int) -> Fortschritt:
        anfang = uhr()
        balken: list[Any] = []

        def melde(fertig: int, gesamt: int) -> None:
            if not balken:
                vergangen = uhr() - anfang
                if fertig >= gesamt or fertig == 0 or vergangen < SCHAETZEN_AB:
                    return
                if vergangen / fertig * gesamt < ab_sekunden:
                    return
                balken.append(_balken(ziel, gesamt))
            fortschritt = balken[0]
            fortschritt.update(fortschritt.task_ids[0], completed=fertig)
            fortschritt.refresh()
            if fertig >= gesamt:
                fortschritt.stop()

        return melde

    return beginne


def _balken(ziel: TextIO, gesamt: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    fortschritt = Progress(
        TextColumn("Falldateien einlesen"),
        BarColumn(bar_width=30),
        MofNCompleteColumn(),
        console=Console(file=ziel),
        transient=True,
        auto_refresh=False,
    )
    fortschritt.start()
    fortschritt.add_task("lesen", total=gesamt)
    return fortschritt
