"""Options shared by several commands, defined once (as sqlite-utils does)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fristen import Fallkopf
    from vier_phasen_cli.domain.pseudonym import Pseudonymisierung
    from vier_phasen_cli.storage.ablage import Ablage
    from vier_phasen_cli.storage.sperre import Entsperren
    from vier_phasen_cli.wizard.terminal import Terminal

Ausgabe = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="In diese Datei schreiben (nur für Sie lesbar: 0600) statt auf die Standardausgabe.",
        metavar="DATEI",
    ),
]

KeinPager = Annotated[
    bool,
    typer.Option(
        "--kein-pager",
        help="Auch im Terminal direkt ausgeben, nicht seitenweise über $PAGER "
        "(Vorgabe: less -FRX).",
    ),
]


def stichtag_option(wozu: str) -> Any:
    """``--stichtag``; ``wozu`` says what the day decides in this command."""
    return typer.Option("--stichtag", help=f"Stichtag: {wozu} (Vorgabe: heute).", metavar="DATUM")


def fachkraft_option(vertretung_am: str) -> Any:
    """``--fachkraft`` as a filter; ``vertretung_am`` names the day a Vertretung counts on."""
    return typer.Option(
        "--fachkraft",
        help=f"Nur Fälle dieser Fachkraft, dazu die Fälle, die sie {vertretung_am} vertritt "
        "(Groß-/Kleinschreibung egal).",
        metavar="FACHKRAFT",
    )


Fachkraft = Annotated[str | None, fachkraft_option("am Stichtag")]
"""``--fachkraft`` of a command with ``--stichtag``."""
Rechtskreis = Annotated[
    str | None,
    typer.Option(
        "--rechtskreis",
        help="Nur Fälle dieses Rechtskreises (SGB II, SGB III).",
        metavar="SGB II|SGB III",
    ),
]

OhneCache = Annotated[
    bool,
    typer.Option(
        "--ohne-cache",
        help="Alle Falldateien neu lesen; die Zwischenspeicher der Ablage "
        "(.vier-phasen/cache.sqlite und kataloge.json) weder benutzen noch schreiben.",
    ),
]

Pseudonym = Annotated[
    bool,
    typer.Option(
        "--pseudonym",
        help="Namen, Fall-IDs und Dateinamen durch ein festes Pseudonym je Fall "
        "(Person-XXXXXXXX) ersetzen, z. B. für Auswertungen, die das Team verlassen.",
    ),
]


def _merke_entsperren(ctx: typer.Context, wert: bool) -> bool:
    if wert:
        from vier_phasen_cli.cli.kontext import sitzung

        sitzung(ctx).entsperren = True
    return wert


EntsperrenOption = Annotated[
    bool,
    typer.Option(
        "--entsperren",
        help="Die Sperre eines anderen Rechners aufheben, wenn sie älter als 12 Stunden ist "
        "(im Terminal nach einer Rückfrage; ohne Terminal gilt die Option als Antwort).",
        callback=_merke_entsperren,
    ),
]
"""Every command that changes a case has it; the command's lock reads it from the session
(``entsperr_frage``), so a command only declares it."""


def entsperr_frage(ctx: typer.Context, terminal: Terminal | None) -> Entsperren | None:
    """What breaks another computer's old lock under ``--entsperren`` (None without it): on a
    terminal a question (default no); without one the option is the answer, told on stderr."""
    from vier_phasen_cli.cli.kontext import sitzung

    if not sitzung(ctx).entsperren:
        return None
    if terminal is not None:
        gefragt = terminal

        def frage(was: str) -> bool:
            from rich.text import Text

            # The lock first, then a short question: a long one would wrap its "?" alone.
            gefragt.zeige(
                Text(f"{was}.\nNur aufheben, wenn dort sicher kein Gespräch mehr offen ist.")
            )
            return gefragt.ja_nein("Diese Sperre aufheben?", vorgabe=False)

        return frage

    def ohne_terminal(was: str) -> bool:
        from vier_phasen_cli.cli.ausgabe import melde

        melde(f"{was} aufgehoben (--entsperren).")
        return True

    return ohne_terminal


def pseudonyme(ablage: Ablage, an: bool) -> Pseudonymisierung | None:
    """For ``--pseudonym``: names, case IDs and file names as pseudonyms (None: all stay)."""
    if not an:
        return None
    from vier_phasen_cli.domain.pseudonym import Pseudonymisierung
    from vier_phasen_cli.storage.geheimnis import pseudonym_schluessel

    return Pseudonymisierung(pseudonym_schluessel(ablage.intern, ablage.rechte))


def fallfilter(
    fachkraft: str | None, rechtskreis: str | None, stichtag: date
) -> Callable[[Fallkopf], bool]:
    """The test for ``--fachkraft`` (a case of that Fachkraft, or under her Vertretung on
    ``stichtag``) and ``--rechtskreis``; a bad Rechtskreis is an error."""
    gesucht = rechtskreis_option(rechtskreis)
    name = None
    if fachkraft is not None:
        from vier_phasen_cli.domain.fristen import fachkraft_schluessel

        name = fachkraft_schluessel(fachkraft)

    def passt(fall: Fallkopf) -> bool:
        return (name is None or fall.zustaendig(name, stichtag)) and (
            gesucht is None or fall.rechtskreis == gesucht
        )

    return passt


def warne_bei_unbekannter_fachkraft(fachkraft: str | None, koepfe: Iterable[Fallkopf]) -> None:
    """A ``--fachkraft`` that no case names (as its Fachkraft or Vertretung) is most likely a
    typo: its empty report would read as "nothing due". Warn on stderr, with the closest
    names; the report itself stays as it is."""
    if fachkraft is None:
        return
    from vier_phasen_cli.cli.ausgabe import melde
    from vier_phasen_cli.cli.deutsch import naechste
    from vier_phasen_cli.domain.fristen import fachkraft_schluessel
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig

    namen: dict[str, str] = {}
    for kopf in koepfe:
        for name in (kopf.fachkraft, kopf.vertretung.fachkraft if kopf.vertretung else None):
            if name:
                namen.setdefault(fachkraft_schluessel(name), name)
    if fachkraft_schluessel(fachkraft) in namen:
        return
    text = (
        f"Warnung: Keine Fälle der Fachkraft „{sicher_einzeilig(fachkraft.strip())}“ in der Ablage."
    )
    nahe = naechste(fachkraft_schluessel(fachkraft), sorted(namen))
    if nahe:
        vorschlaege = " oder ".join(f"„{sicher_einzeilig(namen[n])}“" for n in nahe)
        text += f" Meinten Sie {vorschlaege}?"
    melde(text)


def rechtskreis_option(wert: str | None) -> str | None:
    """Parse ``--rechtskreis`` as people type it (``sgb2``, ``III``); a bad one is an error."""
    if wert is None:
        return None
    from vier_phasen_cli.domain.fall import lies_rechtskreis
    from vier_phasen_cli.fehler import VierPhasenFehler

    try:
        return lies_rechtskreis(wert)
    except ValueError as exc:
        raise VierPhasenFehler(f"Ungültiger Wert für --rechtskreis: {exc}") from None


def format_option(*formate: str) -> Any:
    """The ``--format/-f`` option of a command that prints data (Typer shows the default)."""
    return typer.Option("--format", "-f", help=f"Ausgabeformat: {', '.join(formate)}.")


def datum_option(wert: str | None, option: str, heute: date) -> date | None:
    """Parse a date option as SPEC §5 allows (ISO, TT.MM.JJJJ, heute, +N)."""
    if wert is None or not wert.strip():
        return None
    from vier_phasen_cli.domain.datum import DatumsFehler, lies_datum
    from vier_phasen_cli.fehler import VierPhasenFehler

    try:
        return lies_datum(wert, heute)
    except DatumsFehler as exc:
        raise VierPhasenFehler(f"Ungültiger Wert für {option}: {exc}") from None
