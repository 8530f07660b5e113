"""The one safe-text function: every control code point of SPEC §16 shown as an escape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vier_phasen_cli.domain.steuerzeichen import (
    STEUERZEICHEN,
    hat_steuerzeichen,
    sicher,
    sicher_einzeilig,
)

VERBOTEN = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("\x1b]52;c;SGFsbG8=\x07", "\\x1b]52;c;SGFsbG8=\\x07"),
        (
            "\x1b]8;;http://x.example\x1b\\Klick\x1b]8;;\x1b\\",
            "\\x1b]8;;http://x.example\\x1b\\Klick\\x1b]8;;\\x1b\\",
        ),
        ("Erika\x1b[8mgeheim", "Erika\\x1b[8mgeheim"),
        ("a\rb\x9bc\x7f", "a\\x0db\\x9bc\\x7f"),
        ("Zeile 1\nZeile\t2", "Zeile 1\nZeile\t2"),
        ("Jürgen Öztürk-Straße ß €", "Jürgen Öztürk-Straße ß €"),
    ],
)
def test_sicher_zeigt_steuerzeichen_als_escape(roh: str, erwartet: str) -> None:
    assert sicher(roh) == erwartet


def test_einzeilig_escapet_auch_tab_und_zeilenumbruch() -> None:
    assert sicher_einzeilig("a\nb\tc\x1b") == "a\\x0ab\\x09c\\x1b"


@given(st.text())
def test_nichts_verbotenes_bleibt(text: str) -> None:
    ergebnis = sicher(text)
    assert not any(z in ergebnis for z in VERBOTEN)
    assert STEUERZEICHEN.search(ergebnis) is None
    assert not hat_steuerzeichen(sicher_einzeilig(text))


def test_eingabepruefung_einzeilig_und_mehrzeilig() -> None:
    assert hat_steuerzeichen("Name\n")
    assert not hat_steuerzeichen("Vermerk\nZweite Zeile", mehrzeilig=True)
    assert hat_steuerzeichen("Vermerk\x1b[2J", mehrzeilig=True)
    assert not hat_steuerzeichen("Erika Beispiel")


def test_json_schreibt_c1_zeichen_als_escape() -> None:
    """U+009B is a terminal's CSI: JSON on stdout carries it as ``\\u009b``, never raw."""
    import json

    from vier_phasen_cli.render.jsondatei import json_stuecke, json_text

    daten = {"name": "Erika\x9b31m\x85Beispiel", "ok": "Grüße"}
    for text in (json_text(daten), "".join(json_stuecke("liste", [daten], {}))):
        assert not any(0x80 <= ord(z) <= 0x9F for z in text)
        assert "\\u009b31m\\u0085" in text and "Grüße" in text
    assert json.loads(json_text(daten)) == daten


@given(st.text(alphabet=st.characters(max_codepoint=0x2100)), st.sampled_from([
    *map(chr, range(0x80, 0xA0)), *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)),
]))  # fmt: skip
def test_json_findet_jedes_c1_und_bidi_zeichen(text: str, zeichen: str) -> None:
    """The JSON writer looks for them in the encoded bytes: each one is found wherever it
    stands between other text (umlauts, „quotes“, the neighbouring code points)."""
    import json

    from vier_phasen_cli.render.jsondatei import json_text

    mitte = len(text) // 2
    daten = {"t": text[:mitte] + zeichen + text[mitte:]}
    geschrieben = json_text(daten)
    assert zeichen not in geschrieben and f"\\u{ord(zeichen):04x}" in geschrieben
    assert json.loads(geschrieben) == daten
