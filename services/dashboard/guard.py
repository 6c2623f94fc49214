"""What stands between the dashboard and whoever can reach its port.

    security headers  every response: a strict Content-Security-Policy (scripts, styles, data
                      only from this origin; no inline script or style; no framing),
                      nosniff, no referrer, X-Frame-Options DENY
    binding           loopback by default; any other address needs ``expose`` and a read token
                      (``check_binding`` refuses to start otherwise and says what is missing)
    read token        when one is set, every request but the probes carries it: the header
                      ``Authorization: Bearer <token>``, or the cookie a browser gets by opening
                      any page once with ``?token=<token>`` (HttpOnly, SameSite=Strict; the
                      token is then taken out of the address by a redirect)

The token comes from a file or the environment (``read_token``), never from a command line.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from pydantic import SecretStr

__all__ = ["CSP", "SECURITY_HEADERS", "TokenError", "check_binding", "is_loopback",
           "read_token", "security_headers", "token_guard"]

#: No inline script or style, nothing from another origin, no plugins, no framing; the form
#: only ever reloads this page with its filters.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
#: Answer without the token: they say whether the process runs, nothing about any alert, and
#: probes and Prometheus scrape them as on every worker.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
COOKIE = "conflict_alerts_dashboard"
#: A token shorter than this is refused: it would be guessed.
MIN_TOKEN_CHARS = 16

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Middleware = Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]


class TokenError(ValueError):
    """The dashboard cannot start as configured; the message says why and what to do."""


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: runs for every response, static files, errors and the stream."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; False for anything else, names included
    (a name may resolve anywhere) and the empty host (every interface)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(env_token: SecretStr | None, token_file: Path | None) -> SecretStr | None:
    """The read token from its file (first line, trimmed) or the environment; the file wins."""
    token = env_token
    if token_file is not None:
        try:
            text = Path(token_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise TokenError(f"dashboard token file {token_file}: {exc.strerror}") from None
        token = SecretStr(text.strip())
    if token is None:
        return None
    value = token.get_secret_value()
    if len(value) < MIN_TOKEN_CHARS or any(c.isspace() or not c.isprintable() for c in value):
        raise TokenError(f"the dashboard token must be at least {MIN_TOKEN_CHARS} printable "
                         "characters without spaces (e.g. `openssl rand -hex 24`)")
    return token


def check_binding(host: str | None, *, expose: bool, token: SecretStr | None) -> None:
    """Refuse a bind the operator did not ask for: a non-loopback address needs ``expose``,
    and ``expose`` needs a read token."""
    shown = host or "every interface"
    if not expose and not is_loopback(host):
        raise TokenError(
            f"dashboard: refusing to listen on {shown} (not a loopback address): the alerts "
            "would be readable by anyone who reaches it. Pass --expose (or set "
            "CONFLICT_ALERTS_DASHBOARD_EXPOSE=true) together with a read token, or bind "
            "127.0.0.1.")
    if expose and token is None:
        raise TokenError(
            f"dashboard: --expose on {shown} needs a read token: --token-file FILE, "
            "CONFLICT_ALERTS_DASHBOARD_TOKEN_FILE or CONFLICT_ALERTS_DASHBOARD_TOKEN.")


def _session(token: SecretStr) -> str:
    """The cookie's value: derived from the token, so changing the token ends every session,
    and the cookie alone does not give the token away."""
    return hmac.new(token.get_secret_value().encode(), b"conflict-alerts dashboard session",
                    hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _unauthorized() -> web.Response:
    return web.Response(
        status=401, content_type="text/plain", headers={"WWW-Authenticate": "Bearer"},
        text="This dashboard needs its read token: send `Authorization: Bearer <token>`, or "
             "open /?token=<token> once in the browser.\n")


def token_guard(token: SecretStr) -> Middleware:
    """Middleware that lets through only requests that carry the token (probes excepted)."""
    secret, session = token.get_secret_value(), _session(token)

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in OPEN_PATHS:
            return await handler(request)
        if "token" in request.query:
            if not _same(request.query["token"], secret):
                return _unauthorized()
            # Swap the token in the address for a cookie, so it leaves no trace in history.
            query = request.rel_url.query.copy()
            del query["token"]
            response = web.HTTPSeeOther(str(request.rel_url.with_query(query)))
            response.set_cookie(COOKIE, session, path="/", httponly=True, samesite="Strict",
                                secure=request.secure)
            response.headers["Cache-Control"] = "no-store"
            raise response
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and _same(value.strip(), secret):
            return await handler(request)
        if _same(request.cookies.get(COOKIE, ""), session):
            return await handler(request)
        return _unauthorized()

    return guard
