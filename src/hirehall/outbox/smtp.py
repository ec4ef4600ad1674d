"""Sending recorded emails over SMTP (HIREHALL_SMTP_URL); the worker calls it
(outbox/sending.py), in a thread: one short conversation per email, and the event loop never
waits on the mail server."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit


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
