"""``vier-phasen erstgespraech`` and ``vier-phasen folgegespraech``: the wizards (SPEC §6)."""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import EntsperrenOption

if TYPE_CHECKING:
    from collections.abc import Callable

    from vier_phasen_cli.wizard.ablauf import Assistent

Datum = Annotated[
    str | None,
    typer.Option(
        "--datum",
        help="Datum des Erstgesprächs (Vorgabe: heute); datiert Potenzialanalyse, Vereinbarung "
        "und Beratungsvermerk.",
        metavar="DATUM",
    ),
]
FolgeDatum = Annotated[
    str | None,
    typer.Option(
        "--datum",
        help="Datum des Gesprächs (Vorgabe: heute); datiert den Beratungsvermerk und was im "
        "Gespräch geändert wird.",
        metavar="DATUM",
    ),
]
Antworten = Annotated[
    str | None,
    typer.Option(
        "--antworten",
        help="Antworten aus einer YAML- oder JSON-Datei („-“: Standardeingabe); was fehlt, "
        "wird im Terminal erfragt, ohne Terminal als Fehler gemeldet.",
        metavar="DATEI",
    ),
]
Schema = Annotated[
    bool, typer.Option("--schema", help="Das JSON-Schema der Antwortdatei ausgeben.")
]


def erstgespraech(
    ctx: typer.Context,
    fall_id: Annotated[
        str | None,
        typer.Argument(
            help="Fall-ID; gibt es den Fall noch nicht, wird er angelegt.",
            metavar="ID",
        ),
    ] = None,
    datum: Datum = None,
    antworten: Antworten = None,
    entsperren: EntsperrenOption = False,
    schema: Schema = False,
) -> int:
    """Das Erstgespräch durch alle vier Phasen.

    Stammdaten (bei neuem Fall), Potenzialanalyse, Ziel, Strategien,
    Eingliederungsvereinbarung bzw. Kooperationsplan, nächster Termin und Beratungsvermerk.
    """
    if schema:
        from vier_phasen_cli.wizard.antworten import ErstgespraechAntworten

        return _schema(ErstgespraechAntworten)
    from vier_phasen_cli.wizard import erstgespraech as eg
    from vier_phasen_cli.wizard.ablauf import Assistent

    assistent = Assistent(
        "erstgespraech", "Erstgespräch", "erstgespraech", eg.PHASEN, eg.fuehre, neu_erlaubt=True
    )
    return _lauf(ctx, assistent, fall_id, datum, antworten, "ErstgespraechAntworten")


def folgegespraech(
    ctx: typer.Context,
    fall_id: Annotated[str | None, typer.Argument(help="Fall-ID.", metavar="ID")] = None,
    anlass: Annotated[
        Literal["folgegespraech", "absolventengespraech"],
        typer.Option(
            "--anlass",
            help="absolventengespraech: das Gespräch zum Teilnahmeende einer Maßnahme (3.3.3).",
        ),
    ] = "folgegespraech",
    datum: FolgeDatum = None,
    antworten: Antworten = None,
    entsperren: EntsperrenOption = False,
    schema: Schema = False,
) -> int:
    """Ein Folgegespräch oder Absolventengespräch.

    Der Fall auf einen Blick, die vier Aktivitäten mit Änderungen, Integrationsprognose,
    nächster Termin und Beratungsvermerk.
    """
    if schema:
        from vier_phasen_cli.wizard.antworten import FolgegespraechAntworten

        return _schema(FolgegespraechAntworten)
    return _lauf(ctx, None, fall_id, datum, antworten, "FolgegespraechAntworten", anlass=anlass)


def _schema(modell: Any) -> int:
    from vier_phasen_cli.cli.ausgabe import json_text, schreibe_ausgabe
    from vier_phasen_cli.wizard.antworten import schema

    schreibe_ausgabe(json_text(schema(modell)), None)
    return 0


def _lauf(
    ctx: typer.Context,
    assistent: Assistent | None,
    fall_id: str | None,
    datum: str | None,
    antworten_quelle: str | None,
    modell: str,
    anlass: str = "folgegespraech",
) -> int:
    """Run a conversation's wizard; ``modell`` names its answers' model in wizard/antworten
    (a pydantic model, loaded only to read an answers file: a terminal's first question
    comes without it)."""
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, bestaetige
    from vier_phasen_cli.cli.optionen import datum_option, entsperr_frage
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.wizard.ablauf import starte
    from vier_phasen_cli.wizard.terminal import Terminal

    befehl = "erstgespraech" if modell.startswith("Erst") else "folgegespraech"
    if fall_id is None:
        raise VierPhasenFehler(
            "Argument ID fehlt.", hinweis=f"Beispiel: vier-phasen {befehl} 4711A000123"
        )
    s = sitzung(ctx)
    ablage = s.ablage()
    kataloge = s.kataloge()
    gegeben = datum_option(datum, "--datum", s.heute())
    fall = None
    nachpruefung = None
    if assistent is None:  # the Folgegespräch: its answers name the case's entries
        from vier_phasen_cli.storage.faelle import lade_fall_nach_id
        from vier_phasen_cli.wizard.verschmelzen import fehlende_angaben

        fall = lade_fall_nach_id(ablage, fall_id, kataloge).fall
        bestand = fall.model_dump(exclude_unset=True)
        nachpruefung = partial(fehlende_angaben, bestand)
    antworten = (
        _lies_antworten(antworten_quelle, modell, befehl, nachpruefung) if antworten_quelle else {}
    )
    interaktiv = antworten_quelle != "-" and sys.stdin.isatty() and sys.stdout.isatty()
    terminal = Terminal() if interaktiv else None
    produkt = None
    if assistent is None:
        assistent, produkt = _folgegespraech(
            ablage, kataloge, fall_id, anlass, terminal, antworten, fall
        )
    gespeichert = starte(
        assistent,
        ablage,
        kataloge,
        fall_id,
        datum=gegeben,
        heute=s.heute(),
        jetzt=s.jetzt(),
        antworten=antworten,
        terminal=terminal,
        produkt=produkt,
        entsperren=entsperr_frage(ctx, terminal),
    )
    if gespeichert is None:
        return 0
    bestaetige(
        f"{assistent.titel} für Fall {fall_id} gespeichert: {anzeige_pfad(gespeichert.pfad)}"
    )
    if terminal is not None:
        _angebot_dokument(ctx, fall_id, gespeichert.datum, terminal)
    else:  # the terminal showed the findings before saving; a script sees them now
        from vier_phasen_cli.cli.aenderung import melde_befunde_nach_dem_speichern

        melde_befunde_nach_dem_speichern(ablage, kataloge, gespeichert.pfad, gespeichert.datum)
    return 0


