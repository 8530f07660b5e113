"""``vier-phasen dokument``: the agreement, a Beratungsvermerk or the Auskunft as Markdown
or, typeset from that Markdown, as PDF (SPEC §12)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import Ausgabe, format_option

if TYPE_CHECKING:
    from vier_phasen_cli.storage.faelle import GelesenerFall


def dokument(
    ctx: typer.Context,
    fall_id: Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")],
    art: Annotated[
        Literal["vereinbarung", "beratungsvermerk", "auskunft"],
        typer.Argument(
            help="vereinbarung (Eingliederungsvereinbarung, Teilhabeplan-Hinweis oder "
            "Kooperationsplan), beratungsvermerk (ein Gespräch) oder auskunft "
            "(alles Gespeicherte).",
            metavar="ART",
        ),
    ],
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="beratungsvermerk: das Gespräch dieses Tages (Vorgabe: das letzte); sonst "
            "Datum des Dokuments und Stichtag der Prüfung (Vorgabe: heute).",
            metavar="DATUM",
        ),
    ] = None,
    entwurf: Annotated[
        bool,
        typer.Option(
            "--entwurf", help="Auch mit fehlenden Angaben erzeugen, sichtbar als ENTWURF markiert."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Eine vorhandene Ausgabedatei überschreiben.")
    ] = False,
    format: Annotated[Literal["markdown", "pdf"], format_option("markdown", "pdf")] = "markdown",
    ausgabe: Ausgabe = None,
) -> int:
    """Vereinbarung, Beratungsvermerk oder Auskunft als Markdown oder PDF (zum Drucken).

    Solange die Vereinbarung Fehler hat (siehe pruefen), wird sie nicht erzeugt, sondern die
    fehlenden Angaben werden aufgelistet (Exit-Status 1); --entwurf erzeugt sie trotzdem,
    deutlich als ENTWURF markiert.

    --format pdf setzt dasselbe Markdown als PDF zum Drucken (A4, Briefkopf, „Seite X von Y“);
    ohne -o geht es nur in eine Umleitung oder Pipe, nie auf den Bildschirm. Dafür wird das
    Zusatzpaket vier-phasen[pdf] gebraucht.
    """
    from vier_phasen_cli.cli.ausgabe import schreibe_ausgabe
    from vier_phasen_cli.cli.optionen import datum_option
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.render import dokumente
    from vier_phasen_cli.render.vorlagen import rendere, umgebung
    from vier_phasen_cli.storage.faelle import lies_fall_nach_id

    s = sitzung(ctx)
    ablage = s.ablage()
    kataloge = s.kataloge()
    # Refused before the work, not after.
    if format == "pdf":
        from vier_phasen_cli.cli.ausgabe import pruefe_binaerziel
        from vier_phasen_cli.render.pdf import pruefe_erweiterung

        pruefe_erweiterung()
        pruefe_binaerziel(ausgabe, ueberschreiben=force)
    elif ausgabe is not None:
        from vier_phasen_cli.storage.ausgabeziel import pruefe_ziel

        pruefe_ziel(ausgabe, ueberschreiben=force)
    gelesen = lies_fall_nach_id(ablage, fall_id, kataloge, weitere_angaben=True)
    fall = gelesen.fall
    tag = datum_option(datum, "--datum", s.heute())
    stichtag = tag or s.heute()
    gespraech = None
    if art == "beratungsvermerk":
        gespraech = dokumente.gespraech_am(fall, tag)
        if gespraech is None:
            wann = f" am {tag:%d.%m.%Y}" if tag else ""
            raise VierPhasenFehler(
                f"Im Fall {fall.id} ist kein Gespräch{wann} dokumentiert",
                datei=gelesen.pfad,
                hinweis=f"Die Gespräche des Falls zeigt „vier-phasen zeige {fall.id}“; "
                "einen Vermerk wählt --datum.",
            )
        stichtag = gespraech.datum
    elif art == "vereinbarung":
        offen = _offene_fehler(ctx, gelesen, stichtag)
        if offen and not entwurf:
            from vier_phasen_cli.cli.ausgabe import melde

            name = dokumente.vereinbarungsname(fall)
            artikel = "Die" if name.endswith("vereinbarung") else "Der"
            melde(f"{artikel} {name} kann noch nicht erstellt werden. Es fehlt:")
            for zeile in offen:
                melde(f"  {zeile}")
            melde("Mit --entwurf entsteht ein als ENTWURF markierter Stand.")
            return 1

    env = umgebung(
        ablage.vorlagen,
        {"bezeichnung": lambda code, katalog: kataloge[katalog].bezeichnung(code)},
    )
    kontext = dokumente.kontext(
        art,
        fall,
        kataloge,
        datum=stichtag,
        entwurf=entwurf,
        dienststelle=ablage.einstellungen.dienststelle,
        rohdaten=gelesen.daten,
        gespraech=gespraech,
    )
    vorlage = dokumente.vorlage_fuer(art, fall, kataloge, stichtag)
    text = str(rendere(env, vorlage, kontext))
    text = dokumente.mit_rechtsstand_hinweis(text, kontext["rechtsstand"])
    if ausgabe is not None and ablage.dokumentordner(ausgabe):
        from vier_phasen_cli.cli.ausgabe import melde

        melde("Ordner dokumente/ der Ablage für das Team freigegeben (2770).")
    if format == "pdf":
        from vier_phasen_cli.cli.ausgabe import schreibe_binaer
        from vier_phasen_cli.render.pdf import Druckangaben, setze_pdf

        angaben = Druckangaben(
            titel=dokumente.titel(art, fall),
            datum=dokumente.dokumentdatum(art, fall, stichtag),
            dienststelle=ablage.einstellungen.dienststelle,
            entwurf=entwurf,
        )
        schreibe_binaer(
            setze_pdf(text, angaben), ausgabe, ueberschreiben=force, rechte=ablage.rechte
        )
    else:
        schreibe_ausgabe(text, ausgabe, ueberschreiben=force, rechte=ablage.rechte)
    return 0


def _offene_fehler(ctx: typer.Context, gelesen: GelesenerFall, stichtag: date) -> list[str]:
    """What keeps the agreement from being complete: error-level findings about its content
    (as report lines), or that there is none to render at all."""
    from vier_phasen_cli.cli.befehl_pruefen import auswahl_der_ablage
    from vier_phasen_cli.domain.befund import Befund, Pruefkontext
    from vier_phasen_cli.domain.regeln import REGELWERK
    from vier_phasen_cli.render.dokumente import BLOCKIERENDE_REGELN
    from vier_phasen_cli.storage.pruefung import ausgewaehlt, befunde_der_daten

    s = sitzung(ctx)
    ablage = s.ablage()
    kontext = Pruefkontext(s.kataloge(), stichtag, ablage.einstellungen.kontakt_tage)
    datei = ablage.relativ(gelesen.pfad)
    befunde = ausgewaehlt(
        befunde_der_daten(gelesen.daten, gelesen.zeilen, gelesen.pfad, datei, REGELWERK, kontext),
        auswahl_der_ablage(ablage),
    )
    zeilen = [
        f"{b.datei}:{b.zeile}: {b.code} {b.meldung}"
        + (f"  [{b.fundstelle}]" if b.fundstelle else "")
        for b in sorted(befunde, key=Befund.sortierschluessel)
        if b.schwere == "fehler" and b.code.startswith(BLOCKIERENDE_REGELN)
    ]
    fall = gelesen.fall
    if fall.vereinbarung is None and not zeilen:
        if fall.rechtskreis == "SGB II" and fall.aufstocker:
            grund = "Aufstockende Personen benötigen keinen Kooperationsplan (3.4.2)"
        else:
            grund = "Es ist noch keine Vereinbarung erfasst (Abschnitt vereinbarung)"
        zeilen.append(f"{datei}: {grund}")
    return zeilen


def registriere(app: typer.Typer) -> None:
    app.command("dokument")(dokument)
