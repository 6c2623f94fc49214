"""One inline deliverer per journal: the second process to lock it is refused."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from services.common.errors import ConfigError
from services.common.settings import Settings
from services.delivery.app import lock_journal


def test_a_second_owner_of_the_journal_is_refused(tmp_path):
    settings = Settings(data_dir=tmp_path, topic_prefix="t.")
    held = lock_journal(settings)
    try:
        # a lock is per open file: another process is the honest second owner
        code = textwrap.dedent(f"""
            from pathlib import Path
            from services.common.errors import ConfigError
            from services.common.settings import Settings
            from services.delivery.app import lock_journal
            try:
                lock_journal(Settings(data_dir=Path({str(tmp_path)!r}), topic_prefix="t."))
            except ConfigError as exc:
                print(exc)
                raise SystemExit(7)
        """)
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 7, result.stderr
        assert "t.deliveries" in result.stdout and "already delivered from" in result.stdout
    finally:
        held.close()
    # released: the journal can be taken again
    lock_journal(settings).close()


def test_another_journal_is_not_blocked(tmp_path):
    first = lock_journal(Settings(data_dir=tmp_path, topic_prefix="a."))
    second = lock_journal(Settings(data_dir=tmp_path, topic_prefix="b."))
    first.close()
    second.close()


def test_same_process_second_open_is_refused(tmp_path):
    settings = Settings(data_dir=tmp_path)
    held = lock_journal(settings)
    try:
        with pytest.raises(ConfigError):
            lock_journal(settings)
    finally:
        held.close()
