//! Exports of [`crate::chats`] and [`crate::stream`]: the chats of a space, the message and
//! search pagers, and [`ChatStream`], the live stream every language wraps as its own stream.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::{Mutex, Notify};

use crate::ffi::{ffi_object, ffi_operations, ffi_pagers, runtime, AnytypeError};
use crate::{
    ChatEvent, ChatMessage, ChatSearchPage, CreateChatRequest, Error, MessageEdit, MessagePage,
    MessageQuery, MessageWalk, NewMessage, Object, ObjectPage, ReadKind, ReadMessagesRequest,
    StreamOptions,
};

ffi_object!(
    /// The chats of one space: chats, messages, reactions, reads, search, the live stream.
    Chats, BlockingChats wraps crate::Chats
);

fn walk(
    before_order_id: Option<String>,
    after_order_id: Option<String>,
) -> crate::Result<MessageWalk> {
    match (before_order_id, after_order_id) {
        (Some(_), Some(_)) => Err(Error::invalid(
            "after_order_id",
            "give before_order_id or after_order_id, not both",
        )),
        (before, None) => Ok(MessageWalk::Older {
            before_order_id: before,
        }),
        (None, Some(after)) => Ok(MessageWalk::Newer {
            after_order_id: after,
        }),
    }
}

ffi_operations!(Chats, BlockingChats:
    /// One page: `limit` (1..=1000) chats after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn list(offset: i64, limit: i64) -> ObjectPage = |chats| chats.list(offset, limit);
    /// Every chat, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn list_all(page_size: i64) -> Vec<Object> = |chats| chats.list_all(page_size);
    /// Create a chat; returns its object. Sent once.
    fn create(request: CreateChatRequest) -> Object = |chats| chats.create(&request);
    /// One page of messages in chronological order: the latest `limit` (default 50), or
    /// those before `before_order_id`, or those after `after_order_id`.
    #[uniffi::method(default(before_order_id = None, after_order_id = None, limit = None))]
    fn messages(chat_id: String, before_order_id: Option<String>, after_order_id: Option<String>, limit: Option<i64>) -> Vec<ChatMessage> =
        |chats| async move {
            chats.messages(&chat_id, &MessageQuery { before_order_id, after_order_id, limit }).await
        };
    /// Add a message; returns its id. Sent once: never replayed.
    fn add_message(chat_id: String, message: NewMessage) -> String =
        |chats| chats.add_message(&chat_id, &message);
    /// The message `message_id`.
    fn get_message(chat_id: String, message_id: String) -> ChatMessage =
        |chats| chats.get_message(&chat_id, &message_id);
    /// Replace a message's text, marks and attachments. Sent once.
    fn edit_message(chat_id: String, message_id: String, edit: MessageEdit) -> () =
        |chats| chats.edit_message(&chat_id, &message_id, &edit);
    /// Delete a message. Sent once.
    fn delete_message(chat_id: String, message_id: String) -> () =
        |chats| chats.delete_message(&chat_id, &message_id);
    /// Add the caller's `emoji` reaction to a message, or take it back if it is there.
    fn toggle_reaction(chat_id: String, message_id: String, emoji: String) -> () =
        |chats| chats.toggle_reaction(&chat_id, &message_id, &emoji);
    /// Mark messages read (or mentions, with `kind`); no range marks the whole chat.
    #[uniffi::method(default(after_order_id = None, before_order_id = None, last_state_id = None, kind = None))]
    fn read_messages(chat_id: String, after_order_id: Option<String>, before_order_id: Option<String>, last_state_id: Option<String>, kind: Option<ReadKind>) -> () =
        |chats| async move {
            let request = ReadMessagesRequest { after_order_id, before_order_id, last_state_id, kind };
            chats.read_messages(&chat_id, &request).await
        };
    /// Mark reactions seen, up to the reaction `order_id` (every one when none).
    #[uniffi::method(default(order_id = None))]
    fn read_reactions(chat_id: String, order_id: Option<String>) -> () =
        |chats| chats.read_reactions(&chat_id, order_id);
    /// Mark every message of the chat read.
    fn read_all(chat_id: String) -> () = |chats| chats.read_all(&chat_id);
    /// One page of the messages matching `query` (full text), best first.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn search_messages(chat_id: String, query: String, offset: i64, limit: i64) -> ChatSearchPage =
        |chats| chats.search_messages(&chat_id, &query, offset, limit);
    /// Open the live stream of `chat_id`: first the latest `replay` messages (or every message
    /// after `after_order_id`), then live events. Heartbeats are asked for every
    /// `heartbeat_seconds`; `missed_heartbeats` intervals of silence count as a drop. After a
    /// drop it reconnects by itself and fills the gap (each message once, in order), unless
    /// `reconnect` is false. Close it (or drop it) to close the connection.
    #[uniffi::method(default(replay = 50, after_order_id = None, heartbeat_seconds = 30, missed_heartbeats = 3, reconnect = true))]
    fn stream(chat_id: String, replay: i64, after_order_id: Option<String>, heartbeat_seconds: i64, missed_heartbeats: i64, reconnect: bool) -> Arc<ChatStream> =
        |chats| async move {
            let options = StreamOptions { replay, after_order_id, heartbeat_seconds, missed_heartbeats, reconnect };
            let stream = chats.stream(&chat_id, options).await?;
            Ok(Arc::new(ChatStream::new(stream)))
        };
);

