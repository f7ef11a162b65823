"""Short secrets sealed for a trip through the browser.

Flask's session cookie is signed, not encrypted: anyone who holds it (a shared computer, a proxy
log, a browser extension) can read it. A secret that must wait there for a moment, like the
access code shown once on the confirmation page, is sealed: encrypted with a keystream of
HMAC-SHA256 blocks over a random nonce, then authenticated (encrypt-then-MAC), with keys derived
from ``SECRET_KEY`` for each purpose.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from flask import current_app

NONCE_BYTES = 16
TAG_BYTES = 16


def _key(purpose: str, use: str) -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"sealed:{purpose}:{use}".encode(), hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    return b"".join(
        hmac.new(key, nonce + n.to_bytes(4, "big"), hashlib.sha256).digest() for n in range(blocks)
    )[:length]


def _tag(purpose: str, body: bytes) -> bytes:
    return hmac.new(_key(purpose, "mac"), body, hashlib.sha256).digest()[:TAG_BYTES]


def seal(text: str, purpose: str) -> str:
    """``text`` encrypted and authenticated for ``purpose``, as URL-safe text."""
    data = text.encode()
    nonce = secrets.token_bytes(NONCE_BYTES)
    stream = _keystream(_key(purpose, "encrypt"), nonce, len(data))
    body = nonce + bytes(a ^ b for a, b in zip(data, stream, strict=True))
    return base64.urlsafe_b64encode(body + _tag(purpose, body)).decode()


def unseal(token: object, purpose: str) -> str | None:
    """The text ``seal`` was given, or ``None`` for anything forged, altered or sealed for
    another purpose."""
    if not isinstance(token, str):
        return None
    try:
        raw = base64.urlsafe_b64decode(token.encode())
    except (binascii.Error, ValueError):
        return None
    body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
    if len(body) < NONCE_BYTES or not hmac.compare_digest(tag, _tag(purpose, body)):
        return None
    nonce, data = body[:NONCE_BYTES], body[NONCE_BYTES:]
    stream = _keystream(_key(purpose, "encrypt"), nonce, len(data))
    try:
        return bytes(a ^ b for a, b in zip(data, stream, strict=True)).decode()
    except UnicodeDecodeError:
        return None
