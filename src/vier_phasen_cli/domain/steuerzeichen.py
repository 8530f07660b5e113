"""Control characters: the one place that decides what may reach a terminal or a spreadsheet.

SPEC §15/§16: "control characters" are the code points C0 except tab and newline, DEL,
U+0080–U+009F (C1) and ESC (part of C0). Case data, file names and catalog texts may carry
them (hand edits, other systems); printed raw, ESC sequences can write the clipboard (OSC 52),
fake links (OSC 8) or hide text. Everything printed for people passes through ``sicher``,
which shows each such code point as a visible escape (``\\x1b``); single-line input fields
refuse them (``hat_steuerzeichen``). Pure: no I/O.

The Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
count as control characters too: a U+202E (RIGHT-TO-LEFT OVERRIDE) in a name turns the
template's text after it around in a terminal, a spreadsheet, Markdown and the signed PDF
("6202.11.03 sib" for "bis 30.11.2026"), and it reaches beyond the value that holds it. The
marks U+200E/U+200F (LRM/RLM) and U+061C (ALM) stay allowed: each acts like one invisible
letter of its direction, opens no scope and so can do no more than a real Hebrew or Arabic
letter in a name, which is legitimate text. The line and paragraph separators U+2028/U+2029
are line breaks (YAML and many editors treat them so): a single-line field refuses them and a
one-line cell escapes them, like newline.
"""

from __future__ import annotations

import re

_STEUER_OHNE_ZEILEN = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
"""C0 without tab (\\x09) and newline (\\x0a), DEL, C1 – CR (\\x0d) included –, the bidi
embeddings, overrides and isolates, and lone surrogates: Python's stand-ins for the bytes of
a file name that is no valid UTF-8 (a Latin-1 "Müller.yaml", or a raw C1 byte such as 0x9B),
which would reach the terminal as those bytes."""

STEUERZEICHEN = re.compile(f"[{_STEUER_OHNE_ZEILEN}]")
"""Control code points that may never reach output raw (tab and newline may, where the
format allows line breaks)."""

STEUERZEICHEN_EINZEILIG = re.compile(f"[\t\n\u2028\u2029{_STEUER_OHNE_ZEILEN}]")
"""The same plus tab, newline and the Unicode line and paragraph separators: what a
single-line field (a name, a code) refuses and what a one-line table cell escapes."""


def _escape(treffer: re.Match[str]) -> str:
    code = ord(treffer.group())
    if 0xDC80 <= code <= 0xDCFF:  # the byte a file name had (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sicher(text: str) -> str:
    """``text`` with every control code point except tab and newline shown as ``\\xNN``."""
    if STEUERZEICHEN.search(text) is None:  # the common case costs one scan, no copy
        return text
    return STEUERZEICHEN.sub(_escape, text)


def sicher_einzeilig(text: str) -> str:
    """``text`` for one line: tab and newline escaped too, so a value cannot break a row."""
    if STEUERZEICHEN_EINZEILIG.search(text) is None:
        return text
    return STEUERZEICHEN_EINZEILIG.sub(_escape, text)


def hat_steuerzeichen(text: str, *, mehrzeilig: bool = False) -> bool:
    """Whether input text holds a control character (a single-line field also refuses tab
    and newline; a multi-line field such as ``vermerk`` allows them)."""
    muster = STEUERZEICHEN if mehrzeilig else STEUERZEICHEN_EINZEILIG
    return muster.search(text) is not None


STEUERZEICHEN_MELDUNG = (
    "enthält Steuerzeichen (z. B. ESC, Zeilenumbruch oder Umkehr der Schreibrichtung)"
)
"""The German message for a refused input (never repeats the value: it may be Sozialdaten)."""
