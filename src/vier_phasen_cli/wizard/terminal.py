"""Asking on a terminal, with questionary: the only module of the wizards that talks to the
keyboard. Tests give it keystrokes per prompt through prompt_toolkit pipe inputs (questionary's
own testing approach); the running program gives it the real terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Pruefer = Callable[[str], "bool | str"]


@dataclass(frozen=True)
class Wahl:
    """A choice: shown as ``titel``, answered as ``wert``; ``gruppe`` starts a new group."""

    titel: str
    wert: Any
    gruppe: str | None = None


@dataclass
class Terminal:
    """questionary prompts; ``tasten`` (tests only) feeds each prompt its own keystrokes."""

    tasten: list[str] | None = None
    ausgabe: list[str] = field(default_factory=list)
    gefragt: list[str] = field(default_factory=list)
    """Every question asked, in order (for tests and for debugging a flow)."""
    geduld: float = 5.0
    """Tests: seconds a prompt may wait for keystrokes that never finish it."""

    def _frage(self, bauen: Callable[..., Any]) -> Any:
        if self.tasten is None:
            return bauen().unsafe_ask()
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        if not self.tasten:
            raise EOFError("no keystrokes left for this prompt")
        import threading

        with create_pipe_input() as eingabe:
            eingabe.send_text(self.tasten.pop(0))
            # Keystrokes that do not finish the prompt end in EOFError after a while, not a hang.
            wecker = threading.Timer(self.geduld, eingabe.close)
            wecker.start()
            try:
                return bauen(input=eingabe, output=DummyOutput()).unsafe_ask()
            finally:
                wecker.cancel()

    def text(self, frage: str, *, vorgabe: str = "", pruefen: Pruefer | None = None) -> str:
        import questionary

        self.gefragt.append(frage)

        def bauen(**kw: Any) -> Any:
            return questionary.text(frage, default=vorgabe, validate=pruefen, qmark="?", **kw)

        return str(self._frage(bauen)).strip()

    def auswahl(
        self, frage: str, wahlen: Sequence[Wahl], *, vorgabe: Any = None, suche: bool = False
    ) -> Any:
        import questionary

        self.gefragt.append(frage)
        choices = _choices(wahlen)
        # No default (None) keeps the pointer on the first choice.
        index = (
            next((i for i, w in enumerate(wahlen) if w.wert == vorgabe), None)
            if vorgabe is not None
            else None
        )
        standard = next((c for c in choices if getattr(c, "value", None) == _wert(index)), None)

        def bauen(**kw: Any) -> Any:
            return questionary.select(
                frage,
                choices=choices,
                default=standard,
                use_search_filter=suche,
                use_jk_keys=not suche,
                instruction="(Pfeiltasten, Tippen filtert)" if suche else "(Pfeiltasten)",
                **kw,
            )

        return wahlen[_index(self._frage(bauen))].wert

    def mehrfach(
        self,
        frage: str,
        wahlen: Sequence[Wahl],
        *,
        vorgabe: Sequence[Any] = (),
        mindestens: int = 0,
    ) -> list[Any]:
        import questionary

        self.gefragt.append(frage)
        angekreuzt = {i for i, w in enumerate(wahlen) if w.wert in list(vorgabe)}
        choices = _choices(wahlen, angekreuzt=angekreuzt)

        def pruefen(gewaehlt: list[Any]) -> bool | str:
            return len(gewaehlt) >= mindestens or f"Bitte mindestens {mindestens} auswählen."

        def bauen(**kw: Any) -> Any:
            return questionary.checkbox(
                frage,
                choices=choices,
                validate=pruefen,
                instruction="(Leertaste wählt, Eingabe bestätigt)",
                **kw,
            )

        return [wahlen[_index(i)].wert for i in self._frage(bauen)]

    def ja_nein(self, frage: str, *, vorgabe: bool = True) -> bool:
        wahlen = [Wahl("Ja", True), Wahl("Nein", False)]
        return bool(self.auswahl(frage, wahlen, vorgabe=vorgabe))

    def zeige(self, darstellung: Any) -> None:
        """Show text or a Rich renderable between the questions."""
        from rich.console import Console

        from vier_phasen_cli.cli.ausgabe import rich_sicher

        if self.tasten is not None:
            import io

            puffer = io.StringIO()
            konsole = Console(file=puffer, width=100, no_color=True, highlight=False)
            rich_sicher(konsole, darstellung)
            self.ausgabe.append(puffer.getvalue())
            return
        rich_sicher(Console(highlight=False), darstellung)


def _choices(wahlen: Sequence[Wahl], angekreuzt: set[int] | None = None) -> list[Any]:
    """questionary choices whose values are the positions in ``wahlen`` (a value of None or an
    unhashable one would confuse questionary)."""
    import questionary

    ergebnis: list[Any] = []
    gruppe = None
    for i, w in enumerate(wahlen):
        if w.gruppe is not None and w.gruppe != gruppe:
            gruppe = w.gruppe
            ergebnis.append(questionary.Separator(f"── {gruppe} ──"))
        ergebnis.append(
            questionary.Choice(
                w.titel, _wert(i), checked=angekreuzt is not None and i in angekreuzt
            )
        )
    return ergebnis


def _wert(index: int | None) -> str | None:
    # questionary replaces falsy values by the title: positions travel as "w0", "w1", …
    return None if index is None else f"w{index}"


def _index(wert: Any) -> int:
    return int(str(wert)[1:])
