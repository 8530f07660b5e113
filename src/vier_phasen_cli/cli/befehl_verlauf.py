"""``vier-phasen verlauf`` and ``vier-phasen rueckgaengig``: a case's history in git mode."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.cli.optionen import Ausgabe, EntsperrenOption, entsperr_frage, format_option

if TYPE_CHECKING:
    from vier_phasen_cli.render.verlaufsbericht import Verlaufseintrag
    from vier_phasen_cli.storage.ablage import Ablage

FallId = Annotated[str, typer.Argument(help="Fall-ID.", metavar="ID")]


def verlauf(
    ctx: typer.Context,
    fall_id: FallId,
    format: Annotated[Literal["text", "json"], format_option("text", "json")] = "text",
    diff: Annotated[
        bool, typer.Option("--diff", help="Zu jeder Version auch die geänderten YAML-Zeilen.")
    ] = False,
    ausgabe: Ausgabe = None,
) -> None:
    """Die Versionen eines Falls aus Git: wer hat wann was geändert (neueste zuerst).

    Je Version: Commit, Datum, Autor/in, Nachricht und die geänderten Felder (+ neu,
    ~ geändert, - entfernt). Nur im Git-Modus (vier-phasen init --git).
    """
    from vier_phasen_cli.cli.ausgabe import json_text, schreibe_ausgabe, schreibe_zeilen
    from vier_phasen_cli.domain.steuerzeichen import sicher
    from vier_phasen_cli.render import verlaufsbericht

    ablage = sitzung(ctx).ablage()
    pfad = ablage.fall_pfad(fall_id)
    _pruefe_git_modus(ablage)
    eintraege = versionen_mit_aenderungen(ablage.wurzel, pfad, diff)
    if not eintraege and not pfad.exists():
        from vier_phasen_cli.fehler import VierPhasenFehler

        raise VierPhasenFehler(f"Fall „{fall_id}“ gibt es nicht", datei=pfad)
    from vier_phasen_cli.storage import git

    if pfad.exists() and git.geaenderte(ablage.wurzel, [pfad]):
        from vier_phasen_cli.cli.ausgabe import melde

        melde(
            f"Hinweis: Die Falldatei hat Änderungen, die noch in keinem Commit sind "
            f"(git diff {pfad.relative_to(ablage.wurzel).as_posix()})."
        )
    if format == "json":
        schreibe_ausgabe(json_text(verlaufsbericht.als_json(fall_id, eintraege)), ausgabe)
    else:
        breite = None
        if ausgabe is None and sys.stdout.isatty():  # wrapped on a terminal only
            from vier_phasen_cli.cli.ausgabe import textformat

            breite = textformat(ausgabe)[0]
        zeilen = verlaufsbericht.als_text(fall_id, eintraege, breite)
        schreibe_zeilen((sicher(z) for z in zeilen), ausgabe)


def versionen_mit_aenderungen(wurzel: Path, pfad: Path, mit_diff: bool) -> list[Verlaufseintrag]:
    """Every version of case file ``pfad`` with its changes against its (first) parent."""
    from vier_phasen_cli.domain.aenderungen import aenderungen
    from vier_phasen_cli.fehler import DatenFehler
    from vier_phasen_cli.render.verlaufsbericht import Verlaufseintrag
    from vier_phasen_cli.storage import git

    versionen = git.versionen(wurzel, pfad)
    relativ = f"./{pfad.relative_to(wurzel).as_posix()}"
    objekte = []
    for v in versionen:
        objekte.append(f"{v.commit}:{relativ}")
        objekte.append(f"{v.eltern[0]}:{relativ}" if v.eltern else "")
    blobs = list(git.inhalte(wurzel, objekte))
    gelesen: dict[bytes, Any] = {}  # a version is its successor's "before": read it once
    eintraege = []
    for i, v in enumerate(versionen):
        stand: list[object] = []
        hinweis = None
        for welche, roh in (("Vorige Version", blobs[2 * i + 1]), ("Version", blobs[2 * i])):
            if roh is None:
                stand.append({})  # not there before: every field is new
                continue
            try:
                if roh not in gelesen:
                    gelesen[roh] = _daten(pfad, roh)
                stand.append(gelesen[roh])
            except DatenFehler as exc:
                stand.append(None)
                hinweis = f"{welche} nicht lesbar: {exc.meldung}"
        alt, neu = stand
        liste = aenderungen(alt, neu) if hinweis is None else []
        zeilen = None
        if mit_diff:
            zeilen = git.zeilendiff(wurzel, v.eltern[0] if v.eltern else None, v.commit, pfad)
        eintraege.append(
            Verlaufseintrag(
                v.commit, v.datum, v.autor, v.email, v.nachricht, liste, alt, neu, hinweis, zeilen
            )
        )
    return eintraege


def _daten(pfad: Path, roh: bytes) -> Any:
    """The plain data of one version: the reports' fast loader, the round-trip loader for
    what it does not read (it words the refusal)."""
    from vier_phasen_cli.storage import yamldatei
    from vier_phasen_cli.storage.rohdaten import MAX_BYTES
    from vier_phasen_cli.storage.schnell import Sonderfall, lade_schnell

    if len(roh) <= MAX_BYTES:
        try:
            return lade_schnell(yamldatei.als_text(pfad, roh)[0])[0]
        except Sonderfall:
            pass
    return yamldatei.klar(yamldatei.lade(pfad, roh).daten)


def _pruefe_git_modus(ablage: Ablage) -> None:
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage import git

    if not git.git_an(ablage.wurzel):
        raise VierPhasenFehler(
            "Die Ablage ist nicht im Git-Modus; es gibt keinen Verlauf",
            datei=ablage.wurzel,
            hinweis="Einrichten: vier-phasen init --git (neue Ablage oder bestehende) bzw. "
            "vier-phasen git einrichten (in einem Git-Klon).",
        )


def rueckgaengig(ctx: typer.Context, fall_id: FallId, entsperren: EntsperrenOption = False) -> None:
    """Die letzte Änderung eines Falls mit vier-phasen zurücknehmen (als neuer Commit).

    Stellt den Stand vor dem letzten Commit von vier-phasen auf diesem Fall wieder her.
    Abgelehnt, wenn der letzte Commit auf dem Fall nicht von vier-phasen stammt (z. B. eine
    Zusammenführung) oder die Falldatei nicht in Git festgehaltene Änderungen hat. Ein zweites
    „rueckgaengig“ nimmt das Zurücknehmen wieder zurück.
    """
    from vier_phasen_cli.cli.ausgabe import melde
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
    from vier_phasen_cli.fehler import DatenFehler, VierPhasenFehler
    from vier_phasen_cli.storage import git, yamldatei
    from vier_phasen_cli.storage.faelle import ersetze_wenn_unveraendert, fingerabdruck
    from vier_phasen_cli.storage.rohdaten import lies_bytes
    from vier_phasen_cli.wizard.terminal import Terminal

    ablage = sitzung(ctx).ablage()
    pfad = ablage.fall_pfad(fall_id)
    _pruefe_git_modus(ablage)
    wurzel = ablage.wurzel
    terminal = Terminal() if sys.stdin.isatty() and sys.stdout.isatty() else None
    with ablage.sperre(fall_id, entsperr_frage(ctx, terminal)):
        if git.geaenderte(wurzel, [pfad]):
            raise VierPhasenFehler(
                "Die Falldatei hat Änderungen, die nicht in Git festgehalten sind; "
                "nichts wurde geändert",
                datei=pfad,
                hinweis="Ansehen: git diff; festhalten: git commit; verwerfen: "
                f"git restore {pfad.relative_to(wurzel).as_posix()}.",
            )
        versionen = git.versionen(wurzel, pfad)
        if not versionen:
            raise VierPhasenFehler(f"Fall „{fall_id}“ hat keine Version in Git", datei=pfad)
        letzte = versionen[0]
        beschreibung = f"{letzte.commit[:7]} „{sicher_einzeilig(letzte.nachricht)}“"
        if not letzte.vom_werkzeug:
            merge = len(letzte.eltern) > 1
            art = "eine Zusammenführung (Merge)" if merge else "nicht von vier-phasen"
            raise VierPhasenFehler(
                f"Der letzte Commit auf dem Fall ({beschreibung}) ist {art}; "
                "er wird nicht automatisch zurückgenommen",
                datei=pfad,
                hinweis="Den Verlauf zeigt „vier-phasen verlauf "
                f"{fall_id} --diff“; zurücknehmen mit Git selbst: git revert "
                + (f"-m 1 {letzte.commit[:7]}." if merge else f"{letzte.commit[:7]}."),
            )
        relativ = f"./{pfad.relative_to(wurzel).as_posix()}"
        vorher = None
        if letzte.eltern:
            vorher = next(git.inhalte(wurzel, [f"{letzte.commit}~1:{relativ}"]))
        if vorher is None:
            raise VierPhasenFehler(
                f"Der letzte Commit ({beschreibung}) hat den Fall in Git aufgenommen; "
                "davor gibt es keinen Stand, zurücknehmen hieße ihn löschen",
                datei=pfad,
                hinweis=f"Löschen, wenn gewollt: git rm {pfad.relative_to(wurzel).as_posix()} "
                "und git commit.",
            )
        try:
            yamldatei.lade(pfad, vorher)
        except DatenFehler as exc:
            raise VierPhasenFehler(
                f"Der Stand vor {beschreibung} ist keine lesbare Falldatei ({exc.meldung})",
                datei=pfad,
            ) from None
        ersetze_wenn_unveraendert(pfad, fingerabdruck(lies_bytes(pfad)), vorher, ablage.rechte)
    melde(f"Fall {fall_id}: Änderung {beschreibung} zurückgenommen.")


def registriere(app: typer.Typer) -> None:
    app.command("verlauf")(verlauf)
    app.command("rueckgaengig")(rueckgaengig)
