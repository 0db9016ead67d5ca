"""The generated API reads like Python: records print their fields, enums iterate, errors carry
their message, wrong arguments are named, durations take seconds, help() shows the real API."""

from __future__ import annotations

import datetime
import enum
import inspect
import pydoc

import pytest

import anytype
from anytype import blocking
from anytype._ffi import anytype_ffi as generated


def generated_classes():
    return [
        getattr(generated, name)
        for name in generated.__all__
        if isinstance(getattr(generated, name), type) and not name.endswith("Protocol")
    ]


def test_records_print_their_fields():
    space = anytype.Space(
        id="sp1", name="Research", description="", icon=anytype.Icon.EMOJI(emoji="🔬"),
        gateway_url="http://gw", network_id="n1", kind=anytype.SpaceKind.SPACE(),
    )
    assert repr(space) == (
        "Space(id='sp1', name='Research', description='', icon=Icon.EMOJI(emoji='🔬'), "
        "gateway_url='http://gw', network_id='n1', kind=SpaceKind.SPACE())"
    )
    assert repr(anytype.SpaceKind.OTHER(value="x")) == "SpaceKind.OTHER(value='x')"
    config = anytype.ClientConfig(base_url="http://h", max_retries=1)
    assert repr(config).startswith("ClientConfig(base_url='http://h', connect_timeout=None,")


def test_every_enum_iterates_like_enum_enum():
    kinds = list(anytype.SpaceKind)
    assert kinds == [anytype.SpaceKind.SPACE, anytype.SpaceKind.CHAT_SPACE,
                     anytype.SpaceKind.ONE_TO_ONE, anytype.SpaceKind.TECH_SPACE]
    assert len(anytype.SpaceKind) == 4
    assert repr(kinds) == "[SpaceKind.SPACE, SpaceKind.CHAT_SPACE, SpaceKind.ONE_TO_ONE, SpaceKind.TECH_SPACE]"
    assert repr(anytype.SpaceKind) == "<enum 'SpaceKind'>"
    assert anytype.SpaceKind.SPACE() in anytype.SpaceKind
    assert anytype.SpaceKind.OTHER(value="new") in anytype.SpaceKind  # open: not listed, a member
    assert anytype.Color.RED in list(anytype.Color)
    for name in generated.__all__:
        cls = getattr(generated, name)
        if isinstance(cls, type) and not issubclass(cls, BaseException) and not name.endswith("Protocol"):
            if issubclass(cls, enum.Enum) or hasattr(cls, "_unit_variants_"):
                members = list(cls)  # every enum, plain or with fields, iterates
                assert len(members) == len(cls), name
    # Enums without fields anywhere are enum.Enum themselves.
    assert isinstance(anytype.SortDirection.ASC, enum.Enum)


def test_enum_values_compare_and_match():
    kind = anytype.SpaceKind.CHAT_SPACE()
    assert kind == anytype.SpaceKind.CHAT_SPACE and kind != anytype.SpaceKind.SPACE
    assert anytype.SpaceKind.OTHER(value="x") == anytype.SpaceKind.OTHER(value="x")
    assert anytype.SpaceKind.OTHER(value="x") != anytype.SpaceKind.OTHER(value="y")
    match kind:
        case anytype.SpaceKind.SPACE:
            seen = "space"
        case anytype.SpaceKind.CHAT_SPACE:
            seen = "chat"
        case _:
            seen = "other"
    assert seen == "chat"
    match anytype.SpaceKind.OTHER(value="anytype.future"):
        case anytype.SpaceKind.OTHER(value=value):
            assert value == "anytype.future"
        case _:
            pytest.fail("OTHER(value) did not match")
    # The generated converters (which look the enum up by name) still write and read them.
    request = anytype.CreateTagRequest(name="t", color=anytype.Color.OTHER(value="ultraviolet"))
    tags = blocking.AnytypeClient("key").tags("space", "prop")
    with pytest.raises(anytype.AnytypeError.InvalidInput) as caught:
        tags.create(request)  # refused before anything is sent: an unknown colour
    assert caught.value.field == "color" and "ultraviolet" in str(caught.value)


def test_errors_carry_their_message_in_args():
    error = anytype.AnytypeError.NotFound(status=404, detail="Space x not found")
    assert error.args == ("not found (404): Space x not found",)
    assert str(error) == error.args[0]
    assert repr(error) == "AnytypeError.NotFound(status=404, detail='Space x not found')"
    with pytest.raises(anytype.AnytypeError.InvalidInput) as caught:
        anytype.AnytypeClient("", anytype.ClientConfig())
    assert caught.value.args == (str(caught.value),)
    assert "detail=" not in caught.value.args[0] and caught.value.args[0]


