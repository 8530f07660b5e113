"""Everything the CLI prints: data to stdout (or ``-o FILE``), messages to stderr.

Errors follow hledger's shape: ``Fehler: FILE:LINE: what`` then, on a terminal, the line
itself with a gutter, then what to do. The source line is shown only on a terminal: in
cron mails and logs it could carry a customer's data.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.steuerzeichen import sicher
from vier_phasen_cli.fehler import VierPhasenFehler
from vier_phasen_cli.render.jsondatei import json_stuecke as json_stuecke
from vier_phasen_cli.render.jsondatei import json_text as json_text

if TYPE_CHECKING:
    from vier_phasen_cli.storage.rechte import Rechte


def _farbig(stream: Any) -> bool:
    """Colour on a terminal unless NO_COLOR is set; FORCE_COLOR forces it (as Rich does)."""
    if "NO_COLOR" in os.environ:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def textformat(ziel: Path | None) -> tuple[int, bool]:
    """Width and colouring of a text report: the terminal's width (``COLUMNS`` wins; 80 when
    piped, in cron mails and files), colour only on a terminal."""
    import shutil

    breite = shutil.get_terminal_size((80, 24)).columns
    return max(breite, 20), ziel is None and _farbig(sys.stdout)


def schreibe_zeilen(zeilen: Iterable[str], ziel: Path | None) -> None:
    """Lines (without line ends) to stdout or ``ziel``, written in batches as they come."""

    def stuecke() -> Iterator[str]:
        folge = iter(zeilen)
        while stapel := list(islice(folge, 2000)):
            yield "\n".join(stapel) + "\n"

    schreibe_ausgabe(stuecke(), ziel)


def _rot(text: str, stream: Any) -> str:
    return f"\x1b[1;31m{text}\x1b[0m" if _farbig(stream) else text


def anzeige_pfad(pfad: Path) -> str:
    """A path as the user can open it: relative to the current folder when inside it; on
    one line (a newline or control character in a file name is shown escaped, so a name
    cannot forge a second message line)."""
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig

    try:
        relativ = os.path.relpath(pfad)
        return sicher_einzeilig(relativ if not relativ.startswith("..") else str(pfad))
    except ValueError:  # pragma: no cover - other drive on Windows
        return sicher_einzeilig(str(pfad))


def fehler_zeilen(exc: VierPhasenFehler, mit_quelltext: bool) -> list[str]:
    """The lines that describe ``exc`` (and the problems it carries) for stderr."""
    zeilen: list[str] = []
    hinweise: list[str] = []
    for einzel in (exc, *exc.weitere):
        zeilen.append(f"Fehler: {_ort(einzel)}{einzel.meldung}")
        if mit_quelltext and einzel.datei is not None and einzel.zeile:
            quelle = _quelltext(einzel.datei, einzel.zeile)
            if quelle is not None:
                zeilen.append(f"{einzel.zeile:>5} | {quelle}")
        if einzel.hinweis and einzel.hinweis not in hinweise:
            hinweise.append(einzel.hinweis)
    return zeilen + hinweise


def _ort(fehler: VierPhasenFehler) -> str:
    """``FILE:LINE: `` of an error line (empty when it names no file)."""
    if fehler.datei is None:
        return ""
    return anzeige_pfad(fehler.datei) + (f":{fehler.zeile}" if fehler.zeile else "") + ": "


def _quelltext(datei: Path, zeile: int) -> str | None:
    from vier_phasen_cli.storage.rohdaten import lies_bytes
    from vier_phasen_cli.storage.yamldatei import quelltext_zeile

    try:
        return quelltext_zeile(lies_bytes(datei), zeile)  # never through a link, never a FIFO
    except VierPhasenFehler:
        return None


def melde_fehler(exc: VierPhasenFehler) -> None:
    sys.stdout.flush()
    stream = sys.stderr
    breite = meldungsbreite(stream)
    orte = {sicher(f"Fehler: {_ort(e)}") for e in (exc, *exc.weitere)}
    zeilen = fehler_zeilen(exc, mit_quelltext=stream.isatty())
    for zeile in (teil for z in zeilen for teil in sicher(z).split("\n")):
        if _QUELLTEXT.match(zeile):  # a line of the file stays as it is, like an editor shows it
            stream.write(zeile + "\n")
            continue
        # "Fehler: FILE:LINE:" is never broken (a path may hold a space)
        fest = max((len(o) - 1 for o in orte if zeile.startswith(o)), default=0)
        teile = umbrochen(zeile, breite, fest=fest)
        if teile[0].startswith("Fehler:"):
            teile[0] = _rot("Fehler:", stream) + teile[0].removeprefix("Fehler:")
        stream.write("".join(teil + "\n" for teil in teile))
    stream.flush()


def melde(text: str) -> None:
    """A message (progress, confirmation) on stderr, so stdout stays pure data; on a
    terminal wrapped to its width at word boundaries."""
    sys.stdout.flush()
    breite = meldungsbreite(sys.stderr)
    zeilen = sicher(text).split("\n")
    sys.stderr.write("".join(t + "\n" for z in zeilen for t in umbrochen(z, breite)))
    sys.stderr.flush()


_QUELLTEXT = re.compile(r" *[0-9]+ \| ")


def meldungsbreite(stream: Any) -> int | None:
    """How wide messages on ``stream`` may be: its terminal's width (``COLUMNS`` wins), or
    None when it is no terminal – in cron mails, pipes and logs a message stays one line – or
    one that does not know its width (``script``, a serial console: 0 columns), which then
    wraps the line itself."""
    if not getattr(stream, "isatty", lambda: False)():
        return None
    spalten = os.environ.get("COLUMNS", "")
    if spalten.isdigit() and int(spalten) > 0:
        return max(int(spalten), 20)
    try:
        breite = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return None
    return max(breite, 20) if breite > 0 else None


def umbrochen(zeile: str, breite: int | None, *, fest: int = 0) -> list[str]:
    """``zeile`` wrapped at spaces to ``breite`` columns (None: whole): a word or path
    longer than a line stays whole, the first ``fest`` characters (``Fehler: FILE:LINE:``)
    stay together, and continuation lines are indented two more than the line."""
    if breite is None or len(zeile) <= breite:
        return [zeile]
    import textwrap

    einzug = " " * (len(zeile) - len(zeile.lstrip(" ")) + 2)
    kopf = zeile[:fest].replace(" ", "\0")  # sicher() leaves no NUL in a message
    teile = textwrap.wrap(
        kopf + zeile[fest:],
        breite,
        subsequent_indent=einzug,
        break_long_words=False,
        break_on_hyphens=False,
        drop_whitespace=True,
        expand_tabs=False,
        replace_whitespace=False,
    )
    return [teil.replace("\0", " ") for teil in teile] or [zeile]


def bestaetige(text: str) -> None:
    """A confirmation that the work asked for was done (``Geschrieben: …``, ``Fall …
    gespeichert``, ``Keine Änderung``): on a terminal only. In cron, pipes and scripts
    silence means success (cron mails any output at all) and the exit status says the rest;
    errors, warnings and findings go through ``melde`` always."""
    if sys.stderr.isatty():
        melde(text)


def fehlerliste(
    fehler: Sequence[VierPhasenFehler], relativ: Callable[[Path], str]
) -> list[dict[str, Any]]:
    """Unreadable files for JSON reports: ``[{"datei": …, "zeile": …, "meldung": …}]``."""
    return [
        {"datei": relativ(f.datei) if f.datei else None, "zeile": f.zeile, "meldung": f.meldung}
        for f in fehler
    ]


def schreibe_ausgabe(
    text: str | Iterable[str],
    ziel: Path | None,
    *,
    ueberschreiben: bool = True,
    rechte: Rechte | None = None,
) -> None:
    """``text`` (or its pieces) to stdout, or into ``ziel`` (0600: reports hold
    Sozialdaten; a document in a team workspace gets the team's ``rechte``) by the one
    output-file writer: a regular file is replaced atomically, a FIFO or device written
    into, anything else refused (``storage/ausgabeziel.py``)."""
    stuecke = [text] if isinstance(text, str) else text
    if ziel is None:
        for stueck in stuecke:
            sys.stdout.write(stueck)
        sys.stdout.flush()
        return
    _in_datei(ziel, (stueck.encode("utf-8") for stueck in stuecke), ueberschreiben, rechte)


def _in_datei(
    ziel: Path, stuecke: Iterable[bytes], ueberschreiben: bool, rechte: Rechte | None
) -> None:
    from vier_phasen_cli.storage.ausgabeziel import schreibe_ausgabedatei

    schreibe_ausgabedatei(ziel, stuecke, ueberschreiben=ueberschreiben, rechte=rechte)
    bestaetige(f"Geschrieben: {anzeige_pfad(ziel)}")


def pruefe_binaerziel(ziel: Path | None, *, ueberschreiben: bool = True) -> None:
    """Before the work: binary output (a PDF) goes into ``ziel``, or to stdout only when
    that is not a terminal (a PDF would fill it with unreadable bytes)."""
    if ziel is not None:
        from vier_phasen_cli.storage.ausgabeziel import pruefe_ziel

        pruefe_ziel(ziel, ueberschreiben=ueberschreiben)
    elif sys.stdout.isatty():
        raise VierPhasenFehler(
            "Ein PDF wird nicht auf dem Bildschirm ausgegeben",
            hinweis="Bitte mit -o eine Datei angeben, z. B. -o dokument.pdf, "
            "oder die Ausgabe umleiten (> dokument.pdf).",
        )


def schreibe_binaer(
    daten: bytes, ziel: Path | None, *, ueberschreiben: bool = True, rechte: Rechte | None = None
) -> None:
    """``daten`` (a PDF) to stdout or into ``ziel`` by the one output-file writer (0600, or
    the team's ``rechte`` for a document in a team workspace)."""
    if ziel is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(daten)
        sys.stdout.buffer.flush()
        return
    _in_datei(ziel, [daten], ueberschreiben, rechte)


def drucke(darstellung: Any, ziel: Path | None = None, *, umbrechen: bool = True) -> None:
    """Print a Rich renderable: coloured on a terminal, plain text into ``ziel``.

    ``umbrechen=False`` keeps long lines whole (one finding per line, for grep and editors).
    """
    import io

    from rich.console import Console

    if ziel is None:
        konsole = Console(highlight=False, markup=False, emoji=False)
        rich_sicher(konsole, darstellung, soft_wrap=not umbrechen)
        return
    puffer = io.StringIO()
    konsole = Console(file=puffer, width=120, no_color=True, highlight=False, markup=False)
    rich_sicher(konsole, darstellung, soft_wrap=not umbrechen)
    schreibe_ausgabe(puffer.getvalue(), ziel)


def rich_sicher(konsole: Any, darstellung: Any, *, soft_wrap: bool = False) -> None:
    """Print ``darstellung`` on ``konsole`` with every control character of its text shown
    as an escape: Rich lays the text out, then each text segment passes through ``sicher``
    before Rich adds its own colour codes. Views build their text from case data, catalogs
    and file names; this is the one gate between them and the terminal."""
    from rich.segment import Segment, Segments

    segmente = [
        s if s.control else Segment(sicher(s.text), _ohne_link(s.style))
        for s in konsole.render(darstellung, _optionen(konsole, soft_wrap))
    ]
    konsole.print(Segments(segmente), soft_wrap=True)


def _ohne_link(stil: Any) -> Any:
    """The style without a hyperlink: the tool prints none, so one can only come from data
    (``[link=…]`` markup in a text) and would be a disguised link (OSC 8)."""
    return stil.update_link(None) if stil is not None and stil.link else stil


def _optionen(konsole: Any, soft_wrap: bool) -> Any:
    """Rich's options for ``print(soft_wrap=…)``: without wrapping nothing is cut off either."""
    if soft_wrap:
        return konsole.options.update(no_wrap=True, overflow="ignore")
    return konsole.options
