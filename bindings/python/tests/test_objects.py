"""Objects, types, properties, tags, templates and members through the Python idiom."""

from __future__ import annotations

import datetime

import pytest

import anytype
from anytype import (
    AnytypeError,
    Color,
    CreateObjectRequest,
    CreatePropertyRequest,
    CreateSpaceRequest,
    CreateTagRequest,
    CreateTypeRequest,
    Layout,
    PropertyFormat,
    PropertyInput,
    PropertyLink,
    UpdateObjectRequest,
    UpdatePropertyRequest,
    UpdateTagRequest,
    UpdateTypeRequest,
    Value,
    blocking,
)


# The README's "Objects and typed properties" example, verbatim (tests/test_objects.py runs it).
async def readme_task_flow(client: anytype.AnytypeClient, space_id: str) -> anytype.Object:
    # A fresh account has no task type and no due date: make them where the space lacks them.
    if not any(p.key == "due_date" for p in await client.properties(space_id).list_all()):
        await client.properties(space_id).create(
            CreatePropertyRequest(name="Due date", format=PropertyFormat.DATE, key="due_date")
        )
    if not any(t.key == "task" for t in await client.types(space_id).list_all()):
        await client.types(space_id).create(
            CreateTypeRequest(
                name="Task", plural_name="Tasks", layout=Layout.ACTION, key="task",
                properties=[PropertyLink(key="due_date", name="Due date", format=PropertyFormat.DATE)],
            )
        )
    # Two tags on the built-in multi-select property `tag`.
    tag_property = next(p for p in await client.properties(space_id).list_all() if p.key == "tag")
    tags = client.tags(space_id, tag_property.id)
    work = await tags.create(CreateTagRequest(name="work", color=Color.BLUE))
    urgent = await tags.create(CreateTagRequest(name="urgent", color=Color.RED))

    due = datetime.datetime(2027, 3, 1, 17, 30, tzinfo=datetime.timezone.utc)
    task = await client.objects(space_id).create(
        CreateObjectRequest(
            type_key="task",
            name="Write the report",
            body="# Outline\n\n- intro\n- results\n",
            properties=[
                PropertyInput.DATE(key="due_date", date=due),
                PropertyInput.MULTI_SELECT(key="tag", tags=[work.key, urgent.key]),
            ],
        )
    )
    names = [o.name async for o in client.objects(space_id).iter_all()]
    print(f"{len(names)} objects; the task is due {task.date('due_date')}")   # a datetime
    print([t.name for t in task.tags("tag")])                                  # ['work', 'urgent']
    task = await client.objects(space_id).update(
        task.id,
        UpdateObjectRequest(properties=[PropertyInput.CLEAR(key="tag", format=PropertyFormat.MULTI_SELECT)]),
    )
    await client.objects(space_id).delete(task.id)   # archives it: a later get shows it archived
    return task


