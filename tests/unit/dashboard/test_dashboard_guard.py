"""The dashboard's guard on a real server on 127.0.0.1: security headers on every response,
the read token (header, one-time ``?token=`` swapped for a cookie), and the refusal to bind a
non-loopback address without ``--expose`` and a token."""

from __future__ import annotations

import re

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from pydantic import SecretStr

from services.cli import build_parser
from services.common.settings import Settings
from services.dashboard.guard import (
    COOKIE,
    SECURITY_HEADERS,
    TokenError,
    check_binding,
    is_loopback,
    read_token,
)
from services.dashboard.server import STATIC, create_web_app
from tests.factories import NOW

SETTINGS = Settings(kafka_bootstrap_servers="127.0.0.1:1", topic_prefix="t.")
TOKEN = "k3y-for-the-dashboard-tests-0001"
PAGES = ["/", "/?rule=x", "/static/app.js", "/static/app.css", "/api/alerts", "/api/zones",
         "/api/boundaries", "/api/incidents", "/api/alerts/unknown", "/no/such/path",
         "/api/alerts?severity=bogus", "/healthz", "/readyz", "/metrics"]


async def _serve(token: str | None = None):
    app = create_web_app(SETTINGS, clock=lambda: NOW, consume=False,
                         token=SecretStr(token) if token else None)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


@pytest.fixture
async def open_server():
    server = await _serve()
    yield f"http://127.0.0.1:{server.port}"
    await server.close()


@pytest.fixture
async def guarded():
    server = await _serve(TOKEN)
    yield f"http://127.0.0.1:{server.port}"
    await server.close()


