"""The SSRF guard: every non-public address form is refused, on the first request and on redirects."""

from __future__ import annotations

import ipaddress

import pytest

from civicatlas.errors import InputError
from civicatlas.read.guard import refusal, resolve


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.0.8",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fd00:ec2::254",
    "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1",
])
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8080/x", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",  # decimal
    "http://0x7f000001/", "http://0x7f.1/",  # hex
    "http://017700000001/", "http://0177.0.0.1/",  # octal
    "http://127.1/", "http://169.254.169.254/latest/meta-data/", "http://10.1/", "http://0/",
])
def test_every_spelling_of_a_private_host_is_refused(url: str) -> None:
    with pytest.raises(InputError, match="refused: .* resolves to a .*address"):
        resolve(url)


def test_private_addresses_pass_when_the_operator_allows_them() -> None:
    host, port, address = resolve("http://127.0.0.1:8123/x", allow_private=True)
    assert (host, port, str(address)) == ("127.0.0.1", 8123, "127.0.0.1")


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "only http and https"), ("ftp://example.org/", "only http and https"),
    ("gopher://127.0.0.1/", "only http and https"), ("http:///nohost", "no host"),
    ("http://example.org:99999/", "invalid port"), ("http://no-such-host.invalid/", "cannot resolve"),
])
def test_other_urls_are_refused_with_the_reason(url: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        resolve(url)
