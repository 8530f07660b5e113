"""``vier-phasen git …``: the workspace as a git repository (SPEC §11).

``git einrichten`` registers the merge driver and diff converter in a clone's ``.git/config``
(the one thing a clone does not bring along); ``init --git`` makes the repository.
``merge-driver`` is the merge driver registered as ``merge.vier-phasen.driver`` and ``diff``
the diff converter (``diff.vier-phasen.textconv``); ``.gitattributes`` assigns both to
``cases/*.yaml``. Git calls them by name, so they take file paths, not case IDs, and need no
workspace.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from vier_phasen_cli.cli import deutsch
from vier_phasen_cli.cli.kontext import sitzung
from vier_phasen_cli.fehler import EXIT_BEFUNDE

git_app = deutsch.DeutscheApp(
    name="git",
    help="Fälle mit Git im Team führen: Klon einrichten und was Git für die Falldateien aufruft.",
    no_args_is_help=True,
)


def richte_repository_ein(ordner: Path, heute: date) -> None:
    """``init --git``: repository, ``.gitignore``/``.gitattributes``, driver, first commit.

    Case files, catalogs and templates already in the workspace go into the first commit too:
    the history of each case then begins with what it was."""
    from vier_phasen_cli.cli.ausgabe import melde
    from vier_phasen_cli.storage import git

    vorhanden = sorted((ordner / "cases").glob("*.yaml"))
    for unterordner in ("catalogs", "templates"):
        if (ordner / unterordner).is_dir():
            vorhanden += sorted(p for p in (ordner / unterordner).iterdir() if p.is_file())
    commit, programm = git.initialisiere(ordner, heute, vorhanden)
    melde("Git-Modus eingerichtet: .gitignore, .gitattributes und Merge-Treiber in .git/config.")
    if commit is not None:
        melde(f"  erster Commit: {commit[:7]}")
    _warne_ohne_programm(programm)
    melde(
        "Jede Änderung mit vier-phasen wird nun ein Commit. Teilen: git remote add origin URL "
        "und git push -u origin HEAD."
    )


def einrichten(ctx: typer.Context) -> None:
    """Merge-Treiber und Diff-Anzeige in einem Git-Klon der Ablage einrichten.

    Schreibt nur .git/config (die .gitattributes kommen mit dem Klon). Einmal je Klon
    aufrufen, z. B. nach „git clone URL ablage“.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde
    from vier_phasen_cli.fehler import VierPhasenFehler
    from vier_phasen_cli.storage import git

    ablage = sitzung(ctx).ablage()
    wurzel = ablage.wurzel
    if git.arbeitsbaum(wurzel) is None:
        raise VierPhasenFehler(
            "Die Ablage ist kein Git-Klon",
            datei=wurzel,
            hinweis="Eine neue Ablage mit Git: vier-phasen init --git; eine bestehende "
            "holen: git clone URL ORDNER.",
        )
    git.pruefe_attribute(wurzel)  # before .git/config is written: refused means unchanged
    programm = git.trage_konfiguration_ein(wurzel)
    konfiguration = anzeige_pfad(wurzel / ".git" / "config")
    aufruf = f" (Programm: {programm})" if programm is not None else ""
    melde(f"Merge-Treiber und Diff-Anzeige eingerichtet in {konfiguration}{aufruf}.")
    if git.attribute_fehlen(wurzel):
        melde(
            "Warnung: .gitattributes nennt die Fälle nicht; ohne die Zeile "
            f"„{git.ATTRIBUTE.strip()}“ führt Git Fälle nicht inhaltlich zusammen "
            "(vier-phasen init --git ergänzt sie)."
        )
    if git.identitaet(wurzel) is None:
        melde(f"Warnung: Git kennt Ihren Namen noch nicht. {git.IDENTITAET_HINWEIS}.")
    sitzung(ctx).warne_offene_ablage(git_modus=True)
    _warne_ohne_programm(programm)


def _warne_ohne_programm(programm: str | None) -> None:
    """Registered by its bare name (its own path unknown), the merge driver is found only
    on git's PATH; without it there a merge leaves the case file unmerged. ``programm`` is
    ``git.eigenes_programm()``: None when neither the started script nor PATH has it."""
    from vier_phasen_cli.cli.ausgabe import melde

    if programm is None:
        melde(
            "Warnung: Das Programm „vier-phasen“ ist nicht im Suchpfad (PATH); Git kann den "
            "Merge-Treiber dann nicht aufrufen. Bitte vier-phasen so installieren, dass "
            "„vier-phasen --version“ in jedem Terminal funktioniert (z. B. pipx install "
            "vier-phasen)."
        )


