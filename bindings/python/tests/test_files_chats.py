"""Files and chat from Python: async and blocking, the live stream as `async for` / `for`,
its recovery from cuts (every message once, in order), and bad input checked before sending."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest

import anytype
from anytype import blocking


def _space(client) -> str:
    return client.spaces().list(0, 1).data[0].id


async def _aspace(client) -> str:
    return (await client.spaces().list(0, 1)).data[0].id


class Progress(anytype.TransferProgress):
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def on_progress(self, done: int, total: int) -> None:
        self.calls.append((done, total))


async def test_upload_download_delete(sandbox, config, tmp_path):
    client = anytype.AnytypeClient(sandbox.key(), config)
    files = client.files(await _aspace(client))
    data = os.urandom(700_001)
    source = tmp_path / "notes.txt"
    source.write_bytes(data)
    progress = Progress()
    uploaded = await files.upload(str(source), progress)
    assert (uploaded.name, uploaded.extension, uploaded.media) == ("notes.txt", "txt", "text/plain")
    assert uploaded.size_in_bytes == len(data)
    assert progress.calls[-1] == (len(data), len(data))
    assert len(progress.calls) >= len(data) // (256 * 1024)

    target = tmp_path / "copy.txt"
    downloaded = await files.download(uploaded.object_id, str(target))
    assert downloaded.size_in_bytes == len(data)
    assert target.read_bytes() == data
    assert not (tmp_path / "copy.txt.part").exists()
    assert await files.download_bytes(uploaded.object_id) == data

    image = await files.upload_bytes("a.png", b"\x89PNG")
    assert await files.download_bytes(image.object_id, width=64) == b"a.png@64w"

    # Resume a part an earlier download left.
    (tmp_path / "resumed.txt.part").write_bytes(data[:1000])
    resumed = await files.download(uploaded.object_id, str(tmp_path / "resumed.txt"), resume=True)
    assert resumed.resumed_from == 1000
    assert (tmp_path / "resumed.txt").read_bytes() == data

    await files.delete(uploaded.object_id)
    await files.delete(uploaded.object_id, permanent=True)
    with pytest.raises(anytype.AnytypeError.NotFound):
        await files.download_bytes(uploaded.object_id)


def test_blocking_files_and_bad_input(sandbox, config, tmp_path):
    client = blocking.AnytypeClient(sandbox.key(), config)
    files = client.files(_space(client))
    source = tmp_path / "b.bin"
    source.write_bytes(b"x" * 100_000)
    uploaded = files.upload(str(source))
    out = tmp_path / "b.out"
    files.download(uploaded.object_id, str(out))
    assert out.read_bytes() == b"x" * 100_000

    before = sandbox.count("POST", f"/v1/spaces/{_space(client)}/files")
    with pytest.raises(anytype.AnytypeError.Io) as missing:
        files.upload(str(tmp_path / "missing.bin"))
    assert missing.value.path.endswith("missing.bin")
    with pytest.raises(anytype.AnytypeError.InvalidInput) as directory:
        files.upload(str(tmp_path))
    assert directory.value.field == "path"
    chats = client.chats("space")
    with pytest.raises(anytype.AnytypeError.InvalidInput) as empty:
        chats.add_message("chat", anytype.NewMessage(text="   "))
    assert empty.value.field == "text"
    assert sandbox.count("POST", f"/v1/spaces/{_space(client)}/files") == before


async def test_chat_operations(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    chats = client.chats(await _aspace(client))
    chat = await chats.create(anytype.CreateChatRequest(name="Team"))
    assert [c.id async for c in chats.iter_all()] == [chat.id]
    ids = [await chats.add_message(chat.id, anytype.NewMessage(text=f"m{i}")) for i in range(12)]
    latest = await chats.messages(chat.id, limit=5)
    assert [m.content.text for m in latest] == [f"m{i}" for i in range(7, 12)]
    older = await chats.messages(chat.id, before_order_id=latest[0].order_id, limit=3)
    assert [m.content.text for m in older] == ["m4", "m5", "m6"]

    walked = []
    async for page in chats.message_pager(chat.id, page_size=5):
        walked.extend(m.content.text for m in page.data)
    assert walked == [f"m{i}" for i in reversed(range(12))]
    # The same walk as an item iterator, and the chat search's hits.
    assert [m.content.text async for m in chats.iter_messages(chat.id, page_size=5)] == walked
    hits = [h.message.content.text async for h in chats.iter_search(chat.id, "m1", page_size=1)]
    assert sorted(hits) == ["m1", "m10", "m11"]

    await chats.edit_message(chat.id, ids[0], anytype.MessageEdit(text="edited"))
    await chats.toggle_reaction(chat.id, ids[1], "👍")
    message = await chats.get_message(chat.id, ids[1])
    assert [r.emoji for r in message.reactions] == ["👍"]
    assert message.reacted("👍") == message.reactions[0].identities
    assert (await chats.get_message(chat.id, ids[0])).content.text == "edited"
    await chats.delete_message(chat.id, ids[2])
    with pytest.raises(anytype.AnytypeError.NotFound):
        await chats.get_message(chat.id, ids[2])
    await chats.read_messages(chat.id, before_order_id=latest[0].order_id)
    await chats.read_reactions(chat.id)
    await chats.read_all(chat.id)
    state = sandbox.admin("GET", f"/_sandbox/spaces/{await _aspace(client)}/chats/{chat.id}/state")
    assert state["unread_messages"] == 0 and state["unread_reactions"] == 0
    hits = await chats.search_messages(chat.id, "m1")
    assert sorted(h.message.content.text for h in hits.data) == ["m1", "m10", "m11"]


def _keep_adding(client, space: str, chat: str, count: int) -> threading.Thread:
    def run() -> None:
        chats = client.chats(space)
        for i in range(count):
            chats.add_message(chat, anytype.NewMessage(text=f"live {i}"))
            time.sleep(0.003)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _cut_faults(sandbox, space: str, chat: str, cuts: int) -> str:
    path = f"/v1/spaces/{space}/chats/{chat}/messages/stream"
    for n in range(cuts):
        sandbox.fault(
            {"method": "GET", "path": path, "times": 1, "fault": {"kind": "cut_stream", "after_events": 1 + 2 * n}}
        )
    return path


async def test_async_stream_survives_cuts_exactly_once_in_order(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    bclient = blocking.AnytypeClient(sandbox.key(), config)
    space = await _aspace(client)
    chat = (await client.chats(space).create(anytype.CreateChatRequest(name="Live"))).id
    path = _cut_faults(sandbox, space, chat, 5)
    count = 150
    got = []
    async with await client.chats(space).stream(chat, heartbeat_seconds=1, missed_heartbeats=2) as stream:
        writer = _keep_adding(bclient, space, chat, count)
        async for event in stream:
            if isinstance(event, anytype.ChatEvent.MESSAGE_ADDED):
                got.append(event.message)
                if len(got) == count:
                    break
        reconnects = stream.reconnects()
        writer.join()
    assert reconnects >= 3, "the stream was cut several times"
    assert [m.content.text for m in got] == [f"live {i}" for i in range(count)]
    assert all(a.order_id < b.order_id for a, b in zip(got, got[1:]))
    assert sandbox.count("GET", path) == reconnects + 1


def test_blocking_stream_survives_cuts(sandbox, config):
    client = blocking.AnytypeClient(sandbox.key(), config)
    space = _space(client)
    chats = client.chats(space)
    chat = chats.create(anytype.CreateChatRequest(name="Blocking")).id
    _cut_faults(sandbox, space, chat, 3)
    count = 60
    got = []
    with chats.stream(chat, heartbeat_seconds=1, missed_heartbeats=2) as stream:
        writer = _keep_adding(client, space, chat, count)
        for event in stream:
            match event:
                case anytype.ChatEvent.MESSAGE_ADDED(message):
                    got.append(message.content.text)
                    if len(got) == count:
                        break
        writer.join()
    assert got == [f"live {i}" for i in range(count)]
    assert stream.next_blocking() is None, "closed by the with-block"


def test_blocking_stream_typed_events(sandbox, config):
    # No cuts here: a reaction or a deletion made while the stream reconnects is not refetched
    # (only messages are; see the stream's docs), so a cut could lose the events this checks.
    client = blocking.AnytypeClient(sandbox.key(), config)
    space = _space(client)
    chats = client.chats(space)
    chat = chats.create(anytype.CreateChatRequest(name="Typed")).id
    first = chats.add_message(chat, anytype.NewMessage(text="hello"))
    with chats.stream(chat) as stream:
        replayed = next(stream)
        assert replayed == anytype.ChatEvent.MESSAGE_ADDED(chats.get_message(chat, first))
        chats.toggle_reaction(chat, first, "🎉")
        chats.delete_message(chat, first)
        reacted = next(stream)
        assert isinstance(reacted, anytype.ChatEvent.REACTIONS_UPDATED)
        assert reacted.message_id == first and reacted.reactions[0].emoji == "🎉"
        deleted = next(stream)
        assert deleted == anytype.ChatEvent.MESSAGE_DELETED(message_id=first)
    assert stream.next_blocking() is None, "closed by the with-block"


async def test_cancelling_the_consumer_and_closing_end_the_connection(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    space = await _aspace(client)
    chat = (await client.chats(space).create(anytype.CreateChatRequest(name="Quiet"))).id
    stream = await client.chats(space).stream(chat, heartbeat_seconds=1)
    task = asyncio.ensure_future(stream.next())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    stream.close()
    assert await stream.next() is None
    for _ in range(50):
        if sandbox.admin("GET", "/_sandbox/stats")["in_flight"] == 0:
            break
        await asyncio.sleep(0.1)
    assert sandbox.admin("GET", "/_sandbox/stats")["in_flight"] == 0


# The README's "Files and chat" example, verbatim (the test below runs it; another checks the README).
async def readme_files_and_bot(client: anytype.AnytypeClient, space_id: str, folder: str) -> list:
    files = client.files(space_id)
    uploaded = await files.upload(f"{folder}/report.pdf")          # streamed from disk
    await files.download(uploaded.object_id, f"{folder}/copy.pdf")  # streamed to disk, via copy.pdf.part

    chats = client.chats(space_id)
    chat = await chats.create(anytype.CreateChatRequest(name="Bots"))
    await chats.add_message(chat.id, anytype.NewMessage(text="ping"))
    answered = []
    # Reconnects by itself after a drop and fills the gap: every message once, in order.
    async with await chats.stream(chat.id) as stream:
        async for event in stream:
            match event:
                case anytype.ChatEvent.MESSAGE_ADDED(message) if message.content.text == "ping":
                    await chats.add_message(chat.id, anytype.NewMessage(text="pong", reply_to_message_id=message.id))
                    answered.append(message.id)
                case anytype.ChatEvent.MESSAGE_ADDED(message) if message.content.text == "pong":
                    break
    return answered


async def test_the_readme_files_and_bot_example(sandbox, config, tmp_path):
    client = anytype.AnytypeClient(sandbox.key(), config)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 " * 1000)
    answered = await readme_files_and_bot(client, await _aspace(client), str(tmp_path))
    assert len(answered) == 1
    assert (tmp_path / "copy.pdf").read_bytes() == b"%PDF-1.7 " * 1000


def test_the_readme_shows_the_files_and_bot_example_verbatim():
    import inspect
    import pathlib

    readme = (pathlib.Path(__file__).parents[1] / "README.md").read_text()
    source = inspect.getsource(readme_files_and_bot)
    shown = source[source.index("    files = client.files"): source.index("    return answered\n")]
    assert shown in readme, "README.md's files and chat example differs from tests/test_files_chats.py"
