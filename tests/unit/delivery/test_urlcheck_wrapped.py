"""Addresses wrapped in IPv6, and URLs with characters no URL may hold."""

from __future__ import annotations

import ipaddress

import pytest

from services.delivery.urlcheck import URLPolicy, URLRejected, check_url, refusal


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("2002:a9fe:a9fe::", "cloud metadata"),  # 6to4 of 169.254.169.254
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),  # Teredo client 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "cloud metadata"),  # NAT64
        ("64:ff9b::c0a8:101", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::10.0.0.1", "private"),  # IPv4-compatible
        ("fec0::1", "site-local"),
        ("::", "reserved"),
        ("ff02::1", "reserved"),
    ],
)
def test_wrapped_and_odd_addresses_are_refused(address, reason):
    assert reason in (refusal(ipaddress.ip_address(address)) or "")


@pytest.mark.parametrize("address", ["2002:5db8:d822::", "64:ff9b::5db8:d822", "93.184.216.34"])
def test_public_addresses_pass_wrapped_or_not(address):
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    ["https://hooks.example.org/a\r\nX: y", " https://hooks.example.org/",
     "https://ho oks.example.org/",
     "https://hooks.example.org/\x00", "https://hooks.example.org/\t"],
)
async def test_urls_with_spaces_or_controls_are_refused(url):
    async def resolve(host):
        return ["93.184.216.34"]

    with pytest.raises(URLRejected, match="spaces or control characters"):
        await check_url(url, URLPolicy(), resolve)


async def test_6to4_metadata_literal_is_refused():
    with pytest.raises(URLRejected, match="cloud metadata"):
        await check_url("https://[2002:a9fe:a9fe::]/", URLPolicy())
