"""The delivery worker's HTTP server (aiohttp): the subscriptions API and ``/metrics``.

    POST   /subscriptions          201 {subscription, secret}   (the secret is shown this once)
    GET    /subscriptions          200 {subscriptions: [...]}    (never secrets)
    GET    /subscriptions/{id}     200 | 404
    PATCH  /subscriptions/{id}     200 (+ secret when rotated) | 404 | 409 (declared in config)
    DELETE /subscriptions/{id}     204 | 404 | 409
    GET    /metrics                Prometheus text format (no token: scrape from inside only)
    GET    /healthz                200 once subscriptions and pending deliveries are loaded

/subscriptions needs ``Authorization: Bearer <token>`` (``subscriptions_api_token``, compared
in constant time; unset: every call is refused with 401). Errors are JSON ``{"error": ...}`` and
never repeat a URL or a secret.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web
from pydantic import BaseModel, SecretStr, ValidationError

from services.common.codec import describe_validation_error
from services.delivery.metrics import DeliveryMetrics
from services.delivery.subscriptions import (
    ApiError,
    SubscriptionCreate,
    SubscriptionPatch,
    Subscriptions,
)

__all__ = ["build_api"]

Now = Callable[[], datetime]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _authorized(request: web.Request, token: SecretStr | None) -> bool:
    if token is None:
        return False
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.get_secret_value().encode())


async def _body(request: web.Request, model: type[BaseModel]) -> BaseModel:
    try:
        data = json.loads(await request.read() or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "body is not JSON") from None
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
            if not _authorized(request, token):
                return _error(401, "missing or wrong API token")
            if not ready():
                return _error(503, "subscriptions are still loading")
        try:
            return await handler(request)
        except ApiError as exc:
            return _error(exc.status, str(exc))

    async def create(request: web.Request) -> web.Response:
        body = await _body(request, SubscriptionCreate)
        assert isinstance(body, SubscriptionCreate)
        sub, secret = await subscriptions.create(body, now())
        return web.json_response(sub.public() | {"secret": secret}, status=201)

    async def listing(request: web.Request) -> web.Response:
        return web.json_response(
            {"subscriptions": [s.public() for s in subscriptions.store.all()]})

    async def show(request: web.Request) -> web.Response:
        return web.json_response(subscriptions.get(request.match_info["id"]).public())

    async def patch(request: web.Request) -> web.Response:
        subscriptions.get(request.match_info["id"])  # 404 before validating the body
        body = await _body(request, SubscriptionPatch)
        assert isinstance(body, SubscriptionPatch)
        sub, secret = await subscriptions.update(request.match_info["id"], body, now())
        return web.json_response(sub.public() | ({"secret": secret} if secret else {}))

    async def delete(request: web.Request) -> web.Response:
        await subscriptions.delete(request.match_info["id"])
        return web.Response(status=204)

    async def scrape(request: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(),
                            headers={"content-type": "text/plain; version=0.0.4; charset=utf-8"})

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ready": ready()}, status=200 if ready() else 503)

    app = web.Application(middlewares=[guard], client_max_size=64 * 1024)
    app.router.add_post("/subscriptions", create)
    app.router.add_get("/subscriptions", listing)
    app.router.add_get("/subscriptions/{id}", show)
    app.router.add_patch("/subscriptions/{id}", patch)
    app.router.add_delete("/subscriptions/{id}", delete)
    app.router.add_get("/metrics", scrape)
    app.router.add_get("/healthz", health)
    return app
