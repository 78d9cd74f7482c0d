"""Which addresses a fetch may reach: public ones only, unless the operator allows private ones.

A URL's host is resolved once and every address it resolves to is checked; the request then connects to the
checked address (see fetch.py), so a DNS answer that changes between the check and the connection (rebinding)
cannot reach anything else. Resolution goes through the system resolver, which reads every spelling of an IPv4
address that browsers accept (`2130706433`, `0x7f.1`, `017700000001`), so those are checked as what they mean.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Collection
from urllib.parse import urlsplit

from civicatlas.errors import InputError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges that ipaddress's is_private/is_global flags do not name clearly enough for this purpose
_BLOCKED = [ipaddress.ip_network(n) for n in (
    "100.64.0.0/10",  # carrier-grade NAT
    "169.254.0.0/16",  # link-local, cloud metadata (169.254.169.254)
    "fd00:ec2::254/128",  # AWS metadata over IPv6
    "0.0.0.0/8",
    "192.0.0.0/24",  # IETF protocol assignments
    "198.18.0.0/15",  # benchmarking
)]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # an IPv4 address in IPv6 clothing: checked as that IPv4 address


def refusal(address: Address) -> str | None:
    """Why a fetch may not reach this address, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            reason = refusal(embedded)
            return f"{reason} (inside the IPv6 address {address})" if reason else None
    for kind, flag in (("loopback", address.is_loopback), ("link-local", address.is_link_local),
                       ("multicast", address.is_multicast), ("unspecified", address.is_unspecified),
                       ("reserved", address.is_reserved)):
        if flag:
            return f"{kind} address {address}"
    if any(address in net for net in _BLOCKED if net.version == address.version):
        return f"non-public address {address}"
    if address.is_private or not address.is_global:
        return f"private address {address}"
    return None


def resolve(url: str, allow_private: bool | Collection[str] = False) -> tuple[str, int, Address]:
    """(host, port, the checked address to connect to) for an http(s) URL, or InputError saying why not.
    `allow_private` is True (any address) or the networks the operator allows besides public ones."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(url, f"only http and https URLs can be fetched, not {parts.scheme or 'a relative URL'}")
    host = parts.hostname
    if not host:
        raise InputError(url, "URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InputError(url, "URL has an invalid port") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise InputError(url, f"cannot resolve host {host}: {e}") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
    if allow_private is not True:
        allowed = [ipaddress.ip_network(n) for n in allow_private or ()]
        for address in addresses:  # every answer: a name that also points inside is refused whole
            if (reason := refusal(address)) and not any(address in net for net in allowed):
                raise InputError(url, f"refused: {host} resolves to a {reason} (allow with --allow-private)")
    if not addresses:
        raise InputError(url, f"cannot resolve host {host}")
    return host, port, addresses[0]
