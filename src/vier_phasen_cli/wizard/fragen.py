"""One validation path for typed and scripted answers (as copier does it).

Every question names the place of its answer in the answers document (a partial case document,
SPEC §5), e.g. ``potenzialanalyse.zielberuf``. The :class:`Befrager` first looks there in the
given answers (an answers file); a given answer goes through the same check a
typed one does. What is not given is asked on the terminal; without a terminal it is recorded
as missing, and the wizard ends with one error that lists everything missing. Every answer
typed goes into the :class:`Mitschrift` (the draft); a resumed draft's answers are given again
through the same check instead of prompting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from vier_phasen_cli.domain.datum import (
    DatumsFehler,
    ist_relativ,
    lies_datum,
    mit_wochentag,
    pruefe_bereich,
)
from vier_phasen_cli.domain.eingabefelder import felder_mit_steuerzeichen, ist_mehrzeilig
from vier_phasen_cli.domain.probleme import pfad_text
from vier_phasen_cli.domain.rechtsstand import alter_am
from vier_phasen_cli.domain.steuerzeichen import STEUERZEICHEN_MELDUNG, hat_steuerzeichen
from vier_phasen_cli.wizard.mitschrift import Mitschrift
from vier_phasen_cli.wizard.terminal import Terminal, Wahl

_FEHLT = object()
_ZIFFERN = re.compile(r"[0-9]{1,9}")
_JA_NEIN = {"j": True, "ja": True, "y": True, "n": False, "nein": False}


def hole(daten: Any, pfad: str) -> Any:
    """The value at dotted ``pfad`` in nested mappings, or ``_FEHLT``."""
    for teil in pfad.split("."):
        if not isinstance(daten, Mapping) or teil not in daten:
            return _FEHLT
        daten = daten[teil]
    return daten


def vorhanden(daten: Any, pfad: str) -> bool:
    return hole(daten, pfad) is not _FEHLT


class Befrager:
    def __init__(
        self,
        vorgaben: Mapping[str, Any],
        terminal: Terminal | None,
        heute: date,
        vorschlaege: Mapping[str, Any] | None = None,
        mitschrift: Mitschrift | None = None,
        *,
        abschnitte_beantwortet: bool = True,
    ) -> None:
        """``abschnitte_beantwortet``: a section the answers give is complete (an answers
        file); False where the answers are single flags (``neu --name`` leaves the
        Geburtsdatum to be asked)."""
        self.abschnitte_beantwortet = abschnitte_beantwortet
        self.vorgaben = vorgaben
        self.terminal = terminal
        self.heute = heute
        self.vorschlaege = vorschlaege or {}
        self.mitschrift = mitschrift if mitschrift is not None else Mitschrift()
        self.mitschrift.vor_der_frage = self._ueberschrift_zeigen
        self._ueberschrift: str | None = None
        self.fehlend: list[str] = []
        self.ungueltig: list[str] = []

    @property
    def interaktiv(self) -> bool:
        return self.terminal is not None

    # --- the answer of one question --------------------------------------------------------

    def _gegeben(self, pfad: str) -> Any:
        return hole(self.vorgaben, pfad)

    def gegeben(self, pfad: str) -> Any:
        """The given answer at ``pfad``, or None (for questions a phase shapes itself)."""
        wert = hole(self.vorgaben, pfad)
        return None if wert is _FEHLT else wert

    def zahl(self, pfad: str, frage: str, *, vorgabe: int, mindestens: int = 0) -> int:
        gegeben = self._gegeben(pfad)
        if isinstance(gegeben, int) and not isinstance(gegeben, bool) and gegeben >= mindestens:
            return gegeben
        if gegeben is not _FEHLT and self.terminal is None:
            self.problem(pfad, f"ganze Zahl ab {mindestens} erwartet")
        if self.terminal is None:
            return vorgabe

        def pruefen(eingabe: str) -> bool | str:
            # ASCII digits only: "²".isdigit() is true, but int("²") fails.
            ziffern = eingabe.strip()
            ok = _ZIFFERN.fullmatch(ziffern) is not None and int(ziffern) >= mindestens
            return ok or f"Bitte eine ganze Zahl ab {mindestens} angeben."

        terminal = self.terminal
        return int(
            self.mitschrift.eingabe(
                pfad,
                lambda: int(
                    terminal.text(
                        frage, vorgabe=str(self._vorschlag(pfad, vorgabe)), pruefen=pruefen
                    )
                ),
                lambda w: isinstance(w, int) and not isinstance(w, bool) and w >= mindestens,
            )
        )

    def _im_gegebenen_abschnitt(self, pfad: str) -> bool:
        """``pfad`` lies in a section the answers give: its missing optional fields are empty
        and its missing fields with a default take the default (a given section is an answer)."""
        teile = pfad.split(".")
        return (
            self.abschnitte_beantwortet
            and len(teile) > 1
            and isinstance(self.vorgaben.get(teile[0]), Mapping)
        )

    def _vorschlag(self, pfad: str, standard: Any) -> Any:
        wert = hole(self.vorschlaege, pfad)
        return standard if wert is _FEHLT or wert is None else wert

    def _fehlt(self, pfad: str, frage: str) -> None:
        self.fehlend.append(f"{pfad} ({frage.rstrip(':?')})")

    def fehlt(self, pfad: str, frage: str) -> None:
        """Record an answer a check found missing (listed with the others at the end)."""
        self._fehlt(pfad, frage)

    def melde(self, text: Any) -> None:
        """Information between the questions (terminal only)."""
        if self.terminal is not None:
            self._ueberschrift_zeigen()
            self.terminal.zeige(text)

    def ueberschrift(self, titel: str) -> None:
        """The heading of a part of the wizard: shown with the part's first question asked
        (or message), so a part with nothing to ask – all given, or replayed from a resumed
        draft – shows no empty heading."""
        self._ueberschrift = titel

    def _ueberschrift_zeigen(self) -> None:
        titel, self._ueberschrift = self._ueberschrift, None
        if titel is not None and self.terminal is not None:
            self.terminal.zeige(f"\n[bold cyan]{titel}[/]")

    def rueckmeldung(self, text: str) -> None:
        """What an answer just given causes (a refusal, a correction): said only when the
        answer was typed now – a resumed draft's answers were answered back then."""
        if not self.mitschrift.wiederholt:
            self.melde(text)

    def einwand(self, pfad: str, auf_dem_terminal: str, im_skript: str) -> None:
        """An answer the rules do not allow: said on a terminal (the caller goes on with a
        corrected value), a problem of the answers in a script."""
        if self.terminal is not None:
            self.rueckmeldung(auf_dem_terminal)
        else:
            self.problem(pfad, im_skript)

    def problem(self, pfad: str, meldung: str) -> None:
        """A given answer that does not pass a check (scripted use; typed ones are re-asked)."""
        self.ungueltig.append(f"{pfad}: {meldung}")

    def steuerzeichen_pruefen(self, ergebnis: Mapping[str, Any]) -> None:
        """Record every text of ``ergebnis`` (the answers as they will be stored) that holds a
        control character its field refuses (SPEC §15): the one check for flags, answers
        files, drafts and typed answers alike."""
        for pfad in felder_mit_steuerzeichen(ergebnis):
            self.problem(pfad_text(pfad), STEUERZEICHEN_MELDUNG)

    def text(
        self,
        pfad: str,
        frage: str,
        *,
        pflicht: bool = True,
        vorgabe: str = "",
        mehrzeilig: bool | None = None,
    ) -> str | None:
        """A text answer; ``mehrzeilig`` overrides what the path says about line breaks
        (for questions whose path is not the field's, e.g. a need's ``notiz``)."""
        zeilen = ist_mehrzeilig(pfad.split(".")) if mehrzeilig is None else mehrzeilig

        def unzulaessig(wert: str) -> bool:
            return hat_steuerzeichen(wert, mehrzeilig=zeilen)

        gegeben = self._gegeben(pfad)
        abgelehnt = False
        if gegeben is not _FEHLT and gegeben is not None:
            wert = str(gegeben).strip()
            abgelehnt = unzulaessig(wert) and self.terminal is not None
            if abgelehnt:
                self.melde(f"Die Angabe für {pfad} {STEUERZEICHEN_MELDUNG}; bitte neu eingeben.")
            elif wert or not pflicht:
                # Without a terminal a refused text is reported by steuerzeichen_pruefen,
                # located by the field it is stored in.
                return wert or None
        elif gegeben is None and not pflicht:
            return None
        if not abgelehnt and self._im_gegebenen_abschnitt(pfad) and (vorgabe or not pflicht):
            return vorgabe or None
        if self.terminal is None:
            if vorgabe:
                return vorgabe
            if pflicht:
                self._fehlt(pfad, frage)
            return None

        def pruefen(eingabe: str) -> bool | str:
            if unzulaessig(eingabe):
                return f"Die Eingabe {STEUERZEICHEN_MELDUNG}."
            return bool(eingabe.strip()) or not pflicht or "Bitte ausfüllen."

        vorschlag = str(self._vorschlag(pfad, vorgabe) or "")
        terminal = self.terminal
        wert = self.mitschrift.eingabe(
            pfad,
            lambda: terminal.text(frage, vorgabe=vorschlag, pruefen=pruefen, mehrzeilig=zeilen),
            lambda w: isinstance(w, str) and pruefen(w) is True,
        )
        return str(wert) or None

    def datum(
        self,
        pfad: str,
        frage: str,
        *,
        pflicht: bool = True,
        vorgabe: date | None = None,
        nicht_vor: date | None = None,
        nicht_nach: date | None = None,
        lebensalter: tuple[int, int] | None = None,
    ) -> date | None:
        """A date. ``lebensalter`` (a birth date): only calendar dates, and the age today
        must lie in this range (years, both included)."""

        def lies(eingabe: Any) -> date | str | None:
            """The date, or the German reason why not (None for an empty optional answer)."""
            if eingabe is None or (isinstance(eingabe, str) and not eingabe.strip()):
                return "Bitte ein Datum angeben." if pflicht else None
            if lebensalter is not None and isinstance(eingabe, str) and ist_relativ(eingabe):
                return "Bitte das Geburtsdatum als Kalenderdatum angeben (TT.MM.JJJJ)."
            try:
                if isinstance(eingabe, date):
                    tag = pruefe_bereich(eingabe)
                else:
                    tag = lies_datum(str(eingabe), self.heute)
            except DatumsFehler as exc:
                return str(exc)
            if nicht_vor is not None and tag < nicht_vor:
                return f"Das Datum darf nicht vor dem {nicht_vor:%d.%m.%Y} liegen."
            if nicht_nach is not None and tag > nicht_nach:
                return f"Das Datum darf nicht nach dem {nicht_nach:%d.%m.%Y} liegen."
            if lebensalter is not None:
                return _alter_passt(tag, self.heute, *lebensalter)
            return tag

        gegeben = self._gegeben(pfad)
        if gegeben is not _FEHLT:
            ergebnis = lies(gegeben)
            if not isinstance(ergebnis, str):
                return ergebnis
            if self.terminal is None:
                self.problem(pfad, ergebnis)
                return None
        if self._im_gegebenen_abschnitt(pfad) and (vorgabe is not None or not pflicht):
            return vorgabe
        if self.terminal is None:
            if vorgabe is not None:
                return vorgabe
            if pflicht:
                self._fehlt(pfad, frage)
            return None
        vorschlag = self._vorschlag(pfad, vorgabe)
        vorschlag_text = vorschlag.strftime("%d.%m.%Y") if isinstance(vorschlag, date) else ""

        def pruefen(eingabe: str) -> bool | str:
            ergebnis = lies(eingabe)
            return ergebnis if isinstance(ergebnis, str) else True

        formen = "TT.MM.JJJJ" if lebensalter is not None else "TT.MM.JJJJ, heute, +14"
        hinweis = "" if pflicht else ", leer: keins"
        terminal = self.terminal

        def fragen() -> date | None:
            eingabe = terminal.text(
                f"{frage} ({formen}{hinweis})", vorgabe=vorschlag_text, pruefen=pruefen
            )
            ergebnis = lies(eingabe)
            if isinstance(ergebnis, date) and ist_relativ(eingabe):
                terminal.zeige(f"  → {mit_wochentag(ergebnis)}")
            return None if isinstance(ergebnis, str) else ergebnis

        # The draft keeps the date itself, so "+14" means the same day when resumed.
        wert: date | None = self.mitschrift.eingabe(
            pfad,
            fragen,
            lambda w: (w is None or isinstance(w, date)) and not isinstance(lies(w), str),
        )
        return wert

    def wahl(
        self,
        pfad: str,
        frage: str,
        wahlen: Sequence[Wahl],
        *,
        vorgabe: Any = None,
        suche: bool = False,
        pflicht: bool = True,
    ) -> Any:
        erlaubt = [w.wert for w in wahlen]
        gegeben = self._gegeben(pfad)
        if gegeben is not _FEHLT:
            if gegeben in erlaubt or (gegeben is None and not pflicht):
                return gegeben
            if self.terminal is None:
                zulaessig = ", ".join(str(w) for w in erlaubt if w is not None)
                self.problem(pfad, f"Wert ist hier nicht zulässig (erlaubt: {zulaessig})")
                return None
            self.melde(f"Die Angabe für {pfad} passt hier nicht; bitte neu wählen.")
        elif self._im_gegebenen_abschnitt(pfad) and (vorgabe is not None or not pflicht):
            return vorgabe
        if self.terminal is None:
            if vorgabe is not None or not pflicht:
                return vorgabe
            self._fehlt(pfad, frage)
            return None
        vorschlag = self._vorschlag(pfad, vorgabe)
        terminal = self.terminal
        return self.mitschrift.eingabe(
            pfad,
            lambda: terminal.auswahl(frage, wahlen, vorgabe=vorschlag, suche=suche),
            lambda w: w in erlaubt,
        )

    def ja_nein(
        self, pfad: str, frage: str, *, vorgabe: bool | None, ohne_terminal: bool | None = None
    ) -> bool:
        """Yes or no. ``vorgabe=None``: a decision to be made deliberately (the Leitfragen,
        3.3.2) – typed ``j``/``n`` on a terminal, missing without an answer in a script.
        ``ohne_terminal``: the answer a script means by giving none (else ``vorgabe``)."""
        gegeben = self._gegeben(pfad)
        if isinstance(gegeben, bool):
            return gegeben
        if gegeben is not _FEHLT and gegeben is not None and self.terminal is None:
            self.problem(pfad, "Wahrheitswert erwartet (true oder false)")
        if vorgabe is None:
            return self._entscheidung(pfad, frage)
        if self.terminal is None:
            return vorgabe if ohne_terminal is None else ohne_terminal
        if self._im_gegebenen_abschnitt(pfad):
            return vorgabe
        terminal = self.terminal
        return bool(
            self.mitschrift.eingabe(
                pfad,
                lambda: terminal.ja_nein(frage, vorgabe=bool(self._vorschlag(pfad, vorgabe))),
                lambda w: isinstance(w, bool),
            )
        )

    def _entscheidung(self, pfad: str, frage: str) -> bool:
        if self.terminal is None:
            if self._gegeben(pfad) is _FEHLT or self._gegeben(pfad) is None:
                self._fehlt(pfad, frage)
            return False
        terminal = self.terminal

        def lies(eingabe: str) -> bool | None:
            return _JA_NEIN.get(eingabe.strip().lower())

        def fragen() -> bool:
            eingabe = terminal.text(
                f"{frage} (j/n)",
                pruefen=lambda e: lies(e) is not None or "Bitte „j“ oder „n“ eingeben.",
            )
            return bool(lies(eingabe))

        return bool(self.mitschrift.eingabe(pfad, fragen, lambda w: isinstance(w, bool)))

    def mehrfach(
        self,
        pfad: str,
        frage: str,
        wahlen: Sequence[Wahl],
        *,
        mindestens: int = 0,
        vorgabe: Sequence[Any] = (),
        fehlt_als: str | None = None,
    ) -> list[Any]:
        """Several choices. A given answer is a list of values (e.g. codes). ``fehlt_als``:
        how a script is told the answer is missing (the answers file's own key)."""
        erlaubt = {w.wert for w in wahlen}
        gegeben = self._gegeben(pfad)
        if isinstance(gegeben, list):
            falsch = [g for g in gegeben if g not in erlaubt]
            if not falsch and len(gegeben) >= mindestens:
                return list(gegeben)
            if self.terminal is None:
                grund = (
                    f"nicht zulässig: {', '.join(map(str, falsch))}"
                    if falsch
                    else f"mindestens {mindestens} nötig"
                )
                self.problem(pfad, grund)
                return []
        if self.terminal is None:
            if mindestens and fehlt_als is None:
                self._fehlt(pfad, frage)
            elif mindestens and fehlt_als is not None and fehlt_als not in self.fehlend:
                self.fehlend.append(fehlt_als)
            return list(vorgabe)
        vorschlag = self._vorschlag(pfad, list(vorgabe))
        terminal = self.terminal
        werte = [w.wert for w in wahlen]
        return list(
            self.mitschrift.eingabe(
                pfad,
                lambda: terminal.mehrfach(frage, wahlen, vorgabe=vorschlag, mindestens=mindestens),
                lambda w: (
                    isinstance(w, list) and len(w) >= mindestens and all(x in werte for x in w)
                ),
            )
        )

    def liste(
        self,
        pfad: str,
        eintrag: Callable[[int], dict[str, Any] | None],
        *,
        mindestens: int = 0,
        warum: str = "",
    ) -> list[dict[str, Any]]:
        """A list of records: given whole, or asked entry by entry until ``eintrag`` says done."""
        gegeben = self._gegeben(pfad)
        if isinstance(gegeben, list):
            if len(gegeben) >= mindestens:
                return [dict(g) if isinstance(g, Mapping) else g for g in gegeben]
            if self.terminal is None:
                self.problem(pfad, warum or f"mindestens {mindestens} Einträge nötig")
                return list(gegeben)
        if self.terminal is None:
            if mindestens:
                self._fehlt(pfad, warum or "mindestens ein Eintrag")
            return []
        eintraege: list[dict[str, Any]] = []
        while True:
            neu = eintrag(len(eintraege))
            if neu is not None:
                eintraege.append(neu)
                continue
            if len(eintraege) >= mindestens:
                return eintraege
            self.rueckmeldung(warum or f"Bitte mindestens {mindestens} angeben.")


def _alter_passt(geburtsdatum: date, heute: date, juengstes: int, aeltestes: int) -> date | str:
    """The birth date, or why it is implausible for a customer (age out of range)."""
    alter = alter_am(geburtsdatum, heute)
    if alter < juengstes:
        return (
            f"Mit diesem Geburtsdatum wäre die Person {alter} Jahre alt (mindestens {juengstes})."
        )
    if alter > aeltestes:
        return f"Mit diesem Geburtsdatum wäre die Person {alter} Jahre alt (höchstens {aeltestes})."
    return geburtsdatum
