"""Stable pseudonyms for reports that leave the team (``--pseudonym``).

A customer's name is replaced by ``Person-XXXXXX``: the same case gets the same pseudonym in
every report of the workspace, different cases different ones, and without the workspace's
secret key nobody can tell whose it is (a keyed hash of the case ID: names and IDs are too
few to hide behind a plain hash).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

PRAEFIX = "Person-"


def pseudonym(schluessel: bytes, fall_id: str) -> str:
    """The pseudonym of case ``fall_id`` under the workspace's ``schluessel``."""
    digest = hmac.new(schluessel, fall_id.encode("utf-8"), hashlib.sha256).digest()
    return PRAEFIX + base64.b32encode(digest)[:8].decode("ascii")
