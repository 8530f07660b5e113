"""The rendered Markdown of a document as Typst markup (SPEC §12): one template, two outputs.

Pure: Markdown text in, Typst markup out. The structure (headings, paragraphs, lists, tables,
emphasis) becomes Typst function calls; every piece of text – customer text above all – becomes
a Typst *string literal* (``#"…";``), never markup, so ``#``, ``$``, ``*``, ``_``, ``@``,
``<b>``, ``//``, backslashes and brackets print as they are. A string literal knows only two
special characters (``\\`` and ``"``), which ``zeichenkette`` escapes; the ``;`` ends the
embedded expression, so a following ``.`` cannot continue it as a field access.

No text can reorder the text around it: the Markdown passes ``sicher`` first, so a bidi
embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) that a hand-edited case file
smuggled past the template prints as a visible ``\\u202e`` – in the template's Markdown it
already is one (``vorlagen.md``); this holds for Markdown from anywhere. Escaping, not wrapping
each value in U+2068 … U+2069: it depends on no renderer's bidi algorithm and shows the
signer that something was there.

Typesetting never breaks a line where a reader would stumble: a space inside "M. Schmidt",
"§ 26", "Abs. 3", "SGB II", "Sa 05.12.2026", "z. B." or "99999 Musterstadt" becomes a
non-breaking one (``zusammenhalten``), inside the string literal, so the escaping is the same.

The section whose heading begins with "Unterschrift" (up to the next heading of its level or
a thematic break ``---``) is kept on one page: ``#unterschriften[…]`` in the preamble of
``render/pdf.py`` is a ``block(breakable: false)``. Design note: docs/pdf.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from vier_phasen_cli.domain.steuerzeichen import sicher

UNTERSCHRIFT = "Unterschrift"
"""A heading that starts with this opens the signature block (kept on one page)."""

_STEUER = {chr(c) for c in range(0x20)} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}


_ZUSAMMEN = re.compile(
    r"(?<![\w.])(?:"
    r"§§?"  # § 26, §§ 14 ff.
    r"|(?:Abs|Art|Nr|Fn|Ziff|Kap)\.(?= \d)"  # Abs. 3, Art. 15
    r"|(?:Absatz|Satz|Anlage|Nummer)(?= \d)"  # Satz 1, Anlage 1
    r"|SGB(?= [IVX]+\b)"  # SGB II, SGB X
    r"|(?:Mo|Di|Mi|Do|Fr|Sa|So)(?= \d\d?\.\d\d?\.)"  # Sa 05.12.2026
    r"|(?:[A-ZÄÖÜ]|Dr|Prof)\.(?= \w)"  # M. Schmidt, A. B. Meier, Dr. Weber
    r"|[a-zäöü]\.(?= [a-zäöüA-ZÄÖÜ]\.)"  # z. B., d. h., u. a.
    r"|\d{5}(?= [A-ZÄÖÜ])"  # 99999 Musterstadt
    r") "
)
"""A space that must not become a line break, with the word before it."""


def zusammenhalten(text: str) -> str:
    """``text`` with a non-breaking space where a line break would tear apart what belongs
    together: an initial and the surname, "§ 26", "Abs. 3", "SGB II", a weekday and its
    date, "z. B.", a postcode and the town. (A date such as 01.12.2026 holds no break
    opportunity of its own.)"""
    return _ZUSAMMEN.sub(lambda m: m.group()[:-1] + "\u00a0", text)


def zeichenkette(text: str) -> str:
    """``text`` as a Typst string literal: exactly ``text`` when Typst evaluates it."""
    teile = ['"']
    for zeichen in text:
        if zeichen in ('"', "\\"):
            teile.append("\\" + zeichen)
        elif zeichen in _STEUER:
            teile.append(f"\\u{{{ord(zeichen):x}}}")
        else:
            teile.append(zeichen)
    teile.append('"')
    return "".join(teile)


def text(wert: str) -> str:
    """``wert`` as literal text in Typst markup."""
    return f"#{zeichenkette(wert)};" if wert else ""


def markdown_parser() -> MarkdownIt:
    """The parser the PDF reads the rendered Markdown with: CommonMark and tables."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def markdown_zu_typst(markdown: str) -> str:
    """The Typst markup of the document body ``markdown``."""
    baum = SyntaxTreeNode(markdown_parser().parse(sicher(markdown)))
    return "".join(_bloecke(baum.children))


