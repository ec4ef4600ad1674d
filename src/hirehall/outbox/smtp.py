"""Sending recorded emails over SMTP (HIREHALL_SMTP_URL), after the transaction commits.

smtplib in a worker thread: one short conversation per email, and the event loop never waits
on the mail server. The reply to the client does not wait either; a failed send is logged
(the message stays readable in the outbox)."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

log = logging.getLogger("hirehall.smtp")

# Running sends, kept referenced so the event loop does not drop them half way.
_pending: set[asyncio.Task[None]] = set()


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


class InsecureSmtp(smtplib.SMTPException):
    """Credentials are set but the server offers no STARTTLS: they are never sent in clear."""


def send(smtp_url: str, message: EmailMessage, timeout: float = 10) -> None:
    """smtps://[user:password@]host[:port] (TLS) or smtp://...: STARTTLS when offered, and
    required when credentials are set. TLS always verifies the certificate and host name
    against the system's trust store (SSL_CERT_FILE adds a private CA)."""
    url = urlsplit(smtp_url)
    host = url.hostname or "localhost"
    context = ssl.create_default_context()
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, url.port or 465, timeout=timeout, context=context
        )
    else:
        client = smtplib.SMTP(host, url.port or 25, timeout=timeout)
    with client:
        client.ehlo()
        if url.scheme == "smtp":
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            elif url.username:
                raise InsecureSmtp(f"{host} offers no STARTTLS; refusing to send credentials")
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


async def _send_logged(smtp_url: str, message: EmailMessage) -> None:
    try:
        await asyncio.to_thread(send, smtp_url, message)
    except Exception:
        log.exception("sending email to %s failed", message["To"])


def send_later(smtp_url: str, message: EmailMessage) -> None:
    """Starts the send on the running loop and returns at once."""
    task = asyncio.get_running_loop().create_task(_send_logged(smtp_url, message))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def drain() -> None:
    """Waits for running sends (shutdown)."""
    if _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)
