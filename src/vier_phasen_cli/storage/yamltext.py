"""A YAML file's bytes as the text the readers parse: UTF-8, without BOM, LF line ends, no
binary data, no git conflict markers. Apart from the readers, so that a command reading with
the fast reader does not load the round-trip one (storage/yamldatei.py)."""

from __future__ import annotations

import re
from pathlib import Path

from vier_phasen_cli.fehler import DatenFehler

BOM = "\ufeff"


def als_text(pfad: Path, roh: bytes) -> tuple[str, bool, str]:
    """UTF-8 text without BOM and with LF line ends; whether it had a BOM; its line end."""
    try:
        text = roh.decode("utf-8")
    except UnicodeDecodeError as exc:
        zeile = roh[: exc.start].count(b"\n") + 1
        raise DatenFehler(
            "Datei ist nicht in UTF-8 kodiert",
            datei=pfad,
            zeile=zeile,
            hinweis="Bitte die Datei im Editor als UTF-8 speichern.",
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    zeilenende = "\r\n" if "\r\n" in text else "\n"
    if zeilenende != "\n":
        text = text.replace("\r\n", "\n")  # ruamel would keep the \r inside comments
    if "\x00" in text:
        raise DatenFehler(
            "Datei enthält Binärdaten",
            datei=pfad,
            zeile=text[: text.index("\x00")].count("\n") + 1,
        )
    pruefe_konfliktmarken(pfad, text)
    return text, bom, zeilenende


_KONFLIKTMARKE = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)|^={7}$", re.MULTILINE)


def pruefe_konfliktmarken(pfad: Path, text: str) -> None:
    """Refuse a file that holds git's conflict markers (a merge left for people to resolve):
    named as such, rather than as the YAML syntax error the markers also are."""
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return  # the common case: three scans, no regular expression
    treffer = _KONFLIKTMARKE.search(text)
    if treffer is None:
        return
    raise DatenFehler(
        "Datei enthält einen nicht aufgelösten Git-Konflikt",
        datei=pfad,
        zeile=text.count("\n", 0, treffer.start()) + 1,
        hinweis="Zwischen <<<<<<< und ======= steht die eigene Fassung, bis >>>>>>> die "
        "hereinkommende. Bitte im Editor eine davon behalten, die drei Markierungszeilen "
        "löschen und die Datei dann mit „git add“ als gelöst melden.",
    )
