"""The one path of every command that changes a case (SPEC §10): flags and answers files in,
the wizard machinery (lock, draft, questions, atomic conflict-checked save) in between, the
saved case out.

Flags are answers: they are put over an answers file (``--antworten``) and go through the
same checks as a typed answer. On a terminal what is missing is asked; without one every
missing answer is listed in one error (exit 2).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung

if TYPE_CHECKING:
    from vier_phasen_cli.wizard.ablauf import Assistent

Datum = Annotated[
    str | None,
    typer.Option("--datum", help="Datum der Änderung (Vorgabe: heute).", metavar="DATUM"),
]


def notiz_option(wozu: str) -> Any:
    """``--notiz``; ``wozu`` says what the note is kept with."""
    return typer.Option("--notiz", help=f"Notiz {wozu} (optional).", metavar="TEXT")


Antworten = Annotated[
    str | None,
    typer.Option(
        "--antworten",
        help="Angaben aus einer YAML- oder JSON-Datei („-“: Standardeingabe); Optionen gehen vor.",
        metavar="DATEI",
    ),
]
Format = Annotated[
    Literal["text", "json"],
    typer.Option(
        "--format",
        help="json: den gespeicherten Fall als JSON ausgeben (wie „zeige --format json“).",
    ),
]


def zusammen(antworten: Mapping[str, Any], flaggen: Mapping[str, Any]) -> dict[str, Any]:
    """``flaggen`` over ``antworten``, section by section (a flag left out is None: not given)."""
    ergebnis = dict(antworten)
    for k, v in flaggen.items():
        if v is None:
            continue
        if isinstance(v, Mapping):
            # A section of flags all left out is no answer: it must not turn into an empty
            # section (a given section answers its optional questions with "nothing").
            alt = ergebnis.get(k)
            innen = zusammen(alt if isinstance(alt, Mapping) else {}, v)
            if innen or isinstance(alt, Mapping):
                ergebnis[k] = innen
        else:
            ergebnis[k] = v
    return ergebnis


def fuehre_aenderung(
    ctx: typer.Context,
    assistent: Assistent,
    fall_id: str,
    *,
    flaggen: Mapping[str, Any],
    antworten_quelle: str | None,
    modell: Any,
    datum: str | None,
    format: str = "text",
) -> int:
    """Run the change ``assistent`` on case ``fall_id``; the exit status."""
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, bestaetige, json_text, schreibe_ausgabe
    from vier_phasen_cli.cli.optionen import datum_option, entsperr_frage
    from vier_phasen_cli.storage.faelle import lade_fall
    from vier_phasen_cli.wizard.ablauf import pruefe_geschehen, starte
    from vier_phasen_cli.wizard.antworten import lies_antworten
    from vier_phasen_cli.wizard.terminal import Terminal

    s = sitzung(ctx)
    ablage = s.ablage()
    kataloge = s.kataloge()
    heute = s.heute()
    tag = datum_option(datum, "--datum", heute)
    pruefe_geschehen(assistent, tag or heute, heute)
    quelle = antworten_quelle
    antworten = lies_antworten(quelle, modell, assistent.name, mit_schema=False) if quelle else {}
    antworten = zusammen(antworten, flaggen)
    interaktiv = antworten_quelle != "-" and sys.stdin.isatty() and sys.stdout.isatty()
    terminal = Terminal() if interaktiv else None
    gespeichert = starte(
        assistent, ablage, kataloge, fall_id,
        datum=tag, heute=heute, antworten=antworten, terminal=terminal, jetzt=s.jetzt(),
        entsperren=entsperr_frage(ctx, terminal),
    )  # fmt: skip
    if gespeichert is None:
        return 0
    if not gespeichert.geaendert:
        bestaetige(f"{assistent.titel}: Keine Änderung; Fall {fall_id} bleibt, wie er ist")
    if format == "json":
        fall = lade_fall(gespeichert.pfad, kataloge).fall
        schreibe_ausgabe(json_text(fall.model_dump(mode="json")), None)
    elif gespeichert.geaendert:
        bestaetige(
            f"{assistent.titel}: Fall {fall_id} gespeichert ({anzeige_pfad(gespeichert.pfad)})"
        )
    return 0


def melde_befunde_nach_dem_speichern(ablage: Any, kataloge: Any, pfad: Any, tag: Any) -> None:
    """A script sees no summary: what ``pruefen`` would now say of the saved case goes to
    stderr (counts, and each error-level finding), with the workspace's rule selection;
    nothing when there are none (silence in a script is good news)."""
    from vier_phasen_cli.cli.ausgabe import melde
    from vier_phasen_cli.cli.befehl_pruefen import auswahl_der_ablage
    from vier_phasen_cli.domain.befund import Pruefkontext
    from vier_phasen_cli.domain.regeln import REGELWERK
    from vier_phasen_cli.render.befunde import befundzahlen
    from vier_phasen_cli.storage import yamldatei
    from vier_phasen_cli.storage.pruefung import befunde_im_dokument

    auswahl = auswahl_der_ablage(ablage)
    kontext = Pruefkontext(kataloge, tag, ablage.einstellungen.kontakt_tage)
    dokument = yamldatei.lade(pfad)
    schweren = []
    fehler = []
    for b in befunde_im_dokument(dokument, ablage.relativ(pfad), REGELWERK, kontext):
        if not auswahl.gilt(b.code):
            continue
        schwere = auswahl.schwere_von(b.code, b.schwere)
        schweren.append(schwere)
        if schwere == "fehler":
            fehler.append(f"  {b.datei}:{b.zeile}: {b.code} fehler: {b.meldung}")
    if not schweren:
        return
    melde(
        f"Befunde des gespeicherten Falls: {befundzahlen(schweren)} "
        f"(alle: vier-phasen pruefen {pfad.stem})"
    )
    for zeile in fehler:
        melde(zeile)