async def test_a_wrong_argument_type_names_the_argument(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    with pytest.raises(TypeError, match=r"Spaces\.get\(\): argument 'space_id': .*str"):
        await client.spaces().get(123)
    with pytest.raises(TypeError, match=r"argument 'config\.max_retries'"):
        anytype.AnytypeClient("key", anytype.ClientConfig(max_retries="3"))
    with pytest.raises(TypeError, match=r"argument 'config\.request_timeout'.*timedelta or seconds"):
        anytype.Auth(anytype.ClientConfig(request_timeout="5"))
    with pytest.raises(TypeError, match=r"missing 1 required positional argument"):
        await client.spaces().get()  # Python's own TypeErrors stay as they are
    assert sandbox.count("GET", "/v1/spaces/123") == 0


def test_a_wrong_blocking_argument_names_the_argument(sandbox, config):
    spaces = blocking.AnytypeClient(sandbox.key(), config).spaces()
    with pytest.raises(TypeError, match=r"Spaces\.get\(\): argument 'space_id'"):
        spaces.get(123)
    with pytest.raises(TypeError, match=r"Spaces\.list\(\): argument 'limit'"):
        spaces.list(0, "10")


@pytest.mark.parametrize("seconds", [0.3, 1])
async def test_durations_take_seconds(sandbox, seconds):
    sandbox.fault({"method": "GET", "path": "/v1/spaces", "fault": {"kind": "latency", "ms": 3000}})
    cfg = anytype.ClientConfig(base_url=sandbox.url, request_timeout=seconds, max_retries=0, connect_timeout=5)
    client = anytype.AnytypeClient(sandbox.key(), cfg)
    with pytest.raises(anytype.AnytypeError.Timeout) as caught:
        await client.spaces().list(0, 1)
    assert caught.value.after == datetime.timedelta(seconds=seconds)
    with pytest.raises(anytype.AnytypeError.InvalidInput):  # the same range check as a timedelta
        anytype.AnytypeClient("key", anytype.ClientConfig(request_timeout=0))
    with pytest.raises(ValueError):
        anytype.AnytypeClient("key", anytype.ClientConfig(request_timeout=-1))


def test_help_shows_the_documented_api_with_real_defaults():
    text = pydoc.render_doc(anytype.Spaces, renderer=pydoc.plaintext)
    assert "object object at" not in text
    assert "filter: 'typing.Union[object, typing.Optional[Filter]]' = None" in text
    for internal in ("_uniffi", "__del__", "Protocol", "__abstractmethods__", "_handle"):
        assert internal not in text, internal
    for method in ("get", "list", "list_all", "iter_all", "pager", "create", "update"):
        assert f"{method}(self" in text, method
    assert "iter_all(self" in text and "iterate(" not in text
    assert repr(inspect.signature(anytype.ClientConfig).parameters["request_timeout"].default) == "None"
    assert repr(inspect.signature(anytype.ClientConfig).parameters["extra_root_certificates_pem"].default) == "[]"
    sentinel = generated._DEFAULT
    for cls in generated_classes():
        for name, member in [("__init__", cls)] + [(n, m) for n, m in vars(cls).items() if inspect.isfunction(m)]:
            if name.startswith("_") and name != "__init__":
                continue
            try:
                parameters = inspect.signature(member).parameters.values()
            except (TypeError, ValueError):
                continue
            assert all(p.default is not sentinel for p in parameters), f"{cls.__name__}.{name}"
    variant_help = pydoc.render_doc(anytype.PropertyInput.DATE, renderer=pydoc.plaintext)
    assert "Set a date property" in variant_help  # the variant's own docstring
    assert "is_date(self)" in variant_help and "class TEXT" not in variant_help  # not its siblings
    assert "SPACE" in dir(anytype.SpaceKind) and "CHAT_SPACE" not in dir(anytype.SpaceKind.SPACE)
    variants = [v for cls in generated_classes() for v in vars(cls).values()
                if isinstance(v, type) and issubclass(v, cls) and v is not cls]
    assert anytype.PropertyInput.DATE in variants
    for variant in variants:
        assert all(p.default is not sentinel for p in inspect.signature(variant).parameters.values())
