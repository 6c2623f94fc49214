"""URL checks by resolution only: the resolver is injected, nothing is ever sent."""

from __future__ import annotations

import pytest

from services.delivery.urlcheck import URLPolicy, URLRejected, check_url


def resolver(table: dict[str, list[str]]):
    async def resolve(host: str) -> list[str]:
        if host not in table:
            raise OSError("NXDOMAIN")
        return table[host]

    return resolve


DNS = resolver({
    "hooks.example.org": ["93.184.216.34"],
    "internal.example.org": ["10.1.2.3"],
    "mixed.example.org": ["93.184.216.34", "192.168.1.5"],
    "meta.example.org": ["169.254.169.254"],
    "v6local.example.org": ["fe80::1"],
    "mapped.example.org": ["::ffff:127.0.0.1"],
    "cgnat.example.org": ["100.64.1.1"],
    "localhost": ["127.0.0.1"],
})
PROD = URLPolicy()
DEV = URLPolicy(allow_loopback=True)


@pytest.mark.parametrize(
    ("url", "policy", "error"),
    [
        ("https://hooks.example.org/h/tok", PROD, None),
        ("http://hooks.example.org/h", PROD, "must use https"),
        ("https://internal.example.org/h", PROD, "private"),
        ("https://mixed.example.org/h", PROD, "private"),
        ("https://meta.example.org/latest", PROD, "metadata"),
        ("http://169.254.169.254/latest", PROD, "must use https"),
        ("https://169.254.169.254/latest", PROD, "metadata"),
        ("https://v6local.example.org/", PROD, "link-local"),
        ("https://mapped.example.org/", PROD, "loopback"),
        ("https://cgnat.example.org/", PROD, "shared"),
        ("https://[::1]/", PROD, "loopback"),
        ("https://0.0.0.0/", PROD, "reserved"),
        ("http://127.0.0.1:8080/h", PROD, "must use https"),
        ("https://localhost/h", PROD, "loopback"),
        ("http://127.0.0.1:8080/h", DEV, None),
        ("http://localhost:8080/h", DEV, None),
        ("http://internal.example.org/h", DEV, "must use https"),
        ("https://nowhere.example.org/", PROD, "does not resolve"),
        ("ftp://hooks.example.org/", PROD, r"http\(s\)"),
        ("https://user:pw@hooks.example.org/", PROD, "credentials"),
        ("https://internal.example.org/h", URLPolicy(allowlist=("internal.example.org",)), None),
        ("http://internal.example.org/h", URLPolicy(allowlist=("10.0.0.0/8",)), None),
        ("https://mixed.example.org/h", URLPolicy(allowlist=("192.168.0.0/16",)), None),
    ],
)
async def test_check_url(url, policy, error):
    if error is None:
        await check_url(url, policy, DNS)
    else:
        with pytest.raises(URLRejected, match=error) as caught:
            await check_url(url, policy, DNS)
        assert "example.org" not in str(caught.value) and "tok" not in str(caught.value)
