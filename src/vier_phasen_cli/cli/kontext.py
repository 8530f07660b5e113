"""Per-invocation state: the chosen workspace, its catalogs and "today", resolved lazily."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from vier_phasen_cli.domain.kataloge import Kataloge
    from vier_phasen_cli.storage.ablage import Ablage

HEUTE_UMGEBUNG = "VIER_PHASEN_HEUTE"
"""Pins "today" (ISO date) for reproducible demos and end-to-end tests."""


@dataclass
class Sitzung:
    ablage_option: Path | None = None
    zwischenspeicher: bool = True
    """Whether caches in the workspace's .vier-phasen folder may be used (--ohne-cache)."""
    _ablage: Ablage | None = field(default=None, repr=False)
    _kataloge: Kataloge | None = field(default=None, repr=False)

    def ablage(self) -> Ablage:
        if self._ablage is None:
            from vier_phasen_cli.storage.ablage import waehle_ablage

            self._ablage = waehle_ablage(self.ablage_option, os.environ, Path.cwd())
        return self._ablage

    def kataloge(self) -> Kataloge:
        if self._kataloge is None:
            from vier_phasen_cli.storage.katalogdateien import lade_kataloge

            ablage = self.ablage()
            speicher = ablage.intern if self.zwischenspeicher else None
            self._kataloge = lade_kataloge(ablage.kataloge, speicher)
        return self._kataloge

    def heute(self) -> date:
        gesetzt = os.environ.get(HEUTE_UMGEBUNG)
        if gesetzt:
            try:
                return date.fromisoformat(gesetzt)
            except ValueError:
                from vier_phasen_cli.fehler import VierPhasenFehler

                raise VierPhasenFehler(
                    f"{HEUTE_UMGEBUNG} ist kein Datum im Format JJJJ-MM-TT"
                ) from None
        return date.today()


def sitzung(ctx: typer.Context) -> Sitzung:
    obj = ctx.find_root().obj
    if not isinstance(obj, Sitzung):
        obj = Sitzung()
        ctx.find_root().obj = obj
    return obj
