"""Webhook secrets at rest: sealed with a key derived from the server's secret key, so a copy
of the database alone does not let anyone sign deliveries. Encrypt-then-MAC from the standard
library: an HMAC-SHA256 keystream (counter mode) and an HMAC-SHA256 tag over nonce and
ciphertext. Changing HIREHALL_SECRET_KEY makes existing secrets unreadable (as it makes
tokens unusable): subscriptions are then deleted and made again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

_VERSION = "v1."
_NONCE = 16
_TAG = 32


def _key(secret_key: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret_key, b"hirehall webhook secret " + purpose, hashlib.sha256).digest()


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    return b"".join(
        hmac.new(key, nonce + i.to_bytes(4, "big"), hashlib.sha256).digest() for i in range(blocks)
    )[:length]


def seal(secret_key: bytes, plaintext: str) -> str:
    data = plaintext.encode()
    nonce = os.urandom(_NONCE)
    cipher = bytes(
        a ^ b
        for a, b in zip(data, _stream(_key(secret_key, b"enc"), nonce, len(data)), strict=True)
    )
    tag = hmac.new(_key(secret_key, b"mac"), nonce + cipher, hashlib.sha256).digest()
    return _VERSION + base64.urlsafe_b64encode(nonce + cipher + tag).decode()


def unseal(secret_key: bytes, sealed: str) -> str:
    """The secret; ValueError when it was not sealed with this key."""
    if not sealed.startswith(_VERSION):
        raise ValueError("unknown sealing")
    raw = base64.urlsafe_b64decode(sealed[len(_VERSION) :])
    nonce, cipher, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    expected = hmac.new(_key(secret_key, b"mac"), nonce + cipher, hashlib.sha256).digest()
    if len(raw) < _NONCE + _TAG or not hmac.compare_digest(tag, expected):
        raise ValueError("the webhook secret was sealed with another secret key")
    stream = _stream(_key(secret_key, b"enc"), nonce, len(cipher))
    return bytes(a ^ b for a, b in zip(cipher, stream, strict=True)).decode()