def _bloecke(knoten: Sequence[SyntaxTreeNode]) -> Iterator[str]:
    """Top-level blocks; the signature section becomes one unbreakable block."""
    i = 0
    while i < len(knoten):
        k = knoten[i]
        if k.type == "heading" and _klartext(k).startswith(UNTERSCHRIFT):
            ebene = int(k.tag[1:])
            ende = i + 1
            while ende < len(knoten) and not _schliesst_ab(knoten[ende], ebene):
                ende += 1
            innen = "".join(_block(x) for x in knoten[i:ende])
            yield f"#unterschriften[\n{innen}]\n\n"
            i = ende
        else:
            yield _block(k)
            i += 1


def _schliesst_ab(k: SyntaxTreeNode, ebene: int) -> bool:
    return k.type == "hr" or (k.type == "heading" and int(k.tag[1:]) <= ebene)


def _block(k: SyntaxTreeNode) -> str:
    t = k.type
    if t == "heading":
        return f"#heading(level: {int(k.tag[1:])})[{_inhalt(k)}]\n\n"
    if t == "paragraph":
        return f"{_inhalt(k)}\n\n"
    if t in ("bullet_list", "ordered_list"):
        return _liste(k) + "\n\n"
    if t == "blockquote":
        return f"#hinweis[\n{''.join(_block(x) for x in k.children)}]\n\n"
    if t == "hr":
        return "#trennlinie\n\n"
    if t == "table":
        return _tabelle(k) + "\n\n"
    if t in ("fence", "code_block"):
        return f"#raw(block: true, {zeichenkette(k.content.rstrip(chr(10)))})\n\n"
    if t == "html_block":
        return f"{text(k.content.strip())}\n\n"
    return f"{_inhalt(k)}\n\n"  # pragma: no cover - every CommonMark block is named above


def _liste(k: SyntaxTreeNode) -> str:
    eintraege = ", ".join(f"[{_listeneintrag(e)}]" for e in k.children)
    if k.type == "ordered_list":
        start = int(str(k.attrs.get("start", 1)))
        return f"#enum(start: {start}, {eintraege})"
    return f"#list({eintraege})"


def _listeneintrag(e: SyntaxTreeNode) -> str:
    """A list item: in a tight list its paragraphs are hidden (no paragraph break)."""
    teile = []
    for x in e.children:
        if x.type == "paragraph" and x.hidden:
            teile.append(_inhalt(x))
        else:
            teile.append(_block(x).rstrip("\n"))
    return "\n".join(teile)


def _tabelle(k: SyntaxTreeNode) -> str:
    kopf: list[str] = []
    zeilen: list[list[str]] = []
    for teil in k.children:
        for reihe in teil.children:
            zellen = [f"[{_inhalt(z)}]" for z in reihe.children]
            if teil.type == "thead":
                kopf = zellen
            else:
                zeilen.append(zellen)
    spalten = max([len(kopf)] + [len(z) for z in zeilen])
    inhalt = []
    if kopf:
        inhalt.append(f"table.header({', '.join(kopf)})")
    inhalt += [", ".join(z + ["[]"] * (spalten - len(z))) for z in zeilen]
    return f"#tabelle({spalten}, {', '.join(inhalt)})"


def _inhalt(k: SyntaxTreeNode) -> str:
    """The inline content of a block (its ``inline`` child), as Typst markup."""
    return "".join(_inline(x) for x in k.children)


def _inline(k: SyntaxTreeNode) -> str:
    t = k.type
    if t == "inline":
        return _inhalt(k)
    if t == "text":
        return text(zusammenhalten(k.content))
    if t == "html_inline":
        return text(k.content)
    if t == "softbreak":
        return " "
    if t == "hardbreak":
        return "#linebreak()"
    if t == "strong":
        return f"#strong[{_inhalt(k)}]"
    if t == "em":
        return f"#emph[{_inhalt(k)}]"
    if t == "s":
        return f"#strike[{_inhalt(k)}]"
    if t == "code_inline":
        return f"#raw({zeichenkette(k.content)})"
    if t == "link":  # on paper: the words, then the address unless they are the address
        ziel = str(k.attrs.get("href", ""))
        dazu = f" ({ziel})" if ziel and ziel != _klartext(k) else ""
        return _inhalt(k) + text(dazu)
    if t == "image":
        return text(k.content)  # its alt text
    return _inhalt(k)  # pragma: no cover - every CommonMark inline is named above


def _klartext(k: SyntaxTreeNode) -> str:
    """The plain text of a node (a heading's words)."""
    if k.type in ("text", "code_inline", "html_inline"):
        return k.content
    return "".join(_klartext(x) for x in k.children)
