"""``vier-phasen git …``: what git calls for case files (SPEC §11).

``merge-driver`` is the merge driver registered as ``merge.vier-phasen.driver`` and ``diff``
the diff converter (``diff.vier-phasen.textconv``); ``.gitattributes`` assigns both to
``cases/*.yaml``. Git calls them by name, so they take file paths, not case IDs, and need no
workspace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vier_phasen_cli.fehler import EXIT_BEFUNDE

git_app = typer.Typer(
    name="git",
    help="Fälle mit Git im Team führen: was Git für die Falldateien aufruft.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
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
    from vier_phasen_cli.cli.ausgabe import melde
    from vier_phasen_cli.storage.atomar import schreibe_atomar
    from vier_phasen_cli.storage.zusammenfuehren import fuehre_zusammen

    ergebnis = fuehre_zusammen(basis, unsere, ihre)
    if ergebnis.inhalt != unsere.read_bytes():
        schreibe_atomar(unsere, ergebnis.inhalt)
    name = pfad or str(unsere)
    if ergebnis.textuell is not None:
        melde(
            f"Hinweis: {name}: {ergebnis.textuell}. Die Fassungen wurden Zeile für Zeile "
            "zusammengeführt, wie Git es ohne vier-phasen tut."
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
    from vier_phasen_cli.cli.ausgabe import melde, schreibe_zeilen
    from vier_phasen_cli.domain.steuerzeichen import sicher
    from vier_phasen_cli.fehler import DatenFehler
    from vier_phasen_cli.render.diffzeilen import diffzeilen
    from vier_phasen_cli.storage.rohdaten import lies_bytes
    from vier_phasen_cli.storage.zusammenfuehren import werte

    roh = lies_bytes(datei)
    try:
        daten = werte(datei, roh)
    except DatenFehler as exc:
        # git would stop the whole diff on an error: show the lines as they are instead.
        ort = f":{exc.zeile}" if exc.zeile else ""
        melde(f"Hinweis: {datei}{ort}: {exc.meldung}; die Zeilen werden unverändert gezeigt.")
        text = roh.decode("utf-8", errors="replace").lstrip("\ufeff")
        schreibe_zeilen((sicher(z) for z in text.splitlines()), None)
        return
    schreibe_zeilen(diffzeilen(daten), None)


def registriere(app: typer.Typer) -> None:
    app.add_typer(git_app, name="git")
