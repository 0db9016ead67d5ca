//! Files and chat against the sandbox: every operation, the live stream's typed events, and its
//! recovery (cuts, stalls) with zero lost and zero duplicated messages.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anytype_core::{
    AnytypeClient, ChatEvent, CreateChatRequest, DownloadOptions, Error, MessageEdit, MessageQuery,
    MessageWalk, NewMessage, ReadMessagesRequest, StreamOptions, TransferProgress,
};
use anytype_sandbox::{Fault, FaultRule, Sandbox};
use common::{api_requests, client, field_of, sandbox};

async fn first_space(client: &AnytypeClient) -> String {
    client.spaces().list(0, 1).await.unwrap().data[0].id.clone()
}

/// Deterministic, not-too-regular bytes.
fn content(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("anytype-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[derive(Default)]
struct Recorder {
    calls: AtomicI64,
    last_done: AtomicI64,
    last_total: AtomicI64,
}

impl TransferProgress for Recorder {
    fn on_progress(&self, done: i64, total: i64) {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.last_done.store(done, Ordering::SeqCst);
        self.last_total.store(total, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn upload_download_delete_round_trip() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let files = client.files(&space);
    let dir = temp_dir("roundtrip");
    let data = content(1_000_003);
    let source = dir.join("report.pdf");
    std::fs::write(&source, &data).unwrap();

    let progress = Arc::new(Recorder::default());
    let uploaded = files
        .upload(source.to_str().unwrap(), Some(progress.clone()))
        .await
        .unwrap();
    assert_eq!(uploaded.name, "report.pdf");
    assert_eq!(uploaded.extension, "pdf");
    assert_eq!(uploaded.media, "application/pdf");
    assert_eq!(uploaded.size_in_bytes, data.len() as i64);
    assert_eq!(progress.last_done.load(Ordering::SeqCst), data.len() as i64);
    assert_eq!(
        progress.last_total.load(Ordering::SeqCst),
        data.len() as i64
    );
    assert!(
        progress.calls.load(Ordering::SeqCst)
            >= (data.len() / anytype_core::files::CHUNK_BYTES) as i64
    );

    let target = dir.join("copy.pdf");
    let down_progress = Arc::new(Recorder::default());
    let downloaded = files
        .download(
            &uploaded.object_id,
            target.to_str().unwrap(),
            &DownloadOptions::default(),
            Some(down_progress.clone()),
        )
        .await
        .unwrap();
    assert_eq!(downloaded.size_in_bytes, data.len() as i64);
    assert_eq!(downloaded.media, "application/pdf");
    assert_eq!(downloaded.resumed_from, 0);
    assert_eq!(std::fs::read(&target).unwrap(), data);
    assert!(!dir.join("copy.pdf.part").exists());
    assert_eq!(
        down_progress.last_done.load(Ordering::SeqCst),
        data.len() as i64
    );
    assert_eq!(
        down_progress.last_total.load(Ordering::SeqCst),
        data.len() as i64
    );

    assert_eq!(
        files
            .download_bytes(&uploaded.object_id, None)
            .await
            .unwrap(),
        data
    );

    // Bytes in, and an image's width variant.
    let image = files
        .upload_bytes("pixel.png", vec![0x89, b'P', b'N', b'G'], None)
        .await
        .unwrap();
    assert_eq!(image.media, "image/png");
    assert_eq!(image.size_in_bytes, 4);
    assert_eq!(
        files
            .download_bytes(&image.object_id, Some(120))
            .await
            .unwrap(),
        b"pixel.png@120w".to_vec()
    );
    assert_eq!(
        files.download_bytes(&image.object_id, None).await.unwrap(),
        vec![0x89, b'P', b'N', b'G']
    );

    // To the bin, then for good.
    files.delete(&uploaded.object_id, false).await.unwrap();
    assert_eq!(sandbox.file_state(&uploaded.object_id), Some(true));
    files.delete(&uploaded.object_id, true).await.unwrap();
    assert_eq!(sandbox.file_state(&uploaded.object_id), None);
    let gone = files.download_bytes(&uploaded.object_id, None).await;
    assert!(
        matches!(gone, Err(Error::NotFound { status: 404, .. })),
        "{gone:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_download_resumes_a_part_and_a_broken_connection_with_range() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let files = client.files(&space);
    let dir = temp_dir("resume");
    let data = content(300_000);
    let id = files
        .upload_bytes("data.bin", data.clone(), None)
        .await
        .unwrap()
        .object_id;

    // A `.part` an earlier call left: only the rest is fetched.
    let target = dir.join("data.bin");
    std::fs::write(dir.join("data.bin.part"), &data[..123_456]).unwrap();
    let resumed = files
        .download(
            &id,
            target.to_str().unwrap(),
            &DownloadOptions {
                width: None,
                resume: true,
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(resumed.resumed_from, 123_456);
    assert_eq!(std::fs::read(&target).unwrap(), data);

    // The connection breaks mid-body once: the same call resumes with Range.
    let path = format!("/v1/spaces/{space}/files/{id}");
    sandbox.add_fault(FaultRule {
        method: Some("GET".into()),
        path: path.clone(),
        times: Some(1),
        fault: Fault::ResetMidBody,
    });
    let again = dir.join("again.bin");
    files
        .download(
            &id,
            again.to_str().unwrap(),
            &DownloadOptions::default(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), data);
    assert_eq!(sandbox.request_count("GET", &path), 3);

    // It keeps breaking: the call fails, and nothing is left under the final name.
    sandbox.add_fault(FaultRule {
        method: Some("GET".into()),
        path,
        times: None,
        fault: Fault::ResetMidBody,
    });
    let broken = dir.join("broken.bin");
    let err = files
        .download(
            &id,
            broken.to_str().unwrap(),
            &DownloadOptions::default(),
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Network { .. }), "{err:?}");
    assert!(!broken.exists(), "nothing under the final name");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_upload_reset_mid_body_is_not_replayed_and_stores_nothing() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let path = format!("/v1/spaces/{space}/files");
    sandbox.add_fault(FaultRule {
        method: Some("POST".into()),
        path: path.clone(),
        times: None,
        fault: Fault::ResetUpload {
            after_bytes: 200_000,
        },
    });
    let dir = temp_dir("reset");
    let source = dir.join("big.bin");
    std::fs::write(&source, content(2_000_000)).unwrap();
    let err = client
        .files(&space)
        .upload(source.to_str().unwrap(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Network { .. } | Error::Decode { .. }),
        "{err:?}"
    );
    assert_eq!(sandbox.request_count("POST", &path), 1, "never replayed");
    assert_eq!(sandbox.file_count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn bad_input_is_rejected_before_anything_is_sent() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let files = client.files("space");
    let dir = temp_dir("bad-input");
    let missing = dir.join("missing.txt");
    let err = files
        .upload(missing.to_str().unwrap(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Io { path, .. } if path.ends_with("missing.txt")),
        "{err:?}"
    );
    assert_eq!(
        field_of(files.upload(dir.to_str().unwrap(), None).await.unwrap_err()),
        "path"
    );
    assert_eq!(field_of(files.upload(" ", None).await.unwrap_err()), "path");
    assert_eq!(
        field_of(files.upload_bytes("", vec![1], None).await.unwrap_err()),
        "name"
    );
    assert_eq!(
        field_of(
            files
                .download("", "x", &DownloadOptions::default(), None)
                .await
                .unwrap_err()
        ),
        "file_id"
    );
    assert_eq!(
        field_of(
            files
                .download(
                    "f",
                    dir.to_str().unwrap(),
                    &DownloadOptions::default(),
                    None
                )
                .await
                .unwrap_err()
        ),
        "path"
    );
    assert_eq!(
        field_of(files.download_bytes("f", Some(0)).await.unwrap_err()),
        "width"
    );
    assert_eq!(
        field_of(client.files(" ").delete("f", false).await.unwrap_err()),
        "space_id"
    );
    let chats = client.chats("space");
    assert_eq!(
        field_of(
            chats
                .add_message("chat", &NewMessage::text("  "))
                .await
                .unwrap_err()
        ),
        "text"
    );
    assert_eq!(
        field_of(
            chats
                .add_message("", &NewMessage::text("hi"))
                .await
                .unwrap_err()
        ),
        "chat_id"
    );
    let mut marked = NewMessage::text("hi");
    marked.marks.push(anytype_core::TextMark {
        from: 0,
        to: 5,
        kind: "bold".into(),
        param: None,
    });
    assert_eq!(
        field_of(chats.add_message("chat", &marked).await.unwrap_err()),
        "marks[0]"
    );
    assert_eq!(
        field_of(
            chats
                .edit_message(
                    "chat",
                    "m",
                    &MessageEdit {
                        text: String::new(),
                        style: None,
                        marks: vec![],
                        attachments: vec![]
                    }
                )
                .await
                .unwrap_err()
        ),
        "text"
    );
    assert_eq!(
        field_of(chats.toggle_reaction("chat", "m", "").await.unwrap_err()),
        "emoji"
    );
    assert_eq!(
        field_of(chats.search_messages("chat", " ", 0, 10).await.unwrap_err()),
        "query"
    );
    assert_eq!(
        field_of(
            chats
                .message_pager("chat", 0, MessageWalk::default())
                .unwrap_err()
        ),
        "page_size"
    );
    assert_eq!(
        field_of(
            chats
                .messages(
                    "chat",
                    &MessageQuery {
                        limit: Some(1001),
                        ..Default::default()
                    }
                )
                .await
                .unwrap_err()
        ),
        "limit"
    );
    assert_eq!(
        field_of(
            chats
                .create(&CreateChatRequest::new(" "))
                .await
                .unwrap_err()
        ),
        "name"
    );
    let options = StreamOptions {
        heartbeat_seconds: 0,
        ..StreamOptions::default()
    };
    assert_eq!(
        field_of(chats.stream("chat", options).await.unwrap_err()),
        "heartbeat_seconds"
    );
    assert_eq!(api_requests(&sandbox).await, 0, "nothing was sent");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn chats_messages_reactions_reads_and_search() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let chats = client.chats(&space);
    let chat = chats.create(&CreateChatRequest::new("Team")).await.unwrap();
    assert_eq!(chat.name, "Team");
    let listed = chats.list(0, 10).await.unwrap();
    assert_eq!(listed.pagination.total, 1);
    assert_eq!(listed.data[0].id, chat.id);
    assert_eq!(chats.list_all(1).await.unwrap().len(), 1);

    let mut ids = Vec::new();
    for i in 0..25 {
        ids.push(
            chats
                .add_message(&chat.id, &NewMessage::text(format!("message {i}")))
                .await
                .unwrap(),
        );
    }
    // The latest page, then cursors both ways.
    let latest = chats
        .messages(
            &chat.id,
            &MessageQuery {
                limit: Some(10),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let texts = |ms: &[anytype_core::ChatMessage]| {
        ms.iter()
            .map(|m| m.content.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        texts(&latest),
        (15..25).map(|i| format!("message {i}")).collect::<Vec<_>>()
    );
    let before = chats
        .messages(
            &chat.id,
            &MessageQuery {
                before_order_id: Some(latest[0].order_id.clone()),
                limit: Some(5),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        texts(&before),
        (10..15).map(|i| format!("message {i}")).collect::<Vec<_>>()
    );
    let after = chats
        .messages(
            &chat.id,
            &MessageQuery {
                after_order_id: Some(before[4].order_id.clone()),
                limit: Some(3),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        texts(&after),
        vec!["message 15", "message 16", "message 17"]
    );

    // The pager walks every message, newest first or oldest first.
    let mut pager = chats
        .message_pager(&chat.id, 7, MessageWalk::default())
        .unwrap();
    let mut older = Vec::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        assert!(page.data.len() <= 7);
        older.extend(texts(&page.data));
    }
    assert_eq!(
        older,
        (0..25)
            .rev()
            .map(|i| format!("message {i}"))
            .collect::<Vec<_>>()
    );
    let first = chats.get_message(&chat.id, &ids[0]).await.unwrap();
    let mut newer = Vec::new();
    let mut pager = chats
        .message_pager(
            &chat.id,
            10,
            MessageWalk::Newer {
                after_order_id: first.order_id.clone(),
            },
        )
        .unwrap();
    while let Some(page) = pager.next_page().await.unwrap() {
        newer.extend(texts(&page.data));
    }
    assert_eq!(
        newer,
        (1..25).map(|i| format!("message {i}")).collect::<Vec<_>>()
    );

    // Get, edit, react, delete.
    assert_eq!(first.content.text, "message 0");
    assert_eq!(first.modified_at, None);
    assert!(first.created_at > std::time::UNIX_EPOCH);
    chats
        .edit_message(
            &chat.id,
            &ids[0],
            &MessageEdit {
                text: "edited".into(),
                style: None,
                marks: vec![anytype_core::TextMark {
                    from: 0,
                    to: 4,
                    kind: "bold".into(),
                    param: None,
                }],
                attachments: vec![],
            },
        )
        .await
        .unwrap();
    let edited = chats.get_message(&chat.id, &ids[0]).await.unwrap();
    assert_eq!(edited.content.text, "edited");
    assert_eq!(edited.content.marks[0].kind, "bold");
    assert!(edited.modified_at.is_some());
    chats
        .toggle_reaction(&chat.id, &ids[1], "👍")
        .await
        .unwrap();
    let reacted = chats.get_message(&chat.id, &ids[1]).await.unwrap();
    assert_eq!(reacted.reactions.len(), 1);
    assert_eq!(reacted.reactions[0].emoji, "👍");
    assert_eq!(reacted.reacted("👍").len(), 1);
    chats
        .toggle_reaction(&chat.id, &ids[1], "👍")
        .await
        .unwrap();
    assert!(chats
        .get_message(&chat.id, &ids[1])
        .await
        .unwrap()
        .reactions
        .is_empty());
    chats.delete_message(&chat.id, &ids[2]).await.unwrap();
    let missing = chats.get_message(&chat.id, &ids[2]).await.unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");

    // Reads, checked through the sandbox's read state.
    let state = |sandbox: &Sandbox, chat: &str| {
        let url = format!(
            "{}/_sandbox/spaces/{space}/chats/{chat}/state",
            sandbox.url()
        );
        async move {
            reqwest::get(url)
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(state(&sandbox, &chat.id).await["unread_messages"], 24);
    let tenth = chats.get_message(&chat.id, &ids[10]).await.unwrap();
    chats
        .read_messages(
            &chat.id,
            &ReadMessagesRequest {
                before_order_id: Some(tenth.order_id.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(state(&sandbox, &chat.id).await["unread_messages"], 14);
    chats
        .toggle_reaction(&chat.id, &ids[3], "🎉")
        .await
        .unwrap();
    assert_eq!(state(&sandbox, &chat.id).await["unread_reactions"], 2);
    chats.read_reactions(&chat.id, None).await.unwrap();
    assert_eq!(state(&sandbox, &chat.id).await["unread_reactions"], 0);
    chats.read_all(&chat.id).await.unwrap();
    assert_eq!(state(&sandbox, &chat.id).await["unread_messages"], 0);

    // Search.
    chats
        .add_message(&chat.id, &NewMessage::text("Lunch at noon? lunch!"))
        .await
        .unwrap();
    let hits = chats
        .search_messages(&chat.id, "lunch", 0, 10)
        .await
        .unwrap();
    assert_eq!(hits.pagination.total, 1);
    assert_eq!(hits.data[0].message.content.text, "Lunch at noon? lunch!");
    assert_eq!(hits.data[0].score, 2);
    assert_eq!(hits.data[0].highlight_ranges[0].from, 0);
    assert_eq!(hits.data[0].highlight_ranges[0].to, 5);
    let all = chats
        .search_pager(&chat.id, "message 1", 2)
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    // message 1, 10..=19 (message 2 was deleted, message 0 edited).
    assert_eq!(all.len(), 11);
}

async fn new_chat(client: &AnytypeClient, space: &str) -> String {
    client
        .chats(space)
        .create(&CreateChatRequest::new("Stream"))
        .await
        .unwrap()
        .id
}

fn fast(options: StreamOptions) -> StreamOptions {
    StreamOptions {
        heartbeat_seconds: 1,
        missed_heartbeats: 2,
        ..options
    }
}

#[tokio::test]
async fn the_stream_has_typed_events_and_replays_recent_messages() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let chat = new_chat(&client, &space).await;
    let chats = client.chats(&space);
    for i in 0..3 {
        chats
            .add_message(&chat, &NewMessage::text(format!("old {i}")))
            .await
            .unwrap();
    }
    let mut stream = chats
        .stream(
            &chat,
            fast(StreamOptions {
                replay: 2,
                ..Default::default()
            }),
        )
        .await
        .unwrap();
    let mut texts = Vec::new();
    for _ in 0..2 {
        match stream.next().await.unwrap() {
            Some(ChatEvent::MessageAdded { message }) => texts.push(message.content.text),
            other => panic!("expected a replayed message, got {other:?}"),
        }
    }
    assert_eq!(texts, vec!["old 1", "old 2"]);
    let id = chats
        .add_message(&chat, &NewMessage::text("new"))
        .await
        .unwrap();
    chats
        .edit_message(
            &chat,
            &id,
            &MessageEdit {
                text: "newer".into(),
                style: None,
                marks: vec![],
                attachments: vec![],
            },
        )
        .await
        .unwrap();
    chats.toggle_reaction(&chat, &id, "❤️").await.unwrap();
    chats.delete_message(&chat, &id).await.unwrap();
    let mut events = Vec::new();
    for _ in 0..4 {
        events.push(
            tokio::time::timeout(Duration::from_secs(10), stream.next())
                .await
                .unwrap()
                .unwrap()
                .unwrap(),
        );
    }
    assert!(
        matches!(&events[0], ChatEvent::MessageAdded { message } if message.id == id && message.content.text == "new")
    );
    assert!(
        matches!(&events[1], ChatEvent::MessageUpdated { message } if message.content.text == "newer")
    );
    assert!(
        matches!(&events[2], ChatEvent::ReactionsUpdated { message_id, reactions } if *message_id == id && reactions[0].emoji == "❤️")
    );
    assert!(matches!(&events[3], ChatEvent::MessageDeleted { message_id } if *message_id == id));

    // Heartbeats (every second here) never show up as events.
    let quiet = tokio::time::timeout(Duration::from_millis(2500), stream.next()).await;
    assert!(quiet.is_err(), "no event, only heartbeats: {quiet:?}");
    assert_eq!(stream.reconnects(), 0, "heartbeats kept it alive");

    // Dropping the stream closes the connection.
    let path = format!("/v1/spaces/{space}/chats/{chat}/messages/stream");
    assert_eq!(sandbox.request_count("GET", &path), 1);
    drop(stream);
    let mut waited = 0;
    while sandbox.in_flight() > 0 && waited < 50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    assert_eq!(sandbox.in_flight(), 0, "the stream's connection was closed");
}

/// Add `count` messages with a little pause between them, from another task.
fn keep_adding(
    client: AnytypeClient,
    space: String,
    chat: String,
    count: usize,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let chats = client.chats(&space);
        for i in 0..count {
            chats
                .add_message(&chat, &NewMessage::text(format!("live {i}")))
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
    })
}

async fn collect_added(
    stream: &mut anytype_core::MessageStream,
    count: usize,
) -> Vec<anytype_core::ChatMessage> {
    let mut got = Vec::new();
    while got.len() < count {
        let next = tokio::time::timeout(Duration::from_secs(20), stream.next()).await;
        let Ok(next) = next else {
            panic!(
                "the stream stopped delivering after {} messages (last {:?}): {stream:?}",
                got.len(),
                got.last()
                    .map(|m: &anytype_core::ChatMessage| m.content.text.clone())
            );
        };
        match next.expect("no error") {
            Some(ChatEvent::MessageAdded { message }) => got.push(message),
            Some(_) => {}
            None => panic!("the stream ended"),
        }
    }
    got
}

fn assert_once_in_order(got: &[anytype_core::ChatMessage], count: usize) {
    let texts: Vec<String> = got.iter().map(|m| m.content.text.clone()).collect();
    let expected: Vec<String> = (0..count).map(|i| format!("live {i}")).collect();
    assert_eq!(texts, expected, "every message once, in order");
    assert!(got.windows(2).all(|w| w[0].order_id < w[1].order_id));
}

#[tokio::test]
async fn a_stream_cut_many_times_delivers_every_message_once_in_order() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let chat = new_chat(&client, &space).await;
    let path = format!("/v1/spaces/{space}/chats/{chat}/messages/stream");
    // The first six connections break off after 1, 5, 9, ... events (the replay counts).
    for n in 0..6 {
        sandbox.add_fault(FaultRule {
            method: Some("GET".into()),
            path: path.clone(),
            times: Some(1),
            fault: Fault::CutStream {
                after_events: 1 + 4 * n,
            },
        });
    }
    let mut stream = client
        .chats(&space)
        .stream(&chat, fast(StreamOptions::default()))
        .await
        .unwrap();
    let count = 200;
    let writer = keep_adding(client.clone(), space.clone(), chat.clone(), count);
    let got = collect_added(&mut stream, count).await;
    writer.await.unwrap();
    assert_once_in_order(&got, count);
    assert!(stream.reconnects() >= 4, "cut several times: {stream:?}");
    assert_eq!(sandbox.request_count("GET", &path), stream.reconnects() + 1);
    // Nothing more: no late duplicates.
    let more = tokio::time::timeout(Duration::from_millis(500), stream.next()).await;
    assert!(more.is_err(), "{more:?}");
}

#[tokio::test]
async fn a_stalled_stream_counts_as_dropped_and_is_resumed() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let chat = new_chat(&client, &space).await;
    let path = format!("/v1/spaces/{space}/chats/{chat}/messages/stream");
    sandbox.add_fault(FaultRule {
        method: Some("GET".into()),
        path: path.clone(),
        times: Some(1),
        fault: Fault::StallStream { after_events: 3 },
    });
    let mut stream = client
        .chats(&space)
        .stream(&chat, fast(StreamOptions::default()))
        .await
        .unwrap();
    let count = 40;
    let writer = keep_adding(client.clone(), space.clone(), chat.clone(), count);
    let got = collect_added(&mut stream, count).await;
    writer.await.unwrap();
    assert_once_in_order(&got, count);
    assert_eq!(stream.reconnects(), 1);
}

#[tokio::test]
async fn with_reconnect_off_a_drop_ends_the_stream() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let chat = new_chat(&client, &space).await;
    let chats = client.chats(&space);
    sandbox.add_fault(FaultRule {
        method: Some("GET".into()),
        path: format!("/v1/spaces/{space}/chats/{chat}/messages/stream"),
        times: Some(1),
        fault: Fault::CutStream { after_events: 2 },
    });
    let mut stream = chats
        .stream(
            &chat,
            fast(StreamOptions {
                reconnect: false,
                ..Default::default()
            }),
        )
        .await
        .unwrap();
    for i in 0..5 {
        chats
            .add_message(&chat, &NewMessage::text(format!("m {i}")))
            .await
            .unwrap();
    }
    let mut delivered = 0;
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .unwrap()
        {
            Ok(Some(ChatEvent::MessageAdded { .. })) => delivered += 1,
            other => break other,
        }
    };
    assert!(matches!(ended, Err(Error::StreamEnded { .. })), "{ended:?}");
    assert!(delivered <= 2, "cut after 2 events, got {delivered}");
    assert!(matches!(stream.next().await, Ok(None)));
    assert_eq!(stream.reconnects(), 0);
}

#[tokio::test]
async fn a_stream_can_start_after_an_order_id() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = first_space(&client).await;
    let chat = new_chat(&client, &space).await;
    let chats = client.chats(&space);
    let mut ids = Vec::new();
    for i in 0..60 {
        ids.push(
            chats
                .add_message(&chat, &NewMessage::text(format!("live {i}")))
                .await
                .unwrap(),
        );
    }
    let fifth = chats.get_message(&chat, &ids[4]).await.unwrap();
    let mut stream = chats
        .stream(
            &chat,
            fast(StreamOptions {
                after_order_id: Some(fifth.order_id),
                ..Default::default()
            }),
        )
        .await
        .unwrap();
    let got = collect_added(&mut stream, 55).await;
    let texts: Vec<String> = got.iter().map(|m| m.content.text.clone()).collect();
    assert_eq!(
        texts,
        (5..60).map(|i| format!("live {i}")).collect::<Vec<_>>()
    );
    let missing = client
        .chats(&space)
        .stream("no-such-chat", StreamOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");
}
