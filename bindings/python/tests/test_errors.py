"""Errors surface as subclasses of anytype.AnytypeError, and bad input sends nothing."""

from __future__ import annotations

import datetime

import pytest

import anytype
from anytype import blocking


async def test_wrong_code(sandbox, config):
    auth = anytype.Auth(config)
    challenge = await auth.create_challenge("MyApp")
    with pytest.raises(anytype.AnytypeError.WrongCode) as caught:
        await auth.create_api_key(challenge, "9999")
    assert isinstance(caught.value, anytype.AnytypeError)
    assert "wrong code" in str(caught.value)


@pytest.mark.parametrize("limit", [0, 1001, -5])
async def test_bad_limit_sends_nothing(sandbox, config, limit):
    client = anytype.AnytypeClient(sandbox.key(), config)
    with pytest.raises(anytype.AnytypeError.InvalidInput) as caught:
        await client.spaces().list(0, limit)
    assert caught.value.field == "limit"
    assert sandbox.count("GET", "/v1/spaces") == 0


async def test_bad_input_everywhere(sandbox, config):
    auth = anytype.Auth(config)
    with pytest.raises(anytype.AnytypeError.InvalidInput):
        await auth.create_challenge("")
    for code in ["123", "12345", "abcd"]:
        with pytest.raises(anytype.AnytypeError.InvalidInput):
            await auth.create_api_key("challenge", code)
    with pytest.raises(anytype.AnytypeError.InvalidInput):
        await auth.create_api_key("", "1234")
    client = anytype.AnytypeClient(sandbox.key(), config)
    with pytest.raises(anytype.AnytypeError.InvalidInput):
        await client.spaces().get("")
    with pytest.raises(anytype.AnytypeError.InvalidInput):
        await client.spaces().create(anytype.CreateSpaceRequest(name="  "))
    with pytest.raises(anytype.AnytypeError.InvalidInput):
        anytype.AnytypeClient("", config)
    with pytest.raises(anytype.AnytypeError.InvalidInput) as caught:
        anytype.Auth(anytype.ClientConfig(base_url="not a url"))
    assert caught.value.field == "base_url"
    assert sandbox.count("POST", "/v1/auth/challenges") == 0
    assert sandbox.count("POST", "/v1/auth/api_keys") == 0
    assert sandbox.count("POST", "/v1/spaces") == 0


async def test_not_found_and_unauthorized(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    with pytest.raises(anytype.AnytypeError.NotFound):
        await client.spaces().get("no-such-space")
    stranger = anytype.AnytypeClient("not-a-real-key", config)
    with pytest.raises(anytype.AnytypeError.Unauthorized):
        await stranger.spaces().list(0, 10)


def test_blocking_raises_the_same_classes(sandbox, config):
    client = blocking.AnytypeClient(sandbox.key(), config)
    with pytest.raises(anytype.AnytypeError.NotFound):
        client.spaces().get("missing")


async def test_server_down_is_a_network_error(free_port):
    cfg = anytype.ClientConfig(base_url=f"http://127.0.0.1:{free_port}", max_retries=0)
    client = anytype.AnytypeClient("key", cfg)
    with pytest.raises(anytype.AnytypeError.Network) as caught:
        await client.spaces().list(0, 1)
    assert str(free_port) in caught.value.url


async def test_timeout_is_its_own_error(sandbox):
    sandbox.fault({"method": "GET", "path": "/v1/spaces", "fault": {"kind": "latency", "ms": 3000}})
    cfg = anytype.ClientConfig(
        base_url=sandbox.url, request_timeout=datetime.timedelta(milliseconds=300), max_retries=0
    )
    client = anytype.AnytypeClient(sandbox.key(), cfg)
    with pytest.raises(anytype.AnytypeError.Timeout) as caught:
        await client.spaces().list(0, 1)
    assert caught.value.after == datetime.timedelta(milliseconds=300)


async def test_the_key_never_shows(sandbox, config):
    key = sandbox.key()
    client = anytype.AnytypeClient(key, config)
    texts = [repr(client), str(client)]
    with pytest.raises(anytype.AnytypeError) as caught:
        await client.spaces().get("missing")
    texts += [str(caught.value), repr(caught.value)]
    assert texts and all(key not in text for text in texts)


def test_negative_retries_are_invalid_input():
    with pytest.raises(anytype.AnytypeError.InvalidInput) as caught:
        anytype.AnytypeClient("key", anytype.ClientConfig(max_retries=-1))
    assert caught.value.field == "max_retries"


@pytest.mark.parametrize(
    "field, value",
    [("request_timeout", datetime.timedelta(0)), ("request_timeout", datetime.timedelta(days=2)),
     ("connect_timeout", datetime.timedelta(days=2)), ("max_backoff", datetime.timedelta(days=2))],
)
def test_out_of_range_durations_are_invalid_input(field, value):
    with pytest.raises(anytype.AnytypeError.InvalidInput):
        anytype.AnytypeClient("key", anytype.ClientConfig(**{field: value}))
