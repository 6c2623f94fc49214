"""Signing secrets sealed at rest: the ``subscriptions`` topic holds them only as Fernet tokens.

    secrets key(s), newest first ──▶ Sealer.seal(secrets) ──▶ "gAAAAA..."  (the record's
                                                                           ``sealed_secrets``)
                                     Sealer.open(token)   ◀── any configured key opens it, and
                                                              says whether the newest one did

A token is Fernet (AES-128-CBC with HMAC-SHA256, authenticated, with its creation time) over the
JSON list of a subscription's whsec_ secrets, newest first. Sealing always uses the first key;
opening tries each in turn (``MultiFernet``), so a record sealed with an older key still opens.
Rotation: put a new key first in the key file, then either run ``conflict-alerts reseal``
(``services/delivery/reseal.py``: every record written again with the newest key) or restart the
worker (it re-seals every record the newest key did not seal, ``Subscriptions.reseal``); then the
old key can be removed. A sealer made from a key file reads it again when it changes (checked
before each seal or open), so a running worker opens records sealed with a key added after it
started, and seals its own writes with it: no restart is needed. A key file that cannot be read
as it is being edited leaves the keys as they were (logged). Keys from the variable are read once.

Where the keys come from (``sealer_from_settings``): ``secrets_key_file`` (one key a line, ``#``
comments), else ``secrets_key`` (comma-separated), else, in the embedded profile only (``up``,
``demo``, the tests), ``<data_dir>/secrets.key``, made with mode 0600 on first start. A
production worker with no key stores no subscription at all: a key generated on a container's
ephemeral disk would make every stored secret unreadable at the next restart.

Errors name the file, the line or the record, never a key or a secret.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

from services.common.errors import ConfigError, ConflictAlertsError
from services.common.settings import Settings

__all__ = ["KEY_FILE_NAME", "SealedSecretsError", "Sealer", "SecretsKeyError", "ensure_key_file",
           "load_keys", "sealer_from_settings"]

log = logging.getLogger(__name__)

KEY_FILE_NAME = "secrets.key"
_HOW = ("set CONFLICT_ALERTS_SECRETS_KEY_FILE (one Fernet key a line) or "
        "CONFLICT_ALERTS_SECRETS_KEY")
_MAKE = ("python -c 'from cryptography.fernet import Fernet; "
         "print(Fernet.generate_key().decode())'")


class SecretsKeyError(ConfigError):
    """The secrets key file or variable is unreadable or holds something that is not a key."""


class SealedSecretsError(ConflictAlertsError):
    """Secrets cannot be sealed or opened here: no key, a key that does not open them, or a
    damaged token. Not retryable: only a change of configuration helps."""


def _parse(items: Sequence[str], where: str, unit: str) -> tuple[bytes, ...]:
    keys = []
    for number, raw in enumerate(items, 1):
        item = raw.strip()
        if not item or item.startswith("#"):
            continue
        try:
            Fernet(item.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise SecretsKeyError(
                f"{where}: {unit} {number} is not a Fernet key (32 bytes, urlsafe base64; "
                f"make one with {_MAKE})") from None
        keys.append(item.encode("ascii"))
    if not keys:
        raise SecretsKeyError(f"{where}: holds no key")
    return tuple(keys)


def load_keys(key: SecretStr | None, key_file: Path | None) -> tuple[bytes, ...]:
    """The configured keys, newest first: the file's (it wins), else the variable's, else ()."""
    if key_file is not None:
        where = f"secrets key file {key_file}"
        try:
            text = Path(key_file).read_text(encoding="utf-8")
            mode = Path(key_file).stat().st_mode
        except OSError as exc:
            raise SecretsKeyError(f"{where}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise SecretsKeyError(f"{where}: not UTF-8 text") from None
        if mode & 0o077:
            log.warning("the secrets key file is readable by other users; chmod 600 it",
                        extra={"path": str(key_file)})
        return _parse(text.splitlines(), where, "line")
    if key is not None:
        return _parse(key.get_secret_value().split(","), "CONFLICT_ALERTS_SECRETS_KEY", "key")
    return ()


def ensure_key_file(path: Path) -> Path:
    """Make ``path`` holding one new key, mode 0600, unless it exists (it is then kept as it
    is). Written aside and linked into place, so a reader never sees a half-written file and
    two processes starting at once end up with one key."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(aside, path)
            log.warning("no secrets key configured: made one (keep it, and back it up with "
                        "the broker's data)", extra={"path": str(path)})
        except FileExistsError:
            pass
    finally:
        aside.unlink(missing_ok=True)
    return path


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_mtime_ns, status.st_size)