def _lies_antworten(
    quelle: str, modell: str, befehl: str, nachpruefung: Callable[..., Any] | None
) -> dict[str, Any]:
    from vier_phasen_cli.wizard import antworten

    return antworten.lies_antworten(
        quelle, getattr(antworten, modell), befehl, nachpruefung=nachpruefung
    )


def _folgegespraech(
    ablage: Any,
    kataloge: Any,
    fall_id: str,
    anlass: str,
    terminal: Any,
    antworten: dict[str, Any],
    fall: Any = None,
) -> tuple[Assistent, str | None]:
    """The Folgegespräch's wizard, bound to the case it runs on (its questions start from it;
    ``fall``: the case as loaded already, else it is loaded here)."""
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage.faelle import lade_fall_nach_id
    from vier_phasen_cli.wizard import folgegespraech as fg
    from vier_phasen_cli.wizard.ablauf import Assistent
    from vier_phasen_cli.wizard.terminal import Wahl

    if fall is None:
        fall = lade_fall_nach_id(ablage, fall_id, kataloge).fall
    produkt = None
    anliegen = "Folgegespräch"
    if anlass == "absolventengespraech":
        mit_ende = [p.bezeichnung for p in fall.produkte if p.ende or p.austritt]
        if not mit_ende:
            raise VierPhasenFehler(f"Fall {fall_id} hat keine Maßnahme mit Teilnahmeende")
        produkt = (antworten.get("gespraech") or {}).get("produkt")
        if produkt is None:
            if len(mit_ende) == 1 or terminal is None:
                produkt = mit_ende[-1]
            else:
                produkt = terminal.auswahl("Zu welcher Maßnahme?", [Wahl(m, m) for m in mit_ende])
        anliegen = f"Absolventengespräch zum Teilnahmeende: {produkt}"

    def fuehre(b: Any, k: Any, lage: Any, erg: Any, nur: Any) -> None:
        fg.fuehre(fall, b, k, lage, erg, nur, anliegen=anliegen)

    titel = "Absolventengespräch" if anlass == "absolventengespraech" else "Folgegespräch"
    return Assistent("folgegespraech", titel, anlass, fg.PHASEN, fuehre, neu_erlaubt=False), produkt


DOKUMENT_FRAGE = "Vereinbarung jetzt als Dokument erzeugen?"


def dokument_angebot(terminal: Any, mit_pdf: bool) -> Literal["pdf", "markdown"] | None:
    """After saving: in which format the caseworker wants the agreement – ``"pdf"`` (the
    first choice: the EinV is signed on paper, the Kooperationsplan handed over),
    ``"markdown"`` or None. Without the ``pdf`` extra only yes (Markdown) or no."""
    from vier_phasen_cli.wizard.terminal import Wahl

    if not mit_pdf:
        return "markdown" if terminal.ja_nein(DOKUMENT_FRAGE, vorgabe=True) else None
    wahlen = [
        Wahl("Ja, als PDF zum Drucken", "pdf"),
        Wahl("Ja, als Markdown (zum Bearbeiten)", "markdown"),
        Wahl("Nein", None),
    ]
    antwort: Literal["pdf", "markdown"] | None = terminal.auswahl(DOKUMENT_FRAGE, wahlen)
    return antwort


def _angebot_dokument(ctx: typer.Context, fall_id: str, tag: Any, terminal: Any) -> None:
    """After saving: offer the agreement as a document (into the workspace's dokumente/,
    which ``dokument`` makes with the workspace's modes); ``dokument`` reports the one
    "Geschrieben: …" line."""
    from vier_phasen_cli.render.pdf import erweiterung_vorhanden
    from vier_phasen_cli.storage.ablage import DOKUMENTE

    format = dokument_angebot(terminal, erweiterung_vorhanden())
    if format is None:
        return
    ablage = sitzung(ctx).ablage()
    endung = "pdf" if format == "pdf" else "md"
    ziel = ablage.wurzel / DOKUMENTE / f"{fall_id}-vereinbarung-{tag:%Y-%m-%d}.{endung}"
    from vier_phasen_cli.cli.befehl_dokument import dokument

    dokument(
        ctx, fall_id=fall_id, art="vereinbarung", datum=tag.isoformat(), entwurf=False,
        force=True, format=format, ausgabe=ziel,
    )  # fmt: skip


def registriere(app: typer.Typer) -> None:
    app.command("erstgespraech")(erstgespraech)
    app.command("folgegespraech")(folgegespraech)
