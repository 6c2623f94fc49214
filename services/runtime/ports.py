"""Free loopback ports for the processes ``up``, ``demo`` and the tests start.

A port the kernel hands out for ``bind(("127.0.0.1", 0))`` lies in its ephemeral range, the same
range it draws from for the local end of every outgoing connection. Between choosing such a port
and the child process binding it, any client connection (a worker's to the broker, say) may take
it, and the child dies with 'address already in use'. Ports below the ephemeral range are only
ever taken by an explicit bind, so ``free_port`` picks one of those."""

from __future__ import annotations

import random
import socket
from pathlib import Path

__all__ = ["free_port", "port_free"]

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
#: Room left below the ephemeral range, so a caller may count up from a port it was given.
_HEADROOM = 32


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def ephemeral_low() -> int:
    """The first port of the kernel's ephemeral range (Linux's default when it cannot be read)."""
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port(rng: random.Random | None = None) -> int:
    """A port free on loopback now and outside the ephemeral range (any free port as a last
    resort, when none below the range is)."""
    rng = rng or random.Random()
    high = ephemeral_low() - _HEADROOM
    low = max(1024, high - 16384)
    for _ in range(64):
        port = rng.randrange(low, high) if high > low else 0
        if port and port_free(port):
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
