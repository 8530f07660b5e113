"""Asking on a terminal, with questionary: the only module of the wizards that talks to the
keyboard. Tests give it keystrokes per prompt through prompt_toolkit pipe inputs (questionary's
own testing approach); the running program gives it the real terminal.

Everything the prompts show is German. questionary's own words are kept off the screen through
its public parameters: every list prompt gets its ``instruction``; answers are checked here, not
by questionary's validator, so a refusal is printed as a line right under the question (a
validator's message would sit on the terminal's bottom line, far from the question) and the
question is asked again with the answer kept; a checkbox prompt erases itself when answered
(``erase_when_done``) and its answer is printed here, instead of questionary's "done (3
selections)". Long choices are wrapped to the terminal's width (questionary cuts them off).
"""

from __future__ import annotations

import contextlib
import shutil
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

Pruefer = Callable[[str], "bool | str"]

ANWEISUNG_AUSWAHL = "(Pfeiltasten)"
ANWEISUNG_SUCHE = "(Pfeiltasten, Tippen filtert)"
ANWEISUNG_MEHRFACH = "(Leertaste wählt, Eingabe bestätigt)"
ANWEISUNG_MEHRZEILIG = "(Alt+Eingabe oder Esc, Eingabe: neue Zeile)"
"""Texts that may hold line breaks (the Beratungsvermerk, notes): Enter still finishes."""
KEINE_AUSWAHL = "keine Auswahl"

