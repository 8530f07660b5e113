"""Every answer typed in a wizard run, in order: what the draft keeps (SPEC §6, §15).

The run writes its draft after every answer, so an interruption at any prompt (Ctrl-C, EOF,
a crash, a closed terminal) loses nothing typed. Resuming replays the answers: a question
takes its question's next recorded answer (through the same check a typed one passes) instead
of prompting, so the run rebuilds the same state and stops at the first question without an
answer — in the middle of a phase or of a list (two of three Stärken) just as well.

Answers are queued per question (its path in the answers document), in the order given: a
question asked more than once (a list entry asked again, a product refused and asked anew, a
phase revised) gets its answers back in the same order. Replay is deterministic because a
question depends only on the case, the catalogs, the conversation date and earlier answers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Mitschrift:
    eingaben: list[tuple[str, Any]] = field(default_factory=list)
    """The answers of this run so far, replayed ones included, in order."""
    offen: dict[str, deque[Any]] = field(default_factory=dict)
    """Answers of the resumed draft not replayed yet, per question."""
    beim_eintrag: Callable[[Mitschrift], None] | None = None
    """Called after every newly typed answer (keeps the draft on disk)."""
    vor_der_frage: Callable[[], None] | None = None
    """Called right before a question is really asked (not replayed)."""
    wiederholt: bool = False
    """The last answer came from the resumed draft (what it caused was said back then)."""

    @classmethod
    def fortsetzen(cls, eingaben: Iterable[tuple[str, Any]]) -> Mitschrift:
        offen: dict[str, deque[Any]] = {}
        for pfad, wert in eingaben:
            offen.setdefault(pfad, deque()).append(wert)
        return cls(offen=offen)

    def wiederhole(self, pfad: str) -> tuple[bool, Any]:
        """The next recorded answer to the question at ``pfad``: (found, value)."""
        schlange = self.offen.get(pfad)
        if not schlange:
            return False, None
        return True, schlange.popleft()

    def notiere(self, pfad: str, wert: Any, *, getippt: bool = True) -> None:
        self.eingaben.append((pfad, wert))
        if getippt and self.beim_eintrag is not None:
            self.beim_eintrag(self)

    def alle(self) -> list[tuple[str, Any]]:
        """What the draft keeps: this run's answers, then those of the resumed draft the run
        has not reached (nothing given is dropped by a second interruption)."""
        rest = [(pfad, wert) for pfad, schlange in self.offen.items() for wert in schlange]
        return [*self.eingaben, *rest]

    def eingabe(
        self,
        pfad: str,
        fragen: Callable[[], Any],
        passt: Callable[[Any], bool],
        *,
        merken: Callable[[Any], bool] = lambda _wert: True,
    ) -> Any:
        """The answer to the question at ``pfad``: the draft's next one when it passes the
        question's check (``passt``), else asked (``fragen``); kept when ``merken`` says so."""
        gefunden, wert = self.wiederhole(pfad)
        if gefunden and passt(wert):
            self.wiederholt = True
            self.notiere(pfad, wert, getippt=False)
            return wert
        self.wiederholt = False
        if self.vor_der_frage is not None:
            self.vor_der_frage()
        wert = fragen()
        if merken(wert):
            self.notiere(pfad, wert)
        return wert