class Sealer:
    """Seals and opens lists of secrets with the configured keys (none: every call refuses).
    With ``key_file`` (the file ``keys`` were read from), the keys follow the file's changes."""

    def __init__(self, keys: Sequence[bytes], *, key_file: Path | None = None) -> None:
        self._use(keys)
        self._key_file = key_file
        self._stamp = _stamp(key_file) if key_file is not None else None

    def _use(self, keys: Sequence[bytes]) -> None:
        self._fernets = tuple(Fernet(k) for k in keys)
        self._multi = MultiFernet(self._fernets) if self._fernets else None

    def __repr__(self) -> str:
        return f"Sealer({len(self._fernets)} key(s))"

    def refresh(self) -> bool:
        """Read the key file again if it changed since it was last read; True when the keys
        were replaced. A file that does not read as keys (half-written, emptied) keeps the
        keys as they were, and is tried again at the next change."""
        if self._key_file is None:
            return False
        stamp = _stamp(self._key_file)
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            keys = load_keys(None, self._key_file)
        except SecretsKeyError as exc:
            log.warning("the secrets key file changed but cannot be used; keeping the keys "
                        "read before", extra={"reason": str(exc)})
            return False
        self._use(keys)
        log.info("secrets keys read again from the changed key file",
                 extra={"path": str(self._key_file), "keys": len(keys)})
        return True

    @property
    def configured(self) -> bool:
        self.refresh()
        return self._multi is not None

    def seal(self, secrets: Sequence[str]) -> str:
        """The Fernet token of ``secrets``, sealed with the newest key."""
        self.refresh()
        if self._multi is None:
            raise SealedSecretsError(f"no secrets key is configured to seal with: {_HOW}")
        return self._multi.encrypt(json.dumps(list(secrets)).encode("utf-8")).decode("ascii")

    def open(self, token: str) -> tuple[tuple[str, ...], bool]:
        """The secrets in ``token`` and whether the newest key sealed them (False: re-seal)."""
        self.refresh()
        if self._multi is None:
            raise SealedSecretsError(f"its secrets are sealed and no secrets key is "
                                     f"configured: {_HOW}")
        data = token.encode("ascii", "replace")
        newest = True
        try:
            try:
                plain = self._fernets[0].decrypt(data)
            except InvalidToken:
                newest = False
                plain = self._multi.decrypt(data)
        except InvalidToken:
            raise SealedSecretsError(
                f"none of the {len(self._fernets)} configured secrets key(s) opens its sealed "
                "secrets (sealed with another key, or damaged)") from None
        try:
            secrets = json.loads(plain)
        except ValueError:
            secrets = None
        if (not isinstance(secrets, list) or not secrets
                or not all(isinstance(s, str) for s in secrets)):
            raise SealedSecretsError("its sealed secrets open to something that is not a list "
                                     "of secrets")
        return tuple(secrets), newest


def sealer_from_settings(settings: Settings) -> Sealer:
    """The sealer of a worker: the configured keys, the embedded default key file, or none."""
    keys = load_keys(settings.secrets_key, settings.secrets_key_file)
    if settings.secrets_key_file is not None:
        return Sealer(keys, key_file=settings.secrets_key_file)
    if not keys and settings.embedded:
        path = ensure_key_file((settings.data_dir / KEY_FILE_NAME).absolute())
        return Sealer(load_keys(None, path), key_file=path)
    return Sealer(keys)