ffi_pagers!(
    /// Walks every chat one page at a time.
    ChatPager, BlockingChatPager of ObjectPage;
    Chats, BlockingChats:
    /// A pager that fetches the chats one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn pager(page_size: i64) = |chats| chats.pager(page_size);
);

ffi_pagers!(
    /// Walks a chat's messages one page at a time, by order id.
    MessagePager, BlockingMessagePager of MessagePage, using crate::MessagePager;
    Chats, BlockingChats:
    /// A lazy walk through the messages of `chat_id`, `page_size` (1..=1000) at a time: back
    /// in time from the newest (or from before `before_order_id`), newest first; or, with
    /// `after_order_id`, forward from it, oldest first.
    #[uniffi::method(default(page_size = 50, before_order_id = None, after_order_id = None))]
    fn message_pager(chat_id: String, page_size: i64, before_order_id: Option<String>, after_order_id: Option<String>) =
        |chats| walk(before_order_id, after_order_id).and_then(|w| chats.message_pager(&chat_id, page_size, w));
);

ffi_pagers!(
    /// Walks the search hits of a chat one page at a time.
    ChatSearchPager, BlockingChatSearchPager of ChatSearchPage;
    Chats, BlockingChats:
    /// A pager over every message of `chat_id` matching `query`.
    #[uniffi::method(default(page_size = 100))]
    fn search_pager(chat_id: String, query: String, page_size: i64) =
        |chats| chats.search_pager(&chat_id, &query, page_size);
);

/// The live stream of one chat: `next()` gives each event (`None` once closed). Python makes
/// it an `async for` (and a plain `for` from `anytype.blocking`), Kotlin a `Flow`, Swift an
/// `AsyncSequence`. `disconnect()` (or dropping it) closes the connection, also while a `next()`
/// waits (that `next()` then returns `None`).
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct ChatStream {
    inner: Arc<Mutex<Option<crate::MessageStream>>>,
    closed: Arc<(AtomicBool, Notify)>,
}

impl std::fmt::Debug for ChatStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.inner.try_lock() {
            Ok(inner) => match inner.as_ref() {
                Some(stream) => stream.fmt(f),
                None => f.write_str("ChatStream { closed }"),
            },
            Err(_) => f.write_str("ChatStream { reading }"),
        }
    }
}

impl ChatStream {
    fn new(stream: crate::MessageStream) -> Self {
        ChatStream {
            inner: Arc::new(Mutex::new(Some(stream))),
            closed: Arc::new((AtomicBool::new(false), Notify::new())),
        }
    }

    fn next_task(
        &self,
    ) -> impl std::future::Future<Output = crate::Result<Option<ChatEvent>>> + Send + 'static {
        let inner = self.inner.clone();
        let closed = self.closed.clone();
        async move {
            let notified = closed.1.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if closed.0.load(Ordering::SeqCst) {
                return Ok(None);
            }
            let mut guard = inner.lock().await;
            let Some(stream) = guard.as_mut() else {
                return Ok(None);
            };
            tokio::select! {
                event = stream.next() => event,
                _ = notified => {
                    *guard = None; // closes the connection
                    Ok(None)
                }
            }
        }
    }
}

#[uniffi::export]
impl ChatStream {
    /// The next event, or none once the stream is closed. Heartbeats never show here.
    pub async fn next(&self) -> Result<Option<ChatEvent>, AnytypeError> {
        runtime::run(self.next_task()).await
    }

    /// The blocking twin of `next` (for Python's `anytype.blocking` and Java callers).
    pub fn next_blocking(&self) -> Result<Option<ChatEvent>, AnytypeError> {
        runtime::block(self.next_task())
    }

    /// Close the connection now; `next()` returns none from then on. (Not `close`: that is
    /// the name the Kotlin objects' `AutoCloseable.close()`, which frees the object, has.)
    pub fn disconnect(&self) {
        self.closed.0.store(true, Ordering::SeqCst);
        self.closed.1.notify_waiters();
        if let Ok(mut inner) = self.inner.try_lock() {
            *inner = None;
        }
    }

    /// How many times the stream has reconnected so far.
    pub fn reconnects(&self) -> i64 {
        match self.inner.try_lock() {
            Ok(inner) => inner.as_ref().map(|s| s.reconnects() as i64).unwrap_or(0),
            Err(_) => -1,
        }
    }
}
