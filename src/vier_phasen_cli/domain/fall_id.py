"""The pinned pattern of a case ID (SPEC §3): also the case file's name, so it can never
reach outside ``cases/`` (no ``/``, no leading dot)."""

from __future__ import annotations

import re

FALL_ID_MUSTER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""Only ever used as a full match (``ist_fall_id``): with ``re.match`` and ``$`` an ID with a
trailing newline would pass (SPEC §15)."""


def ist_fall_id(text: str) -> bool:
    """Whether ``text`` as a whole is a valid case ID."""
    return FALL_ID_MUSTER.fullmatch(text) is not None