def _assert_headers(headers, where: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, (where, name)


async def test_every_response_carries_the_security_headers(open_server):
    async with ClientSession() as http:
        for path in PAGES:
            async with http.get(open_server + path) as response:
                _assert_headers(response.headers, path)
        async with http.get(open_server + "/api/stream") as stream:
            assert stream.headers["Content-Type"] == "text/event-stream"
            _assert_headers(stream.headers, "/api/stream")
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp and "*" not in csp


def test_the_static_files_need_no_inline_script_or_style():
    """What the CSP forbids must not be in the page: no inline <script> or <style>, no style
    or on* attributes in the HTML, no style attribute or string eval from the scripts."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script\b[^>]*>", html) == ['<script type="module" src="/static/app.js">']
    assert "<style" not in html and not re.search(r"\s(style|on\w+)=", html)
    for script in STATIC.glob("*.js"):
        code = script.read_text(encoding="utf-8")
        for banned in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "eval(", "new Function",
                       'setAttribute("style"',
                       "style: `", 'style: "', "javascript:"):
            assert banned not in code, (script.name, banned)


async def test_without_the_token_only_the_probes_answer(guarded):
    async with ClientSession() as http:
        for path in ("/", "/static/app.js", "/api/alerts", "/api/stream", "/api/alerts/x"):
            async with http.get(guarded + path) as response:
                assert response.status == 401, path
                assert "Authorization: Bearer" in await response.text()
                _assert_headers(response.headers, path)
        for header in (f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer "):
            async with http.get(guarded + "/api/alerts",
                                headers={"Authorization": header}) as response:
                assert response.status == 401, header
        async with http.get(guarded + "/api/alerts",
                            headers={"Cookie": f"{COOKIE}={TOKEN}"}) as response:
            assert response.status == 401  # the cookie is not the token itself
        for path in ("/healthz", "/readyz", "/metrics"):
            async with http.get(guarded + path) as response:
                assert response.status in (200, 503), path  # readyz: no consumer here


async def test_the_bearer_token_opens_everything(guarded):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with ClientSession(headers=auth) as http:
        for path in ("/", "/static/app.js", "/api/alerts", "/api/zones"):
            async with http.get(guarded + path) as response:
                assert response.status == 200, path
                _assert_headers(response.headers, path)


async def test_a_one_time_token_in_the_address_becomes_an_http_only_strict_cookie(guarded):
    async with ClientSession() as http:
        async with http.get(guarded + f"/?min_severity=high&token={TOKEN}",
                            allow_redirects=False) as response:
            assert response.status == 303
            assert response.headers["Location"] == "/?min_severity=high"  # token gone
            cookie = response.headers["Set-Cookie"]
            _assert_headers(response.headers, "redirect")
        name, _, rest = cookie.partition("=")
        value = rest.split(";", 1)[0]
        flags = {f.strip().lower() for f in cookie.split(";")[1:]}
        assert name == COOKIE and value and TOKEN not in cookie
        assert {"httponly", "samesite=strict", "path=/"} <= flags
        jar = {"Cookie": f"{COOKIE}={value}"}
        for path in ("/?min_severity=high", "/api/alerts", "/static/detail.js"):
            async with http.get(guarded + path, headers=jar) as response:
                assert response.status == 200, path
        async with http.get(guarded + "/api/alerts",
                            headers={"Cookie": f"{COOKIE}={value[:-1]}0"}) as response:
            assert response.status == 401
        async with http.get(guarded + "/?token=wrong-token-wrong-token",
                            allow_redirects=False) as response:
            assert response.status == 401 and "Set-Cookie" not in response.headers


async def test_a_new_token_ends_the_old_sessions():
    first, second = await _serve(TOKEN), await _serve(TOKEN[::-1])
    try:
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{first.port}/?token={TOKEN}",
                                allow_redirects=False) as response:
                value = response.headers["Set-Cookie"].split(";", 1)[0]
            async with http.get(f"http://127.0.0.1:{second.port}/api/alerts",
                                headers={"Cookie": value}) as response:
                assert response.status == 401
    finally:
        await first.close()
        await second.close()


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("", False), (None, False),
    ("192.168.1.4", False), ("10.0.0.1", False), ("dashboard.example", False),
    ("::ffff:127.0.0.1", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_binding_a_public_address_needs_expose_and_a_token():
    token = SecretStr(TOKEN)
    check_binding("127.0.0.1", expose=False, token=None)
    check_binding("0.0.0.0", expose=True, token=token)
    with pytest.raises(TokenError, match="--expose"):
        check_binding("0.0.0.0", expose=False, token=token)
    with pytest.raises(TokenError, match="every interface"):
        check_binding("", expose=False, token=None)
    with pytest.raises(TokenError, match="needs a read token"):
        check_binding("0.0.0.0", expose=True, token=None)


def test_the_token_is_read_from_a_file_or_the_environment(tmp_path):
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    assert read_token(None, None) is None
    assert read_token(SecretStr(TOKEN), None).get_secret_value() == TOKEN
    assert read_token(SecretStr("other-token-from-env-000"), path).get_secret_value() == TOKEN
    with pytest.raises(TokenError, match="at least 16"):
        read_token(SecretStr("short"), None)
    with pytest.raises(TokenError, match="at least 16"):
        read_token(SecretStr("a token with spaces in it"), None)
    with pytest.raises(TokenError, match="token file"):
        read_token(None, tmp_path / "missing")


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


def test_the_command_refuses_to_start_exposed_without_a_token(monkeypatch, capsys, tmp_path):
    for name in ("DASHBOARD_TOKEN", "DASHBOARD_TOKEN_FILE", "DASHBOARD_EXPOSE", "DASHBOARD_HOST"):
        monkeypatch.delenv(f"CONFLICT_ALERTS_{name}", raising=False)
    assert _run(["dashboard", "--host", "0.0.0.0"]) == 2
    assert "not a loopback address" in capsys.readouterr().err
    assert _run(["dashboard", "--host", "0.0.0.0", "--expose"]) == 2
    assert "needs a read token" in capsys.readouterr().err
    monkeypatch.setenv("CONFLICT_ALERTS_DASHBOARD_HOST", "0.0.0.0")
    assert _run(["dashboard"]) == 2  # the setting is no way around the flag
    (tmp_path / "short").write_text("abc")
    assert _run(["dashboard", "--expose", "--token-file", str(tmp_path / "short")]) == 2
    assert "at least 16" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["dashboard", "--token", TOKEN])
    assert "--token is not accepted" in capsys.readouterr().err
