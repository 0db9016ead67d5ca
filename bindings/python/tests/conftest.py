"""Start the sandbox server (the repo's `anytype-sandbox` binary) for the tests."""

from __future__ import annotations

import json
import os
import pathlib
import socket
import subprocess
import urllib.request

import pytest

import anytype

CODE = "1234"
REPO = pathlib.Path(__file__).resolve().parents[3]


class Sandbox:
    """A running sandbox process and helpers for its admin routes."""

    def __init__(self, *extra_args: str) -> None:
        binary = os.environ.get("ANYTYPE_SANDBOX_BIN") or str(
            REPO / "target" / "release" / "anytype-sandbox"
        )
        self.process = subprocess.Popen(
            [binary, "--port", "0", "--auth-code", CODE, *extra_args],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline().strip()
        assert first.startswith("listening on "), first
        self.url = first.removeprefix("listening on ")

    def admin(self, method: str, path: str, body: object | None = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("content-type", "application/json")
        with urllib.request.urlopen(request) as response:
            text = response.read()
        return json.loads(text) if text else None

    def fault(self, rule: dict) -> None:
        self.admin("POST", "/_sandbox/faults", rule)

    def count(self, method: str, path: str) -> int:
        stats = self.admin("GET", "/_sandbox/stats")
        return stats["requests"].get(f"{method} {path}", 0)  # type: ignore[index]

    def key(self) -> str:
        return self.admin("POST", "/_sandbox/keys")["api_key"]  # type: ignore[index]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture()
def sandbox():
    server = Sandbox("--no-rate-limit")
    yield server
    server.stop()


@pytest.fixture()
def config(sandbox: Sandbox) -> anytype.ClientConfig:
    return anytype.ClientConfig(base_url=sandbox.url)


@pytest.fixture()
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