@pytest.fixture()
async def fresh(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    space = await client.spaces().create(CreateSpaceRequest(name="Objects test"))
    return client, space.id


async def test_the_readme_task_flow_on_a_fresh_space(fresh, sandbox):
    client, space_id = fresh
    assert not any(t.key == "task" for t in await client.types(space_id).list_all())
    task = await readme_task_flow(client, space_id)
    assert task.tags("tag") == []
    got = await client.objects(space_id).get(task.id)
    assert got.archived
    assert got.date("due_date") == datetime.datetime(2027, 3, 1, 17, 30, tzinfo=datetime.timezone.utc)
    assert "Outline" in (got.markdown or "")
    assert got.object_type is not None and got.object_type.key == "task"
    # Running it again finds the type and the property instead of creating them.
    types_before = len(await client.types(space_id).list_all())
    await readme_task_flow(client, space_id)
    assert len(await client.types(space_id).list_all()) == types_before


async def test_typed_values_round_trip(fresh):
    client, space_id = fresh
    props = client.properties(space_id)
    made = {}
    for key, fmt in [
        ("py_text", PropertyFormat.TEXT), ("py_number", PropertyFormat.NUMBER),
        ("py_check", PropertyFormat.CHECKBOX), ("py_url", PropertyFormat.URL),
        ("py_mail", PropertyFormat.EMAIL), ("py_phone", PropertyFormat.PHONE),
        ("py_when", PropertyFormat.DATE),
    ]:
        made[key] = await props.create(CreatePropertyRequest(name=key, format=fmt, key=key))
    status = await props.create(
        CreatePropertyRequest(
            name="Py status", format=PropertyFormat.SELECT, key="py_status",
            tags=[CreateTagRequest(name="Open", color=Color.RED), CreateTagRequest(name="Done", color=Color.LIME)],
        )
    )
    open_tag = next(t for t in await client.tags(space_id, status.id).list_all() if t.name == "Open")
    when = datetime.date(2026, 12, 24)  # a date: midnight UTC
    page = await client.objects(space_id).create(
        CreateObjectRequest(
            type_key="page", name="  Values  ",
            properties=[
                PropertyInput.TEXT(key="py_text", text="  padded  "),
                PropertyInput.NUMBER(key="py_number", number=2.5),
                PropertyInput.CHECKBOX(key="py_check", checked=True),
                PropertyInput.URL(key="py_url", url="https://example.com/a"),
                PropertyInput.EMAIL(key="py_mail", email="a@example.com"),
                PropertyInput.PHONE(key="py_phone", phone="+49 30 1234"),
                PropertyInput.DATE(key="py_when", date=when),
                PropertyInput.SELECT(key="py_status", tag=open_tag.id),
            ],
        )
    )
    got = await client.objects(space_id).get(page.id)
    assert got.text("py_text") == "padded"
    assert got.number("py_number") == 2.5
    assert got.checkbox("py_check") is True
    assert got.text("py_url") == "https://example.com/a"
    assert got.text("py_mail") == "a@example.com"
    assert got.date("py_when") == datetime.datetime(2026, 12, 24, tzinfo=datetime.timezone.utc)
    assert got.select("py_status") == open_tag
    # Values work with match / case and with == against named constants.
    value = got.value("py_status")
    match value:
        case Value.SELECT(tag) if tag is not None:
            assert tag.color == Color.RED and tag.name == "Open"
        case _:
            pytest.fail(f"not a select value: {value!r}")
    assert repr(got.value("py_number")) == "Value.NUMBER(number=2.5)"
    assert got.property("py_when").format == PropertyFormat.DATE
    # Clear: sent as null, read back empty.
    cleared = await client.objects(space_id).update(
        page.id,
        UpdateObjectRequest(properties=[
            PropertyInput.CLEAR(key="py_status", format=PropertyFormat.SELECT),
            PropertyInput.CLEAR(key="py_number", format=PropertyFormat.NUMBER),
        ]),
    )
    assert cleared.select("py_status") is None
    assert cleared.number("py_number") is None
    assert cleared.text("py_text") == "padded"


async def test_types_properties_tags_templates_members(fresh, sandbox, config):
    client, space_id = fresh
    # Members: the owner.
    members = await client.members(space_id).list()
    assert members.pagination.total == len(members.data) >= 1
    owner = members.data[0]
    assert await client.members(space_id).get(owner.id) == owner
    assert owner.role == anytype.MemberRole.OWNER
    # Types: create, get, update, delete (archive).
    types = client.types(space_id)
    ticket = await types.create(CreateTypeRequest(name="Ticket", plural_name="Tickets", layout=Layout.BASIC, key="py_ticket"))
    assert (await types.get(ticket.id)).key == "py_ticket"
    renamed = await types.update(ticket.id, UpdateTypeRequest(name="Issue"))
    assert renamed.name == "Issue"
    await types.delete(ticket.id)
    assert (await types.get(ticket.id)).archived
    page_type = next(t for t in await types.list_all() if t.key == "page")
    # Templates of the page type (a fresh space has none) and of the demo space's task type.
    assert (await client.templates(space_id, page_type.id).list()).data == []
    demo = (await client.spaces().list()).data[0]
    task_type = next(t for t in await client.types(demo.id).list_all() if t.key == "task")
    templates = await client.templates(demo.id, task_type.id).list_all()
    assert templates, "the demo space's task type has a template"
    assert (await client.templates(demo.id, task_type.id).get(templates[0].id)).id == templates[0].id
    # Properties and tags.
    prop = await client.properties(space_id).create(CreatePropertyRequest(name="Priority", format=PropertyFormat.SELECT))
    assert (await client.properties(space_id).update(prop.id, UpdatePropertyRequest(name="Prio"))).name == "Prio"
    tags = client.tags(space_id, prop.id)
    high = await tags.create(CreateTagRequest(name="High", color=Color.ORANGE))
    assert await tags.get(high.id) == high
    changed = await tags.update(high.id, UpdateTagRequest(color=Color.PURPLE))
    assert changed.color == Color.PURPLE and changed.name == "High"
    assert [t.id async for t in tags.iter_all()] == [high.id]
    await tags.delete(high.id)
    await client.properties(space_id).delete(prop.id)


async def test_object_pages_and_iteration(fresh):
    client, space_id = fresh
    objects = client.objects(space_id)
    for i in range(7):
        await objects.create(CreateObjectRequest(type_key="page", name=f"page {i}"))
    first = await objects.list(0, 3)
    assert len(first.data) == 3 and first.pagination.has_more
    total = first.pagination.total
    walked = [o.id async for o in objects.iter_all(page_size=3)]
    assert len(walked) == total == len(set(walked))
    assert [o.id for o in await objects.list_all(page_size=2)] == walked
    pages = [p async for p in objects.pager(3)]
    assert sum(len(p.data) for p in pages) == total


async def test_bad_input_is_refused_before_sending(fresh, sandbox):
    client, space_id = fresh
    def api_requests():
        stats = sandbox.admin("GET", "/_sandbox/stats")["requests"]
        return {k: v for k, v in stats.items() if " /v1/" in k}

    before = api_requests()
    with pytest.raises(AnytypeError.InvalidInput) as e:
        await client.objects("").list()
    assert e.value.field == "space_id"
    with pytest.raises(AnytypeError.InvalidInput) as e:
        await client.objects(space_id).get("")
    assert e.value.field == "object_id"
    with pytest.raises(AnytypeError.InvalidInput) as e:
        await client.objects(space_id).create(CreateObjectRequest(type_key=" "))
    assert e.value.field == "type_key"
    with pytest.raises(AnytypeError.InvalidInput) as e:   # a misspelt format
        await client.properties(space_id).create(
            CreatePropertyRequest(name="Due", format=PropertyFormat.OTHER(value="dtae"))
        )
    assert e.value.field == "format" and "dtae" in str(e.value) and "date" in str(e.value)
    with pytest.raises(AnytypeError.InvalidInput) as e:
        await client.tags(space_id, "p").create(CreateTagRequest(name="x", color=Color.OTHER(value="mauve")))
    assert e.value.field == "color"
    with pytest.raises(AnytypeError.InvalidInput) as e:
        await client.objects(space_id).create(
            CreateObjectRequest(type_key="page", properties=[PropertyInput.NUMBER(key="n", number=float("nan"))])
        )
    assert "properties[0]" in e.value.field
    with pytest.raises(AnytypeError.InvalidInput):
        await client.objects(space_id).create(
            CreateObjectRequest(type_key="page", properties=[PropertyInput.URL(key="u", url="not a url")])
        )
    assert api_requests() == before


async def test_a_missing_object_is_not_found(fresh):
    client, space_id = fresh
    with pytest.raises(AnytypeError.NotFound) as e:
        await client.objects(space_id).get("bafyreinosuchobject")
    assert e.value.status == 500   # the real server's answer for a missing object
    with pytest.raises(AnytypeError.NotFound) as e:
        await client.objects("no-such-space").list()
    assert e.value.status == 404


def test_blocking_objects(sandbox, config):
    client = blocking.AnytypeClient(sandbox.key(), config)
    space = client.spaces().create(CreateSpaceRequest(name="Blocking objects"))
    objects = client.objects(space.id)
    note = objects.create(CreateObjectRequest(type_key="page", name="Blocking", body="hello"))
    assert objects.get(note.id).name == "Blocking"
    assert note.id in [o.id for o in objects.iter_all(page_size=2)]
    objects.delete(note.id)
    assert objects.get(note.id).archived
    with pytest.raises(AnytypeError.NotFound):
        objects.get("bafyreinosuchobject")


def test_the_readme_shows_the_tested_flow_verbatim():
    import inspect
    import pathlib

    readme = (pathlib.Path(__file__).parents[1] / "README.md").read_text()
    source = inspect.getsource(readme_task_flow)
    shown = source[: source.index("    return task\n")]
    assert shown in readme, "README.md's task example differs from tests/test_objects.py"
