"""SMTP over TLS verifies the server's certificate, and credentials travel only over TLS:
real SMTP servers (aiosmtpd) with a self-signed certificate listen on local ports."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from hirehall.outbox.smtp import InsecureSmtp, build_message, send
from tests.api.test_smtp import Inbox
from tests.live import free_port

MESSAGE = build_message("hirehall <no-reply@hirehall.test>", "a@example.com", "Hi", "Hello")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def _accept(*_args: Any) -> AuthResult:
    return AuthResult(success=True)


def _serve(inbox: Inbox, **kwargs: Any) -> Iterator[int]:
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_accept, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def starttls_server(certificate: tuple[Path, Path]) -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    for port in _serve(inbox, tls_context=_server_context(certificate), require_starttls=True):
        yield port, inbox


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    for port in _serve(inbox, ssl_context=_server_context(certificate)):
        yield port, inbox


@pytest.fixture
def plain_server() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    for port in _serve(inbox, auth_require_tls=False):
        yield port, inbox


def test_starttls_with_a_self_signed_certificate_is_refused(
    starttls_server: tuple[int, Inbox],
) -> None:
    port, inbox = starttls_server
    with pytest.raises(ssl.SSLCertVerificationError):
        send(f"smtp://user:secret@127.0.0.1:{port}", MESSAGE)
    with pytest.raises(ssl.SSLCertVerificationError):
        send(f"smtp://127.0.0.1:{port}", MESSAGE)
    assert inbox.messages == []


def test_smtps_with_a_self_signed_certificate_is_refused(tls_server: tuple[int, Inbox]) -> None:
    port, inbox = tls_server
    with pytest.raises(ssl.SSLCertVerificationError):
        send(f"smtps://user:secret@127.0.0.1:{port}", MESSAGE)
    assert inbox.messages == []


def test_credentials_are_never_sent_without_starttls(plain_server: tuple[int, Inbox]) -> None:
    port, inbox = plain_server
    with pytest.raises(InsecureSmtp):
        send(f"smtp://user:secret@127.0.0.1:{port}", MESSAGE)
    assert inbox.messages == []


def test_a_trusted_certificate_is_accepted(
    certificate: tuple[Path, Path],
    starttls_server: tuple[int, Inbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same server once its certificate is trusted (SSL_CERT_FILE, OpenSSL's own setting)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    port, inbox = starttls_server
    send(f"smtp://user:secret@127.0.0.1:{port}", MESSAGE)
    assert [m["Subject"] for m in inbox.wait(1)] == ["Hi"]
