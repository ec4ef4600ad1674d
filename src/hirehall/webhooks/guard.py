"""The SSRF guard of webhook deliveries (decision D39). Outside the sandbox (and unless
HIREHALL_WEBHOOK_ALLOW_PRIVATE=1) the transport resolves the URL's host itself, refuses it
when any of its addresses is loopback, private, link-local, CGNAT, unique-local, multicast
or otherwise not public; the delivery's connection then goes to the very address it checked,
with the original Host header and TLS server name (clients.py): a DNS answer that changes
between the check and the connection (rebinding) cannot move the request elsewhere."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")


class AddressRefused(Exception):
    """The delivery's host is not a public address; the delivery fails at once."""


def refusal(address: IPAddress) -> str | None:
    """What kind of non-public address this is, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address in _CGNAT:
        return "CGNAT"
    if address in _UNIQUE_LOCAL:
        return "unique-local"
    if address.is_private:
        return "private"
    if address.is_unspecified or address.is_reserved or not address.is_global:
        return "non-public"
    return None


async def resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def vetted_address(host: str, port: int, resolver: Resolver = resolve) -> str:
    """The address to connect to; AddressRefused when any address of the host is not public
    (a host with one private address among public ones is refused as a whole)."""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = await resolver(host, port)
        except OSError as exc:
            raise AddressRefused(f"{host} does not resolve: {exc}") from exc
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
    if not addresses:
        raise AddressRefused(f"{host} does not resolve")
    for address in addresses:
        kind = refusal(address)
        if kind is not None:
            raise AddressRefused(
                f"refused: {host} resolves to {address}, a {kind} address "
                "(HIREHALL_WEBHOOK_ALLOW_PRIVATE=1 allows it)"
            )
    return str(addresses[0])
