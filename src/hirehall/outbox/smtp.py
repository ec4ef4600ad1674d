"""Sending recorded emails over SMTP (HIREHALL_SMTP_URL), after the transaction commits.

smtplib in a worker thread: one short conversation per email, and the event loop never waits
on the mail server. The reply to the client does not wait either; a failed send is logged
(the message stays readable in the outbox)."""

from __future__ import annotations

import asyncio
import logging
import smtplib
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


def send(smtp_url: str, message: EmailMessage, timeout: float = 10) -> None:
    """smtp://[user:password@]host[:port] (STARTTLS when offered) or smtps:// (TLS)."""
    url = urlsplit(smtp_url)
    host = url.hostname or "localhost"
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=timeout)
    else:
        client = smtplib.SMTP(host, url.port or 25, timeout=timeout)
    with client:
        client.ehlo()
        if url.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls()
            client.ehlo()
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
