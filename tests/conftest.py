"""Test-wide settings: the suite never reaches the internet.

Outbound connections to anything but the loopback interface raise, so a test
that would silently call a real API fails loudly instead. Servers the tests
start themselves on 127.0.0.1 are reachable.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if not _is_local(address):
        raise RuntimeError(f"tests must not reach the network (tried {address!r}); use a local server on 127.0.0.1")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_local(address):
        raise RuntimeError(f"tests must not reach the network (tried {address!r}); use a local server on 127.0.0.1")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    # An API key in the developer's shell must never make a test talk to a real service.
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAIMEX_MODEL"):
        monkeypatch.delenv(var, raising=False)
    yield


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
