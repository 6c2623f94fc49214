"""The delivery worker's HTTP server (aiohttp): the subscriptions API and ``/metrics``.

    POST   /subscriptions          201 {subscription, secret}   (the secret is shown this once)
    GET    /subscriptions          200 {subscriptions: [...]}    (never secrets)
    GET    /subscriptions/{id}     200 | 404
    PATCH  /subscriptions/{id}     200 (+ secret when rotated) | 404 | 409 (declared in config)
    DELETE /subscriptions/{id}     204 | 404 | 409
    POST   /subscriptions/{id}/token  200 {token, subscriptions} (a new subscriber token, shown
                                   this once; the old one answers 401 from now on) | 404 | 409
    DELETE /subscriptions/{id}/token  200 {subscriptions} (no token works for that subscriber
                                   until one is reissued; operator only: 403) | 404 | 409
    GET    /metrics                Prometheus text format (no token: scrape from inside only)
    GET    /healthz                200 once subscriptions and pending deliveries are loaded;
                                   lists the ids of subscriptions whose secrets cannot be opened

/subscriptions needs ``Authorization: Bearer <token>``: the operator token
(``subscriptions_api_token``, compared in constant time) sees and changes every subscription; a
subscription created by the operator comes with a new subscriber token (``token``, shown this
once; only its SHA-256 is stored), which sees, creates and changes only its own subscriptions:
any other id answers 404, as an unknown one does. No or a wrong token: 401. Errors are JSON
``{"error": ...}`` and never repeat a URL, a secret or a token.

A subscriber is its token's hash (``owner``), shared by every subscription it has: a reissue
(the operator, or the subscriber itself, rotating its own) moves all of them to the new token's
hash, and a revoke (the operator only) marks all of them revoked, keeping the hash, so the next
reissue finds them again. Both are written to the subscriptions topic before the answer.

A request body goes through the same bounds as every message (``services/common/bounds.py``)
before it is parsed: over ``MAX_BODY_BYTES`` answers 413, nested too deep or a string or list
too long answers 400, so hostile JSON never reaches the recursive parser.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets as random_secrets
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from aiohttp import web
from pydantic import BaseModel, SecretStr, ValidationError

from services.common.bounds import DEFAULT_BOUNDS
from services.common.codec import describe_validation_error, load_json
from services.common.errors import InvalidMessage, MessageTooLarge
from services.delivery.metrics import DeliveryMetrics
from services.delivery.records import Subscription
from services.delivery.subscriptions import (
    ApiError,
    SubscriptionCreate,
    SubscriptionPatch,
    Subscriptions,
)

__all__ = ["build_api", "new_token", "token_hash"]

log = logging.getLogger(__name__)

Now = Callable[[], datetime]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


#: the largest request body read; a subscription is a URL, filters and a secret, well under it
MAX_BODY_BYTES = 64 * 1024
_BODY_BOUNDS = replace(DEFAULT_BOUNDS, max_bytes=MAX_BODY_BYTES)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


OPERATOR = "operator"
_PRINCIPAL = web.RequestKey("principal", str)  # OPERATOR or a subscriber token hash


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A subscriber token: ``cat_`` and 32 random bytes, urlsafe base64."""
    return "cat_" + random_secrets.token_urlsafe(32)


def _principal(request: web.Request, token: SecretStr | None,
               owners: Callable[[], set[str]]) -> str | None:
    """``OPERATOR``, the hash of a known subscriber token, or None (401)."""
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        return None
    if token is not None and hmac.compare_digest(value.encode(),
                                                 token.get_secret_value().encode()):
        return OPERATOR
    hashed = token_hash(value)
    return hashed if any(hmac.compare_digest(hashed, o) for o in owners()) else None


