"""``vier-phasen faellig``: what is due and overdue across all cases."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import (
    Ausgabe,
    Fachkraft,
    OhneCache,
    Pseudonym,
    Rechtskreis,
    fallfilter,
    format_option,
    stichtag_option,
    warne_bei_unbekannter_fachkraft,
)

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fristen import Berichtszeile


def faellig(
    ctx: typer.Context,
    stichtag: Annotated[
        str | None,
        stichtag_option("von diesem Tag aus wird gerechnet, was fällig und überfällig ist"),
    ] = None,
    tage: Annotated[
        int | None,
        typer.Option(
            "--tage",
            help="Vorausschau in Tagen: so weit voraus gilt etwas als fällig "
            "(Vorgabe: [faellig] tage in vier-phasen.toml, sonst 14).",
            metavar="N",
        ),
    ] = None,
    alle: Annotated[
        bool, typer.Option("--alle", help="Auch spätere Fristen zeigen (Status „geplant“).")
    ] = False,
    je_fall: Annotated[
        bool,
        typer.Option(
            "--je-fall", help="Je Fall nur die früheste Frist: was steht als Nächstes an."
        ),
    ] = False,
    fachkraft: Fachkraft = None,
    rechtskreis: Rechtskreis = None,
    art: Annotated[
        str | None,
        typer.Option(
            "--art",
            help="Nur diese Arten, durch Komma getrennt: folgegespraech, "
            "vereinbarung-abschliessen, vereinbarung-ueberpruefen, absolventengespraech, "
            "eigenbemuehung, zwischenziel, aktivitaet, potenzialanalyse-nachholen, "
            "wiedervorlage.",
            metavar="ARTEN",
        ),
    ] = None,
    nur_ueberfaellig: Annotated[
        bool, typer.Option("--nur-ueberfaellig", help="Nur überfällige Fristen zeigen.")
    ] = False,
    format: Annotated[
        Literal["tabelle", "json", "csv", "markdown", "ics", "pdf"],
        format_option("tabelle", "json", "csv", "markdown", "ics", "pdf"),
    ] = "tabelle",
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit-Status 1, wenn etwas überfällig ist (für cron)."),
    ] = False,
    ausgabe: Ausgabe = None,
    ohne_cache: OhneCache = False,
    pseudonym: Pseudonym = False,
) -> int:
    """Fällige und überfällige Fristen aller Fälle.

    Folgegespräche, Vereinbarungen, Absolventengespräche, Eigenbemühungen,
    Zwischenziele, Aktivitäten, das Ende von Ausnahmen nach Anlage 1 und eigene
    Wiedervorlagen.

    Exit-Status: 0; mit --exit-code 1, wenn etwas überfällig ist; 2, wenn eine Falldatei
    nicht lesbar ist (die übrigen werden trotzdem berichtet).
    """
    from vier_phasen_cli.cli.ausgabe import (
        fehlerliste,
        melde_fehler,
        schreibe_ausgabe,
        schreibe_zeilen,
        textformat,
    )
    from vier_phasen_cli.cli.fortschritt import fortschrittsanzeige
    from vier_phasen_cli.cli.optionen import datum_option, pseudonyme
    from vier_phasen_cli.domain.fristen import (
        ART_NAMEN,
        VORAUSSCHAU_HOECHSTENS,
        Fallkopf,
        Frist,
        bericht,
        letzter_tag,
        vorausschau_gueltig,
    )
    from vier_phasen_cli.fehler import EXIT_BEFUNDE, EXIT_EINGABE, VierPhasenFehler
    from vier_phasen_cli.render import faelligbericht as darstellung
    from vier_phasen_cli.storage.lesen import lesbare, lies_alle

    s = sitzung(ctx)
    s.zwischenspeicher = not ohne_cache
    ablage = s.ablage()
    if format == "pdf":  # refused before the work, not after
        from vier_phasen_cli.cli.ausgabe import pruefe_binaerziel
        from vier_phasen_cli.render.pdf import pruefe_erweiterung

        pruefe_erweiterung()
        pruefe_binaerziel(ausgabe)
    tag = datum_option(stichtag, "--stichtag", s.heute()) or s.heute()
    vorausschau = ablage.einstellungen.tage if tage is None else tage
    if not vorausschau_gueltig(vorausschau):
        raise VierPhasenFehler(
            f"--tage muss eine ganze Zahl von 0 bis {VORAUSSCHAU_HOECHSTENS} sein",
            hinweis="Alle späteren Fristen zeigt --alle.",
        )
    arten = None
    if art is not None:
        from vier_phasen_cli.cli.deutsch import als_wert, meinten_sie

        genannt = [a.strip() for a in art.split(",") if a.strip()]
        arten = {als_wert(a) for a in genannt}  # "folgegespräch" is folgegespraech
        unbekannt = [a for a in genannt if als_wert(a) not in ART_NAMEN]
        if unbekannt or not arten:
            vorschlag = meinten_sie(unbekannt[0], ART_NAMEN) if unbekannt else ""
            raise VierPhasenFehler(
                f"Unbekannte Art für --art: {', '.join(unbekannt) or '(leer)'}",
                hinweis=f"{vorschlag} Erlaubt: {', '.join(ART_NAMEN)}.".lstrip(),
            )
    passt = fallfilter(fachkraft, rechtskreis, tag)
    # Only the items due by the last day reported are read from the cache's date index.
    bis = letzter_tag(tag, vorausschau, alle=alle, nur_ueberfaellig=nur_ueberfaellig)
    eintraege = lies_alle(
        ablage,
        s.kataloge(),
        tag,
        zeilen=False,
        fristen=bis,
        mit_cache=not ohne_cache,
        fortschritt=fortschrittsanzeige(format == "tabelle"),
    )
    faelle, fehler = lesbare(eintraege)
    warne_bei_unbekannter_fachkraft(fachkraft, (e.kopf for e in faelle if e.kopf is not None))
    ersetze = pseudonyme(ablage, pseudonym)

    def fall(k: Fallkopf, fristen: tuple[Frist, ...]) -> tuple[Fallkopf, Sequence[Frist]]:
        if ersetze is None:
            return k, fristen
        return ersetze.kopf(k), [ersetze.frist(f) for f in fristen]

    zeilen = bericht(
        (fall(e.kopf, e.fristen) for e in faelle if e.kopf is not None and passt(e.kopf)),
        tag,
        vorausschau,
        alle=alle,
        nur_ueberfaellig=nur_ueberfaellig,
        arten=arten,
        je_fall=je_fall,
    )
    kaputt = fehlerliste(fehler, ablage.relativ)
    if ersetze is not None:
        kaputt = ersetze.fehlerliste(kaputt)

    if format == "json":
        schreibe_ausgabe(darstellung.als_json(tag, vorausschau, zeilen, kaputt), ausgabe)
    elif format == "csv":
        schreibe_ausgabe(darstellung.als_csv(zeilen), ausgabe)
    elif format == "ics":
        schreibe_ausgabe(darstellung.als_ics(zeilen, tag), ausgabe)
    elif format in ("markdown", "pdf"):
        from vier_phasen_cli.render.vorlagen import umgebung

        env = umgebung(ablage.vorlagen)
        dienststelle = dict(ablage.einstellungen.dienststelle)
        text = darstellung.als_markdown(
            env,
            tag,
            vorausschau,
            zeilen,
            kaputt,
            dienststelle,
            briefkopf=format == "pdf",
            nur_ueberfaellig=nur_ueberfaellig,
        )
        if format == "pdf":
            from vier_phasen_cli.cli.ausgabe import schreibe_binaer
            from vier_phasen_cli.domain.datum import deutsch
            from vier_phasen_cli.render.pdf import Druckangaben, setze_pdf

            angaben = Druckangaben(f"Fristen zum {deutsch(tag)}", tag, dienststelle)
            schreibe_binaer(setze_pdf(text, angaben), ausgabe)
        else:
            schreibe_ausgabe(text, ausgabe)
    else:
        breite, farbe = textformat(ausgabe)
        tabelle = _tabelle(zeilen, tag, vorausschau, nur_ueberfaellig, breite, farbe)
        schreibe_zeilen(tabelle, ausgabe)
    for kaputte in fehler:
        melde_fehler(kaputte)
    if fehler:
        return EXIT_EINGABE
    if exit_code and any(z.status == "ueberfaellig" for z in zeilen):
        return EXIT_BEFUNDE
    return 0


def _tabelle(
    zeilen: Sequence[Berichtszeile],
    tag: date,
    vorausschau: int,
    nur_ueberfaellig: bool,
    breite: int,
    farbe: bool,
) -> Iterator[str]:
    """The report for people: the table, then a blank line and the summary."""
    from vier_phasen_cli.domain.datum import deutsch
    from vier_phasen_cli.render import faelligbericht as darstellung
    from vier_phasen_cli.render.tabelle import umbrechen

    if zeilen:
        yield from darstellung.als_tabelle(zeilen, breite, farbe)
    elif nur_ueberfaellig:
        yield f"Keine überfälligen Fristen am {deutsch(tag)}."
    else:
        yield f"Keine Fristen bis {deutsch(tag)} + {vorausschau} Tage."
    yield ""
    summe = darstellung.zusammenfassung(zeilen, tag, vorausschau, nur_ueberfaellig)
    yield from umbrechen(summe, breite)


def registriere(app: typer.Typer) -> None:
    app.command("faellig")(faellig)