@git_app.command("merge-driver")
def merge_driver(
    basis: Annotated[
        Path, typer.Argument(help="Die gemeinsame frühere Fassung (von Git: %O).", metavar="BASIS")
    ],
    unsere: Annotated[
        Path,
        typer.Argument(
            help="Die eigene Fassung; wird durch das Ergebnis ersetzt (%A).", metavar="EIGENE"
        ),
    ],
    ihre: Annotated[
        Path, typer.Argument(help="Die hereinkommende Fassung (%B).", metavar="HEREINKOMMENDE")
    ],
    pfad: Annotated[
        str | None, typer.Argument(help="Pfad der Falldatei im Repository (%P).", metavar="PFAD")
    ] = None,
) -> int:
    """Drei Fassungen einer Falldatei zusammenführen (Merge-Treiber für Git).

    Git ruft den Befehl beim Zusammenführen selbst auf; von Hand braucht man ihn nicht.
    Gespräche, abgehakte Einträge und neue Eigenbemühungen beider Seiten bleiben erhalten.
    Haben beide Seiten denselben Wert verschieden geändert, stehen um genau diese Zeilen
    Konfliktmarkierungen, und der Status ist 1.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
    from vier_phasen_cli.storage.atomar import schreibe_atomar
    from vier_phasen_cli.storage.zusammenfuehren import fuehre_zusammen

    ergebnis = fuehre_zusammen(basis, unsere, ihre)
    if ergebnis.inhalt != unsere.read_bytes():
        schreibe_atomar(unsere, ergebnis.inhalt)
    name = sicher_einzeilig(pfad) if pfad else anzeige_pfad(unsere)  # %P: any name, one line
    if ergebnis.textuell is not None:
        melde(
            f"Hinweis: {name}: {ergebnis.textuell}. Die Fassungen wurden Zeile für Zeile "
            "zusammengeführt, wie Git es ohne vier-phasen tut."
        )
    if ergebnis.von_hand is not None:
        melde(
            f"Konflikt in {name}: {ergebnis.von_hand}, Git und vier-phasen können sie nicht "
            "zusammenführen. Die eigene Fassung bleibt in der Datei. Bitte von Hand "
            "auflösen: die richtige Fassung als Textdatei (UTF-8) speichern, dann "
            "„vier-phasen pruefen“ und „git add“."
        )
    if ergebnis.konflikte:
        melde(
            f"Konflikt in {name}: beide Seiten haben verschieden geändert: "
            f"{', '.join(ergebnis.konflikte)}.\n"
            "Bitte in der Datei die markierten Zeilen auflösen (eine Fassung behalten, die "
            "Zeilen <<<<<<<, ======= und >>>>>>> löschen), dann „vier-phasen pruefen“ und "
            "„git add“."
        )
    return 0 if ergebnis.sauber else EXIT_BEFUNDE


@git_app.command("diff")
def diff(
    datei: Annotated[Path, typer.Argument(help="Eine Falldatei.", metavar="DATEI")],
) -> None:
    """Eine Falldatei als Zeilen für „git diff“: je Wert eine Zeile „Pfad: Wert“.

    Git ruft den Befehl als Diff-Umwandlung (textconv) auf, damit „git diff“ und
    „git log -p“ zeigen, welches Feld welches Eintrags sich geändert hat – ohne Kommentare,
    Einrückung und Reihenfolge der Schlüssel.
    """
    from vier_phasen_cli.cli.ausgabe import anzeige_pfad, melde, schreibe_zeilen
    from vier_phasen_cli.domain.steuerzeichen import sicher
    from vier_phasen_cli.fehler import DatenFehler
    from vier_phasen_cli.render.diffzeilen import diffzeilen
    from vier_phasen_cli.storage.rohdaten import lies_bytes
    from vier_phasen_cli.storage.zusammenfuehren import werte

    # git stops the whole diff (and `git log -p`) when a textconv fails: never fail here.
    try:
        roh = lies_bytes(datei)
    except DatenFehler as exc:
        schreibe_zeilen([_platzhalter(datei, exc)], None)
        return
    try:
        daten = werte(datei, roh)
    except DatenFehler as exc:
        if b"\0" in roh or not _ist_utf8(roh):
            schreibe_zeilen(
                [f"(Keine Textdatei, nicht Feld für Feld zu zeigen: {len(roh)} Bytes)"], None
            )
            return
        # a text that is no case file: show the lines as they are instead.
        ort = f":{exc.zeile}" if exc.zeile else ""
        melde(
            f"Hinweis: {anzeige_pfad(datei)}{ort}: {exc.meldung}; die Zeilen werden "
            "unverändert gezeigt."
        )
        text = roh.decode("utf-8", errors="replace").lstrip("\ufeff")
        schreibe_zeilen((sicher(z) for z in text.splitlines()), None)
        return
    schreibe_zeilen(diffzeilen(daten), None)


def _platzhalter(datei: Path, fehler: Exception) -> str:
    """The one line ``git diff`` shows for a file that is not read at all."""
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
    from vier_phasen_cli.fehler import DatenFehler
    from vier_phasen_cli.storage.rohdaten import MAX_BYTES

    try:
        groesse = datei.stat().st_size
    except OSError:
        groesse = None
    if groesse is not None and groesse > MAX_BYTES and datei.is_file():
        return f"(Datei ist zu groß, um sie Feld für Feld zu zeigen: {groesse} Bytes)"
    grund = fehler.meldung if isinstance(fehler, DatenFehler) else str(fehler)
    return f"(Datei kann nicht gezeigt werden: {sicher_einzeilig(grund)})"


def _ist_utf8(roh: bytes) -> bool:
    try:
        roh.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def registriere(app: typer.Typer) -> None:
    git_app.command("einrichten")(einrichten)
    app.add_typer(git_app, name="git")