async def _body(request: web.Request, model: type[BaseModel]) -> BaseModel:
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, f"body is larger than {MAX_BODY_BYTES:,} bytes") from None
    try:
        data = load_json(raw or b"null", bounds=_BODY_BOUNDS)
    except MessageTooLarge as exc:
        raise ApiError(413, f"body: {exc}") from None
    except InvalidMessage as exc:
        raise ApiError(400, f"body: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, describe_validation_error(exc, "body")) from None


def build_api(subscriptions: Subscriptions, metrics: DeliveryMetrics, token: SecretStr | None,
              now: Now, ready: Callable[[], bool] = lambda: True) -> web.Application:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/subscriptions"):
            principal = _principal(request, token, owners)
            if principal is None:
                return _error(401, "missing or wrong API token")
            request[_PRINCIPAL] = principal
            if not ready():
                return _error(503, "subscriptions are still loading")
        try:
            return await handler(request)
        except ApiError as exc:
            return _error(exc.status, str(exc))

    def owners() -> set[str]:
        return {s.owner for s in subscriptions.store.all() if s.token_state == "active"}

    def visible(request: web.Request, sub: Subscription) -> bool:
        principal = request[_PRINCIPAL]
        return principal == OPERATOR or (principal == sub.owner and not sub.owner_revoked)

    def own(request: web.Request) -> Subscription:
        """The subscription named in the path, if this caller may see it; else 404."""
        sub = subscriptions.get(request.match_info["id"])
        if not visible(request, sub):
            raise ApiError(404, "no such subscription")
        return sub

    async def create(request: web.Request) -> web.Response:
        body = await _body(request, SubscriptionCreate)
        assert isinstance(body, SubscriptionCreate)
        given = None
        if request[_PRINCIPAL] == OPERATOR:
            given = new_token()
            owner = token_hash(given)
        else:
            owner = request[_PRINCIPAL]
        sub, secret = await subscriptions.create(body, now(), owner)
        shown = {"secret": secret} | ({"token": given} if given else {})
        return web.json_response(sub.public() | shown, status=201)

    async def listing(request: web.Request) -> web.Response:
        return web.json_response({"subscriptions": [
            s.public() for s in subscriptions.store.all() if visible(request, s)]})

    async def show(request: web.Request) -> web.Response:
        return web.json_response(own(request).public())

    async def patch(request: web.Request) -> web.Response:
        own(request)  # 404 before validating the body
        body = await _body(request, SubscriptionPatch)
        assert isinstance(body, SubscriptionPatch)
        sub, secret = await subscriptions.update(request.match_info["id"], body, now())
        return web.json_response(sub.public() | ({"secret": secret} if secret else {}))

    async def delete(request: web.Request) -> web.Response:
        own(request)
        await subscriptions.delete(request.match_info["id"])
        return web.Response(status=204)

    async def reissue(request: web.Request) -> web.Response:
        own(request)  # a subscriber may rotate its own token; another's id answers 404
        given = new_token()
        moved = await subscriptions.reissue_token(request.match_info["id"], token_hash(given),
                                                  now())
        log.info("subscriber token reissued", extra={
            "subscription": request.match_info["id"], "subscriptions": len(moved),
            "by": "operator" if request[_PRINCIPAL] == OPERATOR else "subscriber"})
        return web.json_response({"token": given, "subscriptions": [s.id for s in moved]})

    async def revoke(request: web.Request) -> web.Response:
        own(request)
        if request[_PRINCIPAL] != OPERATOR:
            raise ApiError(403, "only the operator revokes a subscriber token")
        revoked = await subscriptions.revoke_token(request.match_info["id"], now())
        log.info("subscriber token revoked", extra={
            "subscription": request.match_info["id"], "subscriptions": len(revoked)})
        return web.json_response({"subscriptions": [s.id for s in revoked],
                                  "subscriber_token": "revoked"})

    async def scrape(request: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(),
                            headers={"content-type": "text/plain; version=0.0.4; charset=utf-8"})

    async def health(request: web.Request) -> web.Response:
        # ids only: which stored subscriptions cannot be delivered to until their key is fixed
        unusable = sorted(s.id for s in subscriptions.store.unusable())
        return web.json_response({"ready": ready(), "unusable_subscriptions": unusable},
                                 status=200 if ready() else 503)

    app = web.Application(middlewares=[guard], client_max_size=MAX_BODY_BYTES)
    app.router.add_post("/subscriptions", create)
    app.router.add_get("/subscriptions", listing)
    app.router.add_get("/subscriptions/{id}", show)
    app.router.add_patch("/subscriptions/{id}", patch)
    app.router.add_delete("/subscriptions/{id}", delete)
    app.router.add_post("/subscriptions/{id}/token", reissue)
    app.router.add_delete("/subscriptions/{id}/token", revoke)
    app.router.add_get("/metrics", scrape)
    app.router.add_get("/healthz", health)
    return app
