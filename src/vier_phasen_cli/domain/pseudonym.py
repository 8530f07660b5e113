"""Stable pseudonyms for reports that leave the team (``--pseudonym``).

A case is shown as ``Person-XXXXXXXX`` in place of its customer's name, its case ID and its
file name (SPEC §15): the same case gets the same pseudonym in every report of the workspace,
different cases different ones, and without the workspace's secret key nobody can tell whose
it is (a keyed hash of the case ID: names and IDs are too few to hide behind a plain hash).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vier_phasen_cli.domain.befund import Befund
    from vier_phasen_cli.domain.fristen import Fallkopf, Frist

PRAEFIX = "Person-"

NICHT_LESBAR = "Falldatei nicht lesbar (Einzelheiten ohne --pseudonym)"
"""What a pseudonymised report says of a broken file: its own message may quote the file's
name, its ID or a line of it."""

_MELDUNG_MIT_DATEIINHALT = ("DA001", "DA003")
"""File findings whose message may quote the file (parser excerpt) or name an ID."""


def pseudonym(schluessel: bytes, fall_id: str) -> str:
    """The pseudonym of case ``fall_id`` under the workspace's ``schluessel``."""
    digest = hmac.new(schluessel, fall_id.encode("utf-8"), hashlib.sha256).digest()
    return PRAEFIX + base64.b32encode(digest)[:8].decode("ascii")


@dataclass(frozen=True)
class Pseudonymisierung:
    """``--pseudonym`` for one report: what it shows of a case, with every name, case ID
    and file name replaced by the case's pseudonym."""

    schluessel: bytes

    def fall(self, fall_id: str) -> str:
        return pseudonym(self.schluessel, fall_id)

    def datei(self, datei: str) -> str:
        """A case file (``cases/X.yaml``) as the pseudonym of its case (the file's name is
        the case ID)."""
        return self.fall(PurePosixPath(datei).name.removesuffix(".yaml"))

    def kopf(self, kopf: Fallkopf) -> Fallkopf:
        name = self.fall(kopf.id)
        return kopf._replace(id=name, name=name)

    def frist(self, frist: Frist) -> Frist:
        return frist._replace(fall=self.fall(frist.fall))

    def zeile(self, zeile: dict[str, Any]) -> dict[str, Any]:
        """A row of ``liste`` (``listenzeile``)."""
        name = self.fall(zeile["fall"])
        return {**zeile, "fall": name, "name": name}

    def fehlerliste(self, fehler: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """A report's unreadable files (``{"datei", "zeile", "meldung"}``), in the order of
        their pseudonyms (the order of the real names would hint at them)."""
        ersetzt = [
            {**f, "datei": self.datei(f["datei"]) if f.get("datei") else None}
            | {"meldung": NICHT_LESBAR}
            for f in fehler
        ]
        return sorted(ersetzt, key=lambda f: (f["datei"] or "", f.get("zeile") or 0))

    def befund(self, befund: Befund) -> Befund:
        meldung = befund.meldung
        if befund.code in _MELDUNG_MIT_DATEIINHALT:
            meldung = NICHT_LESBAR if befund.code == "DA001" else "ID passt nicht zum Dateinamen"
        return dataclasses.replace(
            befund, fall=self.fall(befund.fall), datei=self.datei(befund.datei), meldung=meldung
        )
