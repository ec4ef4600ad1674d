"""The SSRF guard's address rules and where a delivery's connection goes (decision D39): to
the vetted address, with the URL's host for the Host header and the TLS server name."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from hirehall.webhooks import http
from hirehall.webhooks.clients import route
from hirehall.webhooks.guard import AddressRefused, refusal, vetted_address


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.9.9.9", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "CGNAT"),
        ("100.127.255.254", "CGNAT"),
        ("fd00::1", "unique-local"),
        ("fc00::1", "unique-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("0.0.0.0", "private"),
        ("240.0.0.1", "private"),
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    assert refusal(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def _resolver(*answers: list[str]):  # type: ignore[no-untyped-def]
    calls: list[str] = []
    queue = list(answers)

    async def resolve(host: str, _port: int) -> list[str]:
        calls.append(host)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return resolve, calls


def test_a_host_with_any_private_address_is_refused() -> None:
    resolve, _ = _resolver(["93.184.216.34", "10.0.0.7"])
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.7, a private address"):
        asyncio.run(vetted_address("hook.example", 443, resolve))


def test_an_ip_literal_is_checked_without_resolving() -> None:
    resolve, calls = _resolver(["93.184.216.34"])
    with pytest.raises(AddressRefused, match="loopback"):
        asyncio.run(vetted_address("127.0.0.1", 80, resolve))
    assert calls == []


def test_a_connection_goes_to_the_vetted_address_with_the_original_host() -> None:
    # DNS rebinding: the first answer is public, every later one private. Each new
    # connection asks once and goes to the very address it checked.
    resolve, calls = _resolver(["93.184.216.34"], ["127.0.0.1"])
    target = http.target("https://hook.example:8443/in?x=1")
    where = asyncio.run(route(target, True, resolve))
    assert calls == ["hook.example"]
    assert (where.address, where.port, where.server_hostname) == (
        "93.184.216.34",
        8443,
        "hook.example",
    )
    request = http.request_bytes(target, {"X-A": "1"}, b"{}")
    assert request.startswith(b"POST /in?x=1 HTTP/1.1\r\nHost: hook.example:8443\r\n")
    assert request.endswith(b"Content-Length: 2\r\n\r\n{}")
    # The next connection resolves again and is refused: it never reaches the network.
    with pytest.raises(AddressRefused):
        asyncio.run(route(target, True, resolve))


def test_without_the_guard_the_host_is_connected_to_as_named() -> None:
    resolve, calls = _resolver(["127.0.0.1"])
    where = asyncio.run(route(http.target("http://[::1]:9000"), False, resolve))
    assert (where.address, where.port, calls) == ("::1", 9000, [])
    assert http.target("http://[::1]:9000").host_header == "[::1]:9000"
    assert http.target("http://[::1]:9000").path == "/"
