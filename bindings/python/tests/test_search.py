"""Search, filters and sorting, lists and views through the Python idiom (asyncio and blocking).

Every expected result is computed here from the objects the test created (their done / due /
tags), never copied from an answer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import inspect
import pathlib
import uuid
from typing import Dict, List, Optional, Sequence

import pytest

import anytype
from anytype import (
    AnytypeError,
    CreateObjectRequest,
    CreateSpaceRequest,
    CreateTagRequest,
    Color,
    PropertyInput,
    SearchRequest,
    SortProperty,
    ViewLayout,
    ViewSortType,
    asc,
    blocking,
    desc,
    where,
)

UTC = datetime.timezone.utc


# The README's "Search and filters" example, verbatim (tests/test_search.py runs it).
async def readme_open_tasks(
    client: anytype.AnytypeClient, space_id: str, a: anytype.Tag, b: anytype.Tag
) -> list[anytype.Object]:
    friday = datetime.date(2027, 3, 5)
    # Every task that is not done, due before Friday, tagged A or B, newest first:
    return await client.objects(space_id).search_all(
        SearchRequest(
            types=["task"],
            filter=(where.checkbox("done") == False)  # noqa: E712  (a filter, not a comparison)
            & (where.date("due_date") < friday)
            & where.multi_select("tag").any_of(a, b),
            sort=desc("created_date"),
        )
    )


# --- the tasks the tests make ---------------------------------------------------------------

FRIDAY = datetime.datetime(2027, 3, 5, tzinfo=UTC)   # the README's `friday`, midnight UTC
DAY = datetime.timedelta(days=1)


@dataclasses.dataclass
class Made:
    """A task as the test created it (what the expected sets are computed from)."""

    id: str
    name: str
    done: bool
    due: Optional[datetime.datetime]
    tags: List[str]


def task_specs(run: str, a: str, b: str, c: str) -> List[Made]:
    """Every combination of done, due (before, at, after Friday, none) and tags: 40 tasks, with
    names of mixed case (`name` sorts ignoring case)."""
    specs = []
    dues = [FRIDAY - 2 * DAY, FRIDAY, FRIDAY + 2 * DAY, None]
    tag_sets = [[a], [b], [a, b], [c], []]
    for done in (False, True):
        for d, due in enumerate(dues):
            for t, tags in enumerate(tag_sets):
                n = len(specs)
                word = ["alpha", "Bravo", "charlie", "Delta", "echo"][t]
                specs.append(Made("", f"{run} {word} {d}{int(done)} #{n:02d}", done, due, tags))
    return specs


def create_request(spec: Made) -> CreateObjectRequest:
    properties = [PropertyInput.CHECKBOX(key="done", checked=spec.done)]
    if spec.due is not None:
        properties.append(PropertyInput.DATE(key="due_date", date=spec.due))
    if spec.tags:
        properties.append(PropertyInput.MULTI_SELECT(key="tag", tags=spec.tags))
    return CreateObjectRequest(type_key="task", name=spec.name, properties=properties)


def open_before_friday_tagged(tasks: Sequence[Made], *tags: str) -> set:
    """The README's question, answered from what the test made. A missing due date counts as
    before every date (the real server's order, docs/filters.md), and so does `lt`."""
    return {
        t.id for t in tasks
        if not t.done and (t.due is None or t.due < FRIDAY) and set(t.tags) & set(tags)
    }


def run_id() -> str:
    return "py" + uuid.uuid4().hex[:8]


@dataclasses.dataclass
class World:
    client: anytype.AnytypeClient
    space_id: str
    run: str
    tags: Dict[str, anytype.Tag]
    tasks: List[Made]


async def demo_space(client: anytype.AnytypeClient) -> str:
    """The first demo space: it has the `task` type with `done`, `due_date` and `tag`."""
    for space in await client.spaces().list_all():
        if any(t.key == "task" for t in await client.types(space.id).list_all()):
            return space.id
    pytest.fail("no demo space with a task type")


@pytest.fixture()
async def world(sandbox, config) -> World:
    client = anytype.AnytypeClient(sandbox.key(), config)
    space_id = await demo_space(client)
    run = run_id()
    tag_property = next(p for p in await client.properties(space_id).list_all() if p.key == "tag")
    tags_api = client.tags(space_id, tag_property.id)
    tags = {
        name: await tags_api.create(CreateTagRequest(name=f"{run} {name}", color=color))
        for name, color in (("A", Color.BLUE), ("B", Color.RED), ("C", Color.LIME))
    }
    specs = task_specs(run, tags["A"].id, tags["B"].id, tags["C"].id)
    for spec in specs:
        spec.id = (await client.objects(space_id).create(create_request(spec))).id
    return World(client, space_id, run, tags, specs)


def created_dates(objects: Sequence[anytype.Object]) -> List[datetime.datetime]:
    dates = [o.date("created_date") for o in objects]
    assert all(d is not None for d in dates)
    return dates  # type: ignore[return-value]


# --- the README example ---------------------------------------------------------------------


async def test_the_readme_search_example(world):
    a, b = world.tags["A"], world.tags["B"]
    found = await readme_open_tasks(world.client, world.space_id, a, b)
    expected = open_before_friday_tagged(world.tasks, a.id, b.id)
    assert len(expected) == 6   # tags A, B or both x due before Friday or never (not "at"), of 40
    assert {o.id for o in found} == expected
    assert len(found) == len(expected)
    dates = created_dates(found)
    assert dates == sorted(dates, reverse=True), "newest first"
    assert all(o.object_type is not None and o.object_type.key == "task" for o in found)


def test_the_readme_shows_the_search_example_verbatim():
    readme = (pathlib.Path(__file__).parents[1] / "README.md").read_text()
    source = inspect.getsource(readme_open_tasks)
    assert source in readme, "README.md's search example differs from tests/test_search.py"


# --- search: nested filters, sorts, pagers --------------------------------------------------


async def test_a_nested_and_or_filter(world):
    a, c = world.tags["A"].id, world.tags["C"].id
    mine = where.text("name").contains(world.run)
    # not done, and (tagged C, or due after Friday, or without a due date)
    nested = mine & (where.checkbox("done") == False) & (
        where.multi_select("tag").any_of(c)
        | (where.date("due_date") > FRIDAY)
        | where.date("due_date").is_empty()
    )
    assert isinstance(nested, anytype.Filter.AND) and isinstance(nested.filters[2], anytype.Filter.OR)
    found = await world.client.objects(world.space_id).search_all(SearchRequest(filter=nested))
    expected = {
        t.id for t in world.tasks
        if not t.done and (c in t.tags or (t.due is not None and t.due > FRIDAY) or t.due is None)
    }
    assert {o.id for o in found} == expected and len(found) == len(expected) == 12
    # The same with the group functions, and an `or` of two `and`s.
    either = where.all_of(mine, where.any_of(
        where.all_of(where.checkbox("done") == True, where.multi_select("tag").all_of(a, world.tags["B"].id)),
        where.all_of(where.date("due_date") == FRIDAY, where.multi_select("tag").none_of(a)),
    ))
    found = await world.client.objects(world.space_id).search_all(SearchRequest(filter=either))
    expected = {
        t.id for t in world.tasks
        if (t.done and {a, world.tags["B"].id} <= set(t.tags)) or (t.due == FRIDAY and a not in t.tags)
    }
    assert {o.id for o in found} == expected and len(expected) == 4 + 6


async def test_sorts_and_the_query_text(world):
    objects = world.client.objects(world.space_id)
    mine = [t for t in world.tasks if not t.done]
    request = SearchRequest(query=world.run, filter=where.checkbox("done") == False, sort=asc("name"))
    by_name = await objects.search_all(request)
    assert [o.name for o in by_name] == sorted((t.name for t in mine), key=str.lower)
    request = SearchRequest(query=world.run, filter=where.checkbox("done") == False, sort=desc(SortProperty.NAME))
    assert [o.name for o in await objects.search_all(request)] == [o.name for o in reversed(by_name)]
    newest = await objects.search_all(SearchRequest(query=world.run, sort=desc("created_date")))
    assert {o.id for o in newest} == {t.id for t in world.tasks}
    dates = created_dates(newest)
    assert dates == sorted(dates, reverse=True)
    # `types` narrows: no page is a task.
    assert await objects.search_all(SearchRequest(query=world.run, types=["page"])) == []
    # Created a second apart: newest first is the reverse of the order of creation.
    timed = []
    for i in range(3):
        if i:
            await asyncio.sleep(1.05)   # the server's dates have whole seconds
        request = CreateObjectRequest(type_key="task", name=f"{world.run} timed {'cab'[i]}")
        timed.append((await objects.create(request)).id)
    query = f"{world.run} timed"
    assert [o.id for o in await objects.search_all(SearchRequest(query=query, sort=desc("created_date")))] == timed[::-1]
    assert [o.id for o in await objects.search_all(SearchRequest(query=query, sort=asc("created_date")))] == timed
    assert [o.id for o in await objects.search_all(SearchRequest(query=query, sort=asc("name")))] == [
        timed[1], timed[2], timed[0]
    ]


async def test_search_pages_through_the_generic_adapter(world):
    objects = world.client.objects(world.space_id)
    request = SearchRequest(query=world.run, filter=where.date("due_date") < FRIDAY, sort=asc("name"))
    expected = sorted((t.name for t in world.tasks if t.due is None or t.due < FRIDAY), key=str.lower)
    assert len(expected) == 20
    pages = [page async for page in objects.search_pager(request, page_size=6)]
    assert [o.name for p in pages for o in p.data] == expected
    assert pages[0].pagination.has_more and not pages[-1].pagination.has_more
    assert [o.name async for o in objects.iter_search(request, page_size=7)] == expected
    assert [o.name for o in await objects.search_all(request, page_size=3)] == expected
    page = await objects.search(request, offset=18, limit=5)
    assert [o.name for o in page.data] == expected[18:]


async def test_global_search_across_spaces(world):
    client = world.client
    far = []
    for name in ("elsewhere", "further"):
        space = await client.spaces().create(CreateSpaceRequest(name=f"{world.run} {name}"))
        for i in range(3):
            request = CreateObjectRequest(type_key="page", name=f"{world.run} far {name} {i}")
            far.append(await client.objects(space.id).create(request))
    search = client.search()
    found = await search.list_all(SearchRequest(query=world.run))
    expected = {t.id for t in world.tasks} | {o.id for o in far}
    assert {o.id for o in found} == expected and len(found) == len(expected)
    assert {o.space_id for o in found} == {world.space_id} | {o.space_id for o in far}
    # A filter and a sort, across spaces, a page at a time (the pager doesn't trust `total`).
    request = SearchRequest(query=world.run, filter=where.text("name").contains(" far "), sort=desc("name"))
    by_name = [o.name for o in sorted(far, key=lambda o: o.name.lower(), reverse=True)]
    pages = [page async for page in search.pager(request, page_size=2)]
    assert [o.name for p in pages for o in p.data] == by_name
    assert [o.name async for o in search.iter_all(request, page_size=2)] == by_name
    first = await search.list(request, offset=0, limit=1)
    assert [o.name for o in first.data] == by_name[:1] and first.pagination.has_more


async def test_global_search_pages_past_the_first_when_one_space_matches(world):
    """The server caps each space at offset + limit, so with every match in one space each page
    says `has_more: false`; the pager walks on while pages come back full."""
    search = world.client.search()
    request = SearchRequest(query=world.run, sort=asc("name"))
    expected = sorted((t.name for t in world.tasks), key=str.lower)
    first = await search.list(request, offset=0, limit=10)
    assert len(first.data) == 10 and not first.pagination.has_more   # the server's answer
    assert [o.name async for o in search.iter_all(request, page_size=10)] == expected
    pages = [page async for page in search.pager(request, page_size=7)]
    assert [len(p.data) for p in pages] == [7, 7, 7, 7, 7, 5]
    assert [o.name for o in await search.list_all(request, page_size=3)] == expected


# --- filters on list endpoints --------------------------------------------------------------


async def test_filters_on_list_endpoints(world):
    objects = world.client.objects(world.space_id)
    mine = where.text("name").contains(world.run)        # the server evaluates text
    listed = await objects.list_all(filter=mine)
    assert {o.id for o in listed} == {t.id for t in world.tasks}
    # Checkbox, multi-select and `or` the SDK evaluates on each page the server returns.
    a, b = world.tags["A"].id, world.tags["B"].id
    tricky = mine & (where.checkbox("done") == True) & (
        where.multi_select("tag").all_of(a, b) | (where.date("due_date") >= FRIDAY + DAY)
    )
    expected = {
        t.id for t in world.tasks
        if t.done and ({a, b} <= set(t.tags) or (t.due is not None and t.due >= FRIDAY + DAY))
    }
    assert len(expected) == 4 + 4
    assert {o.id for o in await objects.list_all(page_size=7, filter=tricky)} == expected
    assert {o.id async for o in objects.iter_all(page_size=5, filter=tricky)} == expected
    assert {o.id for p in [p async for p in objects.pager(3, tricky)] for o in p.data} == expected
    page = await objects.list(0, 1000, tricky)
    assert {o.id for o in page.data} == expected
    # Lists of other things filter on their own fields (text, evaluated by the server).
    types = world.client.types(world.space_id)
    every = await types.list_all()
    wanted = {t.id for t in every if "as" in t.name.lower()}
    assert wanted and len(wanted) < len(every)
    assert {t.id for t in await types.list_all(filter=where.text("name").contains("as"))} == wanted
    # A raw query parameter, sent as it is.
    raw = await types.list_all(filter=where.raw_query("name[contains]", "as"))
    assert {t.id for t in raw} == wanted


# --- lists and views ------------------------------------------------------------------------


async def test_lists_views_and_view_objects(world, sandbox):
    client, space_id = world.client, world.space_id
    collection = await client.objects(space_id).create(
        CreateObjectRequest(type_key="collection", name=f"{world.run} reading list")
    )
    lists = client.lists(space_id)
    # index = 20 * done + 5 * due (before, at, after, none) + tags ([A], [B], [A, B], [C], [])
    members = [world.tasks[i] for i in (0, 3, 6, 12, 21, 27)]
    await lists.add_objects(collection.id, [t.id for t in members])
    views = await lists.all_views(collection.id)
    assert len(views) == 1
    (all_view,) = views
    assert all_view.name == "All" and all_view.layout == ViewLayout.GRID and all_view.filters == []
    assert [(s.property_key, s.sort_type) for s in all_view.sorts] == [("name", ViewSortType.ASC)]
    by_name = sorted(members, key=lambda t: t.name.lower())
    assert [o.id for o in await lists.all_objects(collection.id, all_view.id)] == [t.id for t in by_name]
    # Remove one; narrow the view's objects with a filter (the SDK evaluates the checkbox).
    await lists.remove_object(collection.id, by_name[0].id)
    kept = by_name[1:]
    assert [o.id async for o in lists.iter_objects(collection.id, all_view.id, page_size=2)] == [t.id for t in kept]
    not_done = [t.id for t in kept if not t.done]
    assert 0 < len(not_done) < len(kept)
    got = await lists.all_objects(collection.id, all_view.id, filter=where.checkbox("done") == False)
    assert [o.id for o in got] == not_done
    tagged_b = [t.id for t in kept if world.tags["B"].id in t.tags]
    got = await lists.all_objects(
        collection.id, all_view.id, filter=where.multi_select("tag").any_of(world.tags["B"]), page_size=1
    )
    assert [o.id for o in got] == tagged_b and 0 < len(tagged_b) < len(kept)
    # A second view (the sandbox's admin route): its own filter and sort.
    sandbox.admin("POST", f"/_sandbox/spaces/{space_id}/lists/{collection.id}/views", {
        "name": "Due first", "layout": "list",
        "filters": [{"property_key": "due_date", "condition": "lt", "value": "2027-03-05T00:00:00Z"}],
        "sorts": [{"property_key": "name", "sort_type": "desc"}],
    })
    pages = [page async for page in lists.view_pager(collection.id, page_size=1)]
    assert [len(p.data) for p in pages] == [1, 1]
    views = [v async for v in lists.iter_views(collection.id, page_size=1)]
    assert [v.name for v in views] == ["All", "Due first"]
    due_first = views[1]
    assert due_first.layout == ViewLayout.LIST
    assert [(f.property_key, f.condition) for f in due_first.filters] == [("due_date", "lt")]
    assert [(s.property_key, s.sort_type) for s in due_first.sorts] == [("name", ViewSortType.DESC)]
    expected = [t.id for t in sorted(kept, key=lambda t: t.name.lower(), reverse=True)
                if t.due is None or t.due < FRIDAY]
    got = [o.id for p in [p async for p in lists.object_pager(collection.id, due_first.id, page_size=2)] for o in p.data]
    assert got == expected and 0 < len(expected) < len(kept)
    page = await lists.objects(collection.id, due_first.id, limit=1)
    assert [o.id for o in page.data] == expected[:1] and page.pagination.has_more


# --- bad filters ----------------------------------------------------------------------------


def api_requests(sandbox) -> dict:
    stats = sandbox.admin("GET", "/_sandbox/stats")["requests"]
    return {k: v for k, v in stats.items() if " /v1/" in k}


BAD_FILTERS = [
    # (filter, words the message names: property, condition, format)
    (where.text("name") > "report", ["name", "gt", "text"]),
    (where.checkbox("done").contains(True), ["done", "contains", "checkbox"]),
    (where.multi_select("tag").any_of(), ["tag", "in", "multi_select"]),
    (where.number("estimate") == float("nan"), ["estimate", "eq", "number", "NaN"]),
    (where.text(" ") == "x", ["eq", "text", "key"]),
    (where.text("name").contains(""), ["name", "contains", "text"]),
    (where.any_of(), ["or"]),
    (where.all_of(where.text("name") == "x", where.multi_select("tag").none_of("")), ["tag", "nin", "multi_select"]),
]


async def test_bad_filters_are_refused_before_sending(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    space_id = (await client.spaces().list()).data[0].id
    before = api_requests(sandbox)
    checked = 0
    for bad, words in BAD_FILTERS:
        calls = [
            client.objects(space_id).search(SearchRequest(filter=bad)),
            client.objects(space_id).search_all(SearchRequest(filter=bad)),
            client.search().list_all(SearchRequest(filter=bad)),
            client.objects(space_id).list(filter=bad),
            client.lists(space_id).all_objects("list-id", "view-id", filter=bad),
        ]
        for call in calls:
            with pytest.raises(AnytypeError.InvalidInput) as e:
                await call
            assert e.value.field == "filter"
            for word in words:
                assert word in str(e.value), (word, str(e.value))
            checked += 1
        with pytest.raises(AnytypeError.InvalidInput):   # pagers check before their first page
            client.objects(space_id).search_pager(SearchRequest(filter=bad))
    assert checked == 5 * 8
    # Lists whose items aren't objects can't evaluate a checkbox: refused, with the reason.
    with pytest.raises(AnytypeError.InvalidInput) as e:
        await client.types(space_id).list_all(filter=where.checkbox("done") == True)
    assert e.value.field == "filter" and "done" in str(e.value)
    # A raw query in search, a raw expression on a list endpoint: the wrong grammar.
    with pytest.raises(AnytypeError.InvalidInput):
        await client.objects(space_id).search_all(SearchRequest(filter=where.raw_query("name", "x")))
    with pytest.raises(AnytypeError.InvalidInput):
        await client.objects(space_id).list_all(filter=where.raw_expression({"operator": "and"}))
    assert api_requests(sandbox) == before, "nothing was sent"


def test_wrong_python_types_raise_type_error_naming_the_argument():
    cases = [
        (lambda: where.checkbox("done") == "no", "value"),
        (lambda: where.number("n") < "3", "value"),
        (lambda: where.number("n") > True, "value"),
        (lambda: where.date("due_date") < "2027-03-05", "value"),
        (lambda: where.text("name").contains(3), "text"),
        (lambda: where.text(3), "key"),  # type: ignore[arg-type]
        (lambda: where.multi_select("tag").any_of("a", 3), "ids[1]"),
        (lambda: where.all_of(where.text("a") == "b", True), "filters[1]"),  # type: ignore[arg-type]
        (lambda: (where.text("a") == "b") & where.text("c"), "filters[1]"),
        (lambda: desc(3), "property"),  # type: ignore[arg-type]
        (lambda: where.raw_query("name", 3), "value"),  # type: ignore[arg-type]
    ]
    for make, argument in cases:
        with pytest.raises(TypeError) as e:
            make()
        assert argument in str(e.value), (argument, str(e.value))
    with pytest.raises(ValueError, match="created_date"):
        desc("size")
    with pytest.raises(TypeError):
        bool(where.text("name"))   # `if where.text(...)`: a property is not a condition


def test_the_filters_module_examples_run():
    import doctest

    import anytype.filters

    result = doctest.testmod(anytype.filters)
    assert result.attempted >= 5 and result.failed == 0


def test_the_builders_make_the_generated_records():
    """What the operators build is the core's Filter (and a Python date follows the package's
    convention: a date is midnight UTC)."""
    F, V, C = anytype.Filter, anytype.FilterValue, anytype.FilterCondition
    assert (where.checkbox("done") == False) == F.CONDITION(  # noqa: E712
        key="done", condition=C.EQ, value=V.CHECKBOX(checked=False)
    )
    assert (where.date("due") <= datetime.date(2027, 3, 5)) == F.CONDITION(
        key="due", condition=C.LTE, value=V.DATE(date=datetime.datetime(2027, 3, 5, tzinfo=UTC))
    )
    assert where.select("status").none_of(["x", "y"]) == F.CONDITION(
        key="status", condition=C.NONE_OF, value=V.SELECT(tags=["x", "y"])
    )
    assert where.url("source").is_not_empty() == F.CONDITION(
        key="source", condition=C.NOT_EMPTY, value=V.UNSET(format=anytype.PropertyFormat.URL())
    )
    a, b, c = (where.number(k) != 1 for k in "abc")
    assert (a & b) & c == F.AND(filters=[a, b, c]) == where.all_of(a, where.all_of(b, c))
    assert a | (b | c) == F.OR(filters=[a, b, c])
    assert (a & b) | c == F.OR(filters=[F.AND(filters=[a, b]), c])
    assert asc("name") == anytype.Sort(property=SortProperty.NAME, direction=anytype.SortDirection.ASC)


# --- blocking -------------------------------------------------------------------------------


def test_blocking_search_lists_and_filters(sandbox, config):
    client = blocking.AnytypeClient(sandbox.key(), config)
    space_id = next(
        s.id for s in client.spaces().list_all()
        if any(t.key == "task" for t in client.types(s.id).list_all())
    )
    run = run_id()
    tag_property = next(p for p in client.properties(space_id).list_all() if p.key == "tag")
    tags = [
        client.tags(space_id, tag_property.id).create(CreateTagRequest(name=f"{run} {n}", color=Color.GREY))
        for n in "ABC"
    ]
    specs = task_specs(run, *(t.id for t in tags))
    objects = client.objects(space_id)
    for spec in specs:
        spec.id = objects.create(create_request(spec)).id
    a, b = tags[0], tags[1]
    # The README's question, without await.
    found = objects.search_all(SearchRequest(
        types=["task"],
        filter=(where.checkbox("done") == False)  # noqa: E712
        & (where.date("due_date") < FRIDAY)
        & where.multi_select("tag").any_of(a, b),
        sort=desc("created_date"),
    ))
    assert {o.id for o in found} == open_before_friday_tagged(specs, a.id, b.id)
    dates = created_dates(found)
    assert dates == sorted(dates, reverse=True)
    # Pagers are plain iterators; iter_search / iter_all through the same adapter.
    request = SearchRequest(query=run, filter=where.multi_select("tag").any_of(tags[2]), sort=asc("name"))
    expected = sorted((t.name for t in specs if tags[2].id in t.tags), key=str.lower)
    assert [o.name for p in objects.search_pager(request, page_size=3) for o in p.data] == expected
    assert [o.name for o in objects.iter_search(request, page_size=2)] == expected
    # Global search (every match in one space: the server's has_more is false on every page).
    assert [o.name for o in client.search().iter_all(request, page_size=3)] == expected
    assert [o.name for p in client.search().pager(request, page_size=4) for o in p.data] == expected
    assert [o.name for o in client.search().list_all(request, page_size=5)] == expected
    # List endpoint filters.
    done = where.text("name").contains(run) & (where.checkbox("done") == True)
    assert {o.id for o in objects.iter_all(page_size=4, filter=done)} == {t.id for t in specs if t.done}
    # Lists and views.
    collection = objects.create(CreateObjectRequest(type_key="collection", name=f"{run} list"))
    lists = client.lists(space_id)
    lists.add_objects(collection.id, [t.id for t in specs[:3]])
    lists.remove_object(collection.id, specs[0].id)
    (view,) = list(lists.iter_views(collection.id))
    assert [v.id for p in lists.view_pager(collection.id) for v in p.data] == [view.id]
    by_name = sorted(specs[1:3], key=lambda t: t.name.lower())
    assert [o.id for o in lists.iter_objects(collection.id, view.id, page_size=1)] == [t.id for t in by_name]
    assert [o.id for o in lists.all_objects(collection.id, view.id)] == [t.id for t in by_name]
    assert [o.id for p in lists.object_pager(collection.id, view.id, filter=where.checkbox("done") == False)
            for o in p.data] == [t.id for t in by_name if not t.done] == [t.id for t in by_name]
    assert list(lists.iter_objects(collection.id, view.id, filter=where.checkbox("done") == True)) == []
    # Bad filters: refused before sending, the same error class.
    before = api_requests(sandbox)
    with pytest.raises(AnytypeError.InvalidInput) as e:
        objects.search_all(SearchRequest(filter=where.text("name") > "a"))
    assert e.value.field == "filter" and all(w in str(e.value) for w in ("name", "gt", "text"))
    with pytest.raises(AnytypeError.InvalidInput):
        client.search().pager(SearchRequest(filter=where.multi_select("tag").any_of()))
    with pytest.raises(AnytypeError.InvalidInput):
        client.members(space_id).list_all(filter=where.checkbox("done") == True)  # noqa: E712
    assert api_requests(sandbox) == before
