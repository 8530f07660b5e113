"""``vier-phasen statistik``: the caseload's structure as counts, for team leads (SPEC §13)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import (
    Ausgabe,
    Fachkraft,
    OhneCache,
    Rechtskreis,
    fallfilter,
    format_option,
    stichtag_option,
    warne_bei_unbekannter_fachkraft,
)

GEHEIMHALTUNG_HOECHSTENS = 1_000_000


def statistik(
    ctx: typer.Context,
    stichtag: Annotated[
        str | None, stichtag_option("Phasen, Überfälliges, Kontakte und Dauern zu diesem Tag")
    ] = None,
    fachkraft: Fachkraft = None,
    rechtskreis: Rechtskreis = None,
    format: Annotated[
        Literal["tabelle", "json", "csv", "markdown"],
        format_option("tabelle", "json", "csv", "markdown"),
    ] = "tabelle",
    geheimhaltung: Annotated[
        int | None,
        typer.Option(
            "--geheimhaltung",
            help="Anzahlen von 1 bis N−1 in den Gruppen verbergen („<N“, in JSON null): "
            "für Berichte, die das Team verlassen.",
            metavar="N",
        ),
    ] = None,
    ausgabe: Ausgabe = None,
    ohne_cache: OhneCache = False,
) -> int:
    """Die Struktur des Fallbestands in Zahlen: für Teamleitung und Qualitätssicherung.

    Aktive Fälle je Rechtskreis, Fachkraft, Phase, Integrationsprognose, Zieloption,
    Handlungsbedarf und Handlungsstrategie; abgeschlossene je Abschlussgrund; dazu
    Fälle ohne Vereinbarung, mit Überfälligem, ohne Kontakt, mit Fehlern und die
    Mediane der Dauer.

    Exit-Status: 0; 2, wenn eine Falldatei nicht lesbar ist (die übrigen werden trotzdem
    gezählt).
    """
    from vier_phasen_cli.cli.ausgabe import (
        fehlerliste,
        melde_fehler,
        schreibe_ausgabe,
        schreibe_zeilen,
        textformat,
    )
    from vier_phasen_cli.cli.befehl_pruefen import auswahl_der_ablage
    from vier_phasen_cli.cli.fortschritt import fortschrittsanzeige
    from vier_phasen_cli.cli.optionen import datum_option, rechtskreis_option
    from vier_phasen_cli.domain.befund import Pruefkontext
    from vier_phasen_cli.domain.regeln import REGELWERK
    from vier_phasen_cli.domain.statistik import Statistikfall, zaehle
    from vier_phasen_cli.fehler import EXIT_EINGABE, VierPhasenFehler
    from vier_phasen_cli.render import statistikbericht as darstellung
    from vier_phasen_cli.storage.lesen import lesbare
    from vier_phasen_cli.storage.pruefung import hat_fehler, lies_mit_befunden

    if geheimhaltung is not None and not 1 <= geheimhaltung <= GEHEIMHALTUNG_HOECHSTENS:
        raise VierPhasenFehler(
            f"--geheimhaltung muss eine ganze Zahl von 1 bis {GEHEIMHALTUNG_HOECHSTENS} sein",
            hinweis="Zum Beispiel --geheimhaltung 3: Anzahlen 1 und 2 erscheinen als „<3“.",
        )
    s = sitzung(ctx)
    s.zwischenspeicher = not ohne_cache
    ablage = s.ablage()
    tag = datum_option(stichtag, "--stichtag", s.heute()) or s.heute()
    passt = fallfilter(fachkraft, rechtskreis, tag)
    kataloge = s.kataloge()
    kontakt_tage = ablage.einstellungen.kontakt_tage
    auswahl = auswahl_der_ablage(ablage)
    eintraege = lies_mit_befunden(
        ablage,
        REGELWERK,
        Pruefkontext(kataloge, tag, kontakt_tage),
        merkmale=True,
        mit_cache=not ohne_cache,
        fortschritt=fortschrittsanzeige(format == "tabelle"),
    )
    faelle, fehler = lesbare(eintraege)
    warne_bei_unbekannter_fachkraft(fachkraft, (e.kopf for e in faelle if e.kopf is not None))
    zahlen = zaehle(
        (
            Statistikfall(e.kopf, e.merkmale, e.fristen, hat_fehler(e, REGELWERK, auswahl))
            for e in faelle
            if e.kopf is not None and e.merkmale is not None and passt(e.kopf)
        ),
        tag,
        kontakt_tage,
        kataloge,
    )
    gefiltert = []
    if fachkraft is not None:
        gefiltert.append(f"Fachkraft {' '.join(fachkraft.split())}")
    if rechtskreis is not None:
        gefiltert.append(str(rechtskreis_option(rechtskreis)))

    if format == "json":
        schreibe_ausgabe(darstellung.als_json(zahlen, geheimhaltung), ausgabe)
    elif format == "csv":
        text = darstellung.als_csv(zahlen, kataloge, kontakt_tage, geheimhaltung)
        schreibe_ausgabe(text, ausgabe)
    elif format == "markdown":
        from vier_phasen_cli.render.vorlagen import umgebung

        env = umgebung(ablage.vorlagen)
        text = darstellung.als_markdown(
            env,
            zahlen,
            kataloge,
            kontakt_tage,
            geheimhaltung,
            gefiltert,
            fehlerliste(fehler, ablage.relativ),
            dict(ablage.einstellungen.dienststelle),
        )
        schreibe_ausgabe(text, ausgabe)
    else:
        breite, _ = textformat(ausgabe)
        zeilen = darstellung.als_tabellen(
            zahlen, kataloge, kontakt_tage, geheimhaltung, gefiltert, breite
        )
        schreibe_zeilen(zeilen, ausgabe)
    for kaputte in fehler:
        melde_fehler(kaputte)
    return EXIT_EINGABE if fehler else 0


def registriere(app: typer.Typer) -> None:
    app.command("statistik")(statistik)
