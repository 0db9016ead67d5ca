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


def returns_a_pager(method) -> bool:
    """Read from the generated annotation (a string: the module uses postponed annotations)."""
    annotation = inspect.signature(method).return_annotation
    cls = getattr(generated, annotation, None) if isinstance(annotation, str) else annotation
    return isinstance(cls, type) and "next_page" in cls.__dict__


def test_every_generated_pager_has_an_adapter():
    pagers = [cls for cls in generated_classes() if "next_page" in cls.__dict__]
    assert {cls.__name__ for cls in pagers} >= {
        "SpacePager", "BlockingSpacePager", "ObjectPager", "BlockingObjectPager", "ViewPager", "BlockingViewPager",
    }
    for cls in pagers:
        if inspect.iscoroutinefunction(cls.__dict__["next_page"]):
            assert hasattr(cls, "__aiter__") and hasattr(cls, "__anext__"), cls.__name__
        else:
            assert hasattr(cls, "__iter__") and hasattr(cls, "__next__"), cls.__name__
    # Every method that makes a pager (pager, search_pager, view_pager, object_pager, ...) is
    # paired with its list method and has an item iterator with the same parameters.
    makers = {
        (cls.__name__, name)
        for cls in generated_classes()
        for name, method in cls.__dict__.items()
        if inspect.isfunction(method) and returns_a_pager(method)
    }
    assert {("Objects", "search_pager"), ("Search", "pager"), ("Lists", "view_pager"),
            ("Lists", "object_pager"), ("BlockingLists", "object_pager"), ("Spaces", "pager")} <= makers
    paired = set()
    for cls in generated_classes():
        for pager, list_name, iter_name in anytype._paged_methods(cls):
            paired.add((cls.__name__, pager))
            iterate, listing = getattr(cls, iter_name), getattr(cls, list_name)
            assert list(inspect.signature(iterate).parameters) == list(inspect.signature(listing).parameters)
            if list_name == pager:  # no list twin (`message_pager` -> `iter_messages`)
                blocking = cls.__name__.startswith(anytype.BLOCKING_PREFIX)
                check = inspect.isgeneratorfunction if blocking else inspect.isasyncgenfunction
                assert check(iterate), (cls.__name__, iter_name)
            elif inspect.iscoroutinefunction(listing):
                assert inspect.isasyncgenfunction(iterate), (cls.__name__, iter_name)
                assert listing.__wrapped__ is not None, f"{cls.__name__}.{list_name} walks the pager"
            else:
                assert inspect.isgeneratorfunction(iterate), (cls.__name__, iter_name)
    assert makers == paired, f"pager methods without an iterator: {sorted(makers - paired)}"
    names = {name for cls in generated_classes() for _, _, name in anytype._paged_methods(cls)}
    assert names >= {"iter_all", "iter_search", "iter_views", "iter_objects"}


def test_the_public_names_are_the_generated_ones():
    public = set(anytype.__all__)
    assert {"Spaces", "SpacePager", "AnytypeClient", "Auth", "Space", "AnytypeError"} <= public
    assert not any(name.startswith("Blocking") for name in public)
    handwritten = {"DESKTOP_URL", "HEADLESS_URL", "blocking", "filters"} | set(anytype.filters.__all__)
    assert {"where", "asc", "desc"} <= handwritten <= public
    for name in public - handwritten:
        assert getattr(anytype, name) is getattr(generated, name), name
    assert not any(name in generated.__all__ for name in handwritten), "a hand-written name hides a generated one"
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
