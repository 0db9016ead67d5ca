"""The package's shape: everything comes from the generated module, every pager is iterable,
and the blocking twins are real blocking calls (no event loop, the GIL released)."""

from __future__ import annotations

import inspect
import threading
import time

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


def test_every_generated_pager_has_an_adapter():
    pagers = [cls for cls in generated_classes() if "next_page" in cls.__dict__]
    assert {cls.__name__ for cls in pagers} >= {"SpacePager", "BlockingSpacePager"}
    for cls in pagers:
        if inspect.iscoroutinefunction(cls.__dict__["next_page"]):
            assert hasattr(cls, "__aiter__") and hasattr(cls, "__anext__"), cls.__name__
        else:
            assert hasattr(cls, "__iter__") and hasattr(cls, "__next__"), cls.__name__
    resources = [cls for cls in generated_classes() if "pager" in cls.__dict__]
    assert {cls.__name__ for cls in resources} >= {"Spaces", "BlockingSpaces"}
    for cls in resources:
        assert hasattr(cls, "iter_all"), f"{cls.__name__} has a pager but no iter_all"


def test_the_public_names_are_the_generated_ones():
    public = set(anytype.__all__)
    assert {"Spaces", "SpacePager", "AnytypeClient", "Auth", "Space", "AnytypeError"} <= public
    assert not any(name.startswith("Blocking") for name in public)
    for name in public - {"DESKTOP_URL", "HEADLESS_URL", "blocking"}:
        assert getattr(anytype, name) is getattr(generated, name), name
    # The blocking module: every twin under its plain name, records and errors shared.
    assert blocking.Spaces is generated.BlockingSpaces
    assert blocking.SpacePager is generated.BlockingSpacePager
    assert blocking.AnytypeClient is generated.BlockingAnytypeClient
    assert blocking.Space is anytype.Space and blocking.AnytypeError is anytype.AnytypeError
    assert not inspect.iscoroutinefunction(blocking.Spaces.list)
    assert inspect.iscoroutinefunction(anytype.Spaces.list)
    # Docstrings and hints come from the Rust definition.
    assert "page" in (blocking.Spaces.list.__doc__ or "")
    assert inspect.signature(blocking.Spaces.list).parameters["limit"].default == 100


def test_blocking_calls_release_the_gil(sandbox, config):
    """A blocking call that waits 400 ms in Rust lets other Python threads run meanwhile."""
    client = blocking.AnytypeClient(sandbox.key(), config)
    sandbox.fault({"method": "GET", "path": "/v1/spaces", "times": 1, "fault": {"kind": "latency", "ms": 400}})
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.005)

    spinner = threading.Thread(target=spin)
    spinner.start()
    started = time.monotonic()
    page = client.spaces().list(0, 10)
    waited = time.monotonic() - started
    stop.set()
    spinner.join()
    assert page.pagination.total == 3
    assert waited >= 0.35
    # ~80 ticks if the GIL is free during the wait; none (or one) if the call held it.
    assert ticks > 20, ticks


def test_blocking_errors_are_the_same_classes(sandbox, config):
    spaces = blocking.AnytypeClient(sandbox.key(), config).spaces()
    with pytest.raises(anytype.AnytypeError.NotFound) as caught:
        spaces.get("no-such-space")
    assert caught.value.status == 404
    with pytest.raises(anytype.AnytypeError.InvalidInput) as bad:
        spaces.list_all(page_size=0)
    assert bad.value.field == "page_size"
    assert sandbox.count("GET", "/v1/spaces") == 0


def test_blocking_pages_walk_every_page(sandbox, config):
    sandbox.admin("POST", "/_sandbox/spaces?count=22")
    spaces = blocking.AnytypeClient(sandbox.key(), config).spaces()
    pages = list(spaces.pager(10))
    assert [len(p.data) for p in pages] == [10, 10, 5]
    assert [s.id for s in spaces.iter_all(page_size=7)] == [s.id for p in pages for s in p.data]
    assert len(spaces.list_all(page_size=4)) == 25