_ZEIGER = 3
"""Columns before a choice's title: questionary's pointer " » "."""
_FRAGEZEICHEN = 2
"""Columns before a question's text: "? "."""
_KREIS = 2
"""Columns of a checkbox's circle "○ "."""


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
    breite: int | None = None
    """Columns to wrap choices to (tests); None: the terminal's width."""
    bildschirm: Any = None
    """Tests: a prompt_toolkit output that records what the prompts draw (else none)."""

    def _spalten(self) -> int:
        if self.breite is not None:
            return self.breite
        return shutil.get_terminal_size((80, 24)).columns

    @contextlib.contextmanager
    def _eingabe(self) -> Iterator[Callable[[Any], Any]]:
        """How to ask one prompt: on the terminal, or (tests) from this prompt's keystrokes.
        A question asked again reads on in the same keystrokes."""
        if self.tasten is None:
            yield lambda bauen: bauen().unsafe_ask()
            return
        import threading

        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        if not self.tasten:
            raise EOFError("no keystrokes left for this prompt")
        with create_pipe_input() as eingabe:
            eingabe.send_text(self.tasten.pop(0))

            def fragen(bauen: Callable[..., Any]) -> Any:
                # Keystrokes that do not finish the prompt end in EOFError after a while.
                wecker = threading.Timer(self.geduld, eingabe.close)
                wecker.start()
                try:
                    ausgabe = self.bildschirm or DummyOutput()
                    return bauen(input=eingabe, output=ausgabe).unsafe_ask()
                finally:
                    wecker.cancel()

            yield fragen

    def _frage(
        self, bauen: Callable[..., Any], pruefen: Callable[[Any], bool | str] | None = None
    ) -> Any:
        """Ask until ``pruefen`` accepts the answer. ``bauen(vorher, **kw)`` builds the
        questionary prompt; ``vorher`` is the refused answer (None at first), kept as the
        new default. A refusal's reason is printed right under the question."""
        vorher: Any = None
        with self._eingabe() as fragen:
            while True:
                antwort = fragen(lambda vorher=vorher, **kw: bauen(vorher, **kw))
                urteil = True if pruefen is None else pruefen(antwort)
                if urteil is True:
                    return antwort
                self._einwand("Bitte die Eingabe prüfen." if urteil is False else str(urteil))
                vorher = antwort

    def _einwand(self, meldung: str) -> None:
        from rich.text import Text

        self.zeige(Text(f"  ✗ {meldung}", style="bold red"))

    def text(
        self,
        frage: str,
        *,
        vorgabe: str = "",
        pruefen: Pruefer | None = None,
        mehrzeilig: bool = False,
    ) -> str:
        """A typed answer. ``mehrzeilig``: Alt+Enter (or Esc, Enter) starts a new line, as
        the prompt's instruction says; Enter finishes the answer as everywhere."""
        import questionary

        self.gefragt.append(frage)
        anweisung = ANWEISUNG_MEHRZEILIG if mehrzeilig else None

        def bauen(vorher: str | None, **kw: Any) -> Any:
            standard = vorgabe if vorher is None else vorher
            eingabe = questionary.text(
                self._zeilen(frage, anweisung),
                default=standard,
                qmark="?",
                instruction=anweisung,
                **kw,
            )
            return _neue_zeile_mit_alt_eingabe(eingabe) if mehrzeilig else eingabe

        return str(self._frage(bauen, pruefen)).strip()

    def auswahl(
        self, frage: str, wahlen: Sequence[Wahl], *, vorgabe: Any = None, suche: bool = False
    ) -> Any:
        import questionary

        self.gefragt.append(frage)
        choices = self._choices(wahlen, einzug=_ZEIGER)
        # No default (None) keeps the pointer on the first choice.
        index = (
            next((i for i, w in enumerate(wahlen) if w.wert == vorgabe), None)
            if vorgabe is not None
            else None
        )
        standard = next((c for c in choices if getattr(c, "value", None) == _wert(index)), None)

        anweisung = ANWEISUNG_SUCHE if suche else ANWEISUNG_AUSWAHL

        def bauen(_vorher: Any, **kw: Any) -> Any:
            return _strg_d_beendet(
                questionary.select(
                    self._zeilen(frage, anweisung),
                    choices=choices,
                    default=standard,
                    use_search_filter=suche,
                    use_jk_keys=not suche,
                    instruction=anweisung,
                    **kw,
                )
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
        angekreuzt = [_wert(i) for i, w in enumerate(wahlen) if w.wert in list(vorgabe)]

        def pruefen(gewaehlt: list[Any]) -> bool | str:
            return len(gewaehlt) >= mindestens or f"Bitte mindestens {mindestens} auswählen."

        def bauen(vorher: list[Any] | None, **kw: Any) -> Any:
            return _strg_d_beendet(
                questionary.checkbox(
                    self._zeilen(frage, ANWEISUNG_MEHRFACH),
                    choices=self._choices(
                        wahlen,
                        angekreuzt=angekreuzt if vorher is None else vorher,
                        einzug=_ZEIGER + _KREIS,
                    ),
                    instruction=ANWEISUNG_MEHRFACH,
                    erase_when_done=True,  # questionary would answer "done (3 selections)"
                    **kw,
                )
            )

        gewaehlt = [wahlen[_index(i)] for i in self._frage(bauen, pruefen)]
        self._antwort(frage, ", ".join(w.titel for w in gewaehlt) or KEINE_AUSWAHL)
        return [w.wert for w in gewaehlt]

    def _zeilen(self, frage: str, anweisung: str | None = None) -> str:
        """The question as the prompt shows it: wrapped at word boundaries to the terminal
        (a terminal breaks lines mid-word), continuation lines under the question's text.
        ``anweisung`` (appended by questionary after a space) is kept whole on the last line."""
        breite = max(self._spalten() - _FRAGEZEICHEN - 1, 20)
        # The instruction as one word: joined by a placeholder textwrap does not break at.
        ganz = "" if anweisung is None else " " + anweisung.replace(" ", "\x00")
        zeilen = textwrap.wrap(
            frage + ganz, breite, break_on_hyphens=False, break_long_words=False
        ) or [frage]
        einzug = "\n" + " " * _FRAGEZEICHEN
        if anweisung is None:
            return einzug.join(zeilen)
        letzte = zeilen.pop()[: -len(anweisung)].rstrip()
        if letzte:
            return einzug.join([*zeilen, letzte])
        # The instruction begins a line of its own; questionary puts a space before it.
        return einzug.join(zeilen) + einzug[:-1]

    def _antwort(self, frage: str, antwort: str) -> None:
        """The answered question as questionary shows it: "? Frage Antwort"."""
        from rich.text import Text

        zeile = Text("? ", style="#5f819d").append(frage, style="bold").append(" ")
        self.zeige(zeile.append(antwort, style="#ff9d00 bold"))

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

    def _choices(
        self, wahlen: Sequence[Wahl], *, einzug: int, angekreuzt: Sequence[Any] | None = None
    ) -> list[Any]:
        """questionary choices whose values are the positions in ``wahlen`` (a value of None or
        an unhashable one would confuse questionary); titles wrapped to the terminal."""
        import questionary

        breite = max(self._spalten() - einzug - 1, 20)
        ergebnis: list[Any] = []
        gruppe = None
        for i, w in enumerate(wahlen):
            if w.gruppe is not None and w.gruppe != gruppe:
                gruppe = w.gruppe
                ergebnis.append(questionary.Separator(f"── {gruppe} ──"))
            ergebnis.append(
                questionary.Choice(
                    umbrochen(w.titel, breite, einzug),
                    _wert(i),
                    checked=angekreuzt is not None and _wert(i) in angekreuzt,
                )
            )
        return ergebnis


def _neue_zeile_mit_alt_eingabe(frage: Any) -> Any:
    """Alt+Enter (terminals send Esc, Enter) inserts a line break into a text answer."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    tasten = KeyBindings()

    @tasten.add("escape", "enter", eager=True)
    def _zeile(event: Any) -> None:
        event.current_buffer.insert_text("\n")

    anwendung = frage.application
    anwendung.key_bindings = merge_key_bindings([anwendung.key_bindings, tasten])
    return frage


def _strg_d_beendet(frage: Any) -> Any:
    """Ctrl-D ends a list prompt as it ends a text prompt (EOFError: the wizard keeps its
    draft and stops with 130); questionary binds only Ctrl-C there."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    tasten = KeyBindings()

    @tasten.add("c-d", eager=True)
    def _ende(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    anwendung = frage.application
    anwendung.key_bindings = merge_key_bindings([anwendung.key_bindings, tasten])
    return frage


def umbrochen(titel: str, breite: int, einzug: int) -> str:
    """``titel`` wrapped at word boundaries to ``breite`` columns; continuation lines are
    indented by ``einzug`` so they line up under the first line's text."""
    zeilen = textwrap.wrap(titel, breite, break_on_hyphens=False) or [titel]
    return ("\n" + " " * einzug).join(zeilen)


def _wert(index: int | None) -> str | None:
    # questionary replaces falsy values by the title: positions travel as "w0", "w1", …
    return None if index is None else f"w{index}"


def _index(wert: Any) -> int:
    return int(str(wert)[1:])
