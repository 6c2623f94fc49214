"""Is a subscriber's webhook URL acceptable? Checked when a subscription is created or its URL
changed, by resolution only (the resolver is injected; no request is ever sent here), and again
at every connection a delivery opens (``pinning.py`` resolves, calls ``judge`` on every address,
and connects only to the addresses judged).

    https required          unless the host is allow-listed, or loopback in the embedded profile
    refused addresses       private, loopback, link-local (the cloud metadata 169.254.169.254
                            among them), shared/CGNAT, multicast, reserved, unspecified; unless
                            the host or the address is allow-listed (loopback: embedded profile)

Errors never repeat the URL (it may carry a token): they name the rule that refused it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Resolver", "Target", "URLPolicy", "URLRejected", "check_url", "judge", "parse_target",
           "refusal", "resolve_checked", "system_resolver"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], Awaitable[list[str]]]

_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
             ipaddress.ip_address("100.100.100.200")}
_SHARED = ipaddress.ip_network("100.64.0.0/10")


class URLRejected(ValueError):
    """The URL is not acceptable; the message says why without repeating the URL."""


@dataclass(frozen=True)
class URLPolicy:
    allow_loopback: bool = False  # the embedded/dev profile
    allowlist: tuple[str, ...] = ()  # host names or CIDRs

    def host_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".") in {a.lower() for a in self.allowlist if "/" not in a}

    def address_allowed(self, address: Address) -> bool:
        for entry in self.allowlist:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue
        return self.allow_loopback and address.is_loopback


_SITE_LOCAL = ipaddress.ip_network("fec0::/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPAT = ipaddress.ip_network("::/96")


def _wrapped(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries: mapped, compatible, 6to4, Teredo, NAT64."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64 or (address in _COMPAT and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: Address) -> str | None:
    """Why this address may not be a webhook target, or None. An IPv6 address wrapping an
    IPv4 one is judged by the address it wraps."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in _SITE_LOCAL:
            return "a site-local address"
        inner = _wrapped(address)
        if inner is not None:
            reason = refusal(inner)
            return f"{reason} (wrapped in IPv6)" if reason else None
    if address in _METADATA:
        return "a cloud metadata address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "a shared (CGNAT) address"
    if address.is_multicast or address.is_reserved or address.is_unspecified:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    return None


async def system_resolver(host: str) -> list[str]:
    """Every address ``host`` resolves to (DNS only; nothing is sent to the addresses)."""
    import asyncio

    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


@dataclass(frozen=True)
class Target:
    """A webhook URL that passed the syntax rules: its scheme, host and, for an address
    literal, the address."""

    scheme: str
    host: str
    literal: Address | None


def parse_target(url: str) -> Target:
    """The syntax rules (no resolution): ``URLRejected`` for control characters, spaces,
    credentials, a bad port or a scheme other than http(s)."""
    if any(ord(c) <= 0x20 or 0x7F <= ord(c) < 0xA0 for c in url):
        raise URLRejected("URL must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise URLRejected("URL is malformed") from None
    if parts.scheme not in ("http", "https") or not host:
        raise URLRejected("URL must be http(s)://host/...")
    if parts.username or parts.password:
        raise URLRejected("URL must not carry credentials; use the signing secret")
    literal = _literal(host)
    return Target(parts.scheme, host, literal[0] if literal else None)


def judge(target: Target, resolved: Iterable[str | Address], policy: URLPolicy) -> list[Address]:
    """The address rules, for the addresses ``target``'s host resolved to: every one must be
    acceptable (one refused address refuses the host). Returns them parsed; ``URLRejected``
    names the first rule broken. The same rules at registration and at every connection."""
    try:
        addresses = [ipaddress.ip_address(a.split("%")[0]) if isinstance(a, str) else a
                     for a in resolved]
    except ValueError:
        raise URLRejected("host resolves to something that is not an address") from None
    if not addresses:
        raise URLRejected("host does not resolve")
    if policy.host_allowed(target.host):
        return addresses
    all_loopback_allowed = all(a.is_loopback and policy.address_allowed(a) for a in addresses)
    plain_ok = all_loopback_allowed or _all_allowed(addresses, policy)
    if target.scheme != "https" and not plain_ok:
        raise URLRejected("URL must use https")
    for address in addresses:
        reason = refusal(address)
        if reason and not policy.address_allowed(address):
            raise URLRejected(f"host resolves to {reason}")
    return addresses


async def resolve_checked(target: Target, policy: URLPolicy, resolve: Resolver) -> list[Address]:
    """Resolve ``target``'s host (unless it is a literal) and judge every address."""
    if target.literal is not None:
        return judge(target, [target.literal], policy)
    try:
        resolved = await resolve(target.host)
    except Exception:  # noqa: BLE001 - any resolver failure means: refuse
        raise URLRejected("host does not resolve") from None
    return judge(target, resolved, policy)


async def check_url(url: str, policy: URLPolicy, resolve: Resolver = system_resolver) -> None:
    """Raise ``URLRejected`` unless ``url`` may be a webhook target (at registration)."""
    target = parse_target(url)
    if policy.host_allowed(target.host):
        return
    await resolve_checked(target, policy, resolve)


def _literal(host: str) -> list[Address] | None:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        return None


def _all_allowed(addresses: Iterable[Address], policy: URLPolicy) -> bool:
    return all(
        any(a in ipaddress.ip_network(e, strict=False) for e in policy.allowlist if "/" in e)
        for a in addresses
    )
