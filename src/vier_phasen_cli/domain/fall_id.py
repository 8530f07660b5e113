"""The pinned pattern of a case ID (SPEC §3): also the case file's name, so it can never
reach outside ``cases/`` (no ``/``, no leading dot)."""

from __future__ import annotations

import re

FALL_ID_MUSTER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
