//! Chats of a space and their messages: list and create chats; list messages by cursor (and a
//! lazy [`MessagePager`]), add, get, edit and delete a message, toggle a reaction, mark messages
//! and reactions read, search; and the live stream ([`MessageStream`], in `stream.rs`).
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str) -> anytype_core::Result<()> {
//! use anytype_core::{ChatEvent, CreateChatRequest, NewMessage, StreamOptions};
//!
//! let chats = client.chats(space);
//! let chat = chats.create(&CreateChatRequest::new("Bots")).await?;
//! let mut stream = chats.stream(&chat.id, StreamOptions::default()).await?;
//! while let Some(event) = stream.next().await? {
//!     if let ChatEvent::MessageAdded { message } = event {
//!         if message.content.text == "ping" {
//!             chats.add_message(&chat.id, &NewMessage::text("pong")).await?;
//!         }
//!     }
//! }
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Result};
use crate::http::Transport;
use crate::models::{null_as_default, null_as_empty, open_enum, page_record, Icon};
use crate::objects::{Object, ObjectPage};
use crate::paging::{check_page, ListRequest, Pager, MAX_LIMIT};
use crate::resource::{check_ids, paging_reads, Collection, Wrapped};
use crate::stream::{MessageStream, StreamOptions};

/// The server's default number of messages in one page of a chat.
pub const DEFAULT_MESSAGE_LIMIT: i64 = 50;

open_enum!(
    /// What a message attachment is.
    AttachmentKind, default File {
        /// A file.
        File = "file",
        /// An image.
        Image = "image",
        /// A link to an object.
        Link = "link",
    }
);

/// One formatting mark of a message's text (bold, a link, a mention, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TextMark {
    /// Where it starts (a character offset).
    #[serde(default, deserialize_with = "null_as_default")]
    pub from: i64,
    /// Where it ends (exclusive).
    #[serde(default, deserialize_with = "null_as_default")]
    pub to: i64,
    /// The kind of mark, e.g. `bold`, `italic`, `link`, `mention`.
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub kind: String,
    /// Its parameter (a link's URL, a mention's object id), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub param: Option<String>,
}

/// A file, image or object attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Attachment {
    /// The id of the attached object (for a file: the `object_id` of its upload).
    #[serde(default, deserialize_with = "null_as_default")]
    pub target: String,
    /// What it is.
    #[serde(rename = "type", default)]
    pub kind: AttachmentKind,
}

/// The text of a message with its style and marks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MessageContent {
    /// The text.
    #[serde(default, deserialize_with = "null_as_default")]
    pub text: String,
    /// The block style, e.g. `paragraph`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub style: String,
    /// Formatting marks.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub marks: Vec<TextMark>,
}

/// One emoji's reactions on a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reaction {
    /// The emoji.
    pub emoji: String,
    /// The members (participant ids) who reacted with it.
    pub identities: Vec<String>,
}

/// Reactions as the server sends them, `{"👍": ["id", ...]}`, in emoji order.
fn reactions_map<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Reaction>, D::Error> {
    let map = Option::<BTreeMap<String, Option<Vec<String>>>>::deserialize(deserializer)?;
    Ok(map
        .unwrap_or_default()
        .into_iter()
        .map(|(emoji, identities)| Reaction {
            emoji,
            identities: identities.unwrap_or_default(),
        })
        .collect())
}

pub(crate) fn parse_reactions(value: &serde_json::Value) -> Vec<Reaction> {
    reactions_map(value).unwrap_or_default()
}

fn unix_seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SystemTime, D::Error> {
    let seconds = Option::<i64>::deserialize(deserializer)?.unwrap_or(0);
    Ok(UNIX_EPOCH + Duration::from_secs(seconds.max(0) as u64))
}

fn optional_unix_seconds<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<SystemTime>, D::Error> {
    let seconds = Option::<i64>::deserialize(deserializer)?.unwrap_or(0);
    Ok((seconds > 0).then(|| UNIX_EPOCH + Duration::from_secs(seconds as u64)))
}

fn empty_as_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.filter(|s| !s.is_empty()))
}

/// A chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatMessage {
    /// The message id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// Its place in the chat: order ids sort (as strings) in the order the messages were added.
    #[serde(default, deserialize_with = "null_as_default")]
    pub order_id: String,
    /// Who wrote it (a participant id).
    #[serde(default, deserialize_with = "null_as_default")]
    pub creator: String,
    /// The writer's name, when the server gives it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub creator_name: String,
    /// When it was written.
    #[serde(default = "epoch", deserialize_with = "unix_seconds")]
    pub created_at: SystemTime,
    /// When it was last edited, if it was.
    #[serde(default, deserialize_with = "optional_unix_seconds")]
    pub modified_at: Option<SystemTime>,
    /// The message it replies to.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub reply_to_message_id: Option<String>,
    /// Its text, style and marks.
    #[serde(default)]
    pub content: MessageContent,
    /// Its attachments.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub attachments: Vec<Attachment>,
    /// Its reactions, one entry per emoji (in emoji order).
    #[serde(default, deserialize_with = "reactions_map")]
    pub reactions: Vec<Reaction>,
    /// Whether it is pinned.
    #[serde(default, deserialize_with = "null_as_default")]
    pub pinned: bool,
}

fn epoch() -> SystemTime {
    UNIX_EPOCH
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl ChatMessage {
    /// The members who reacted with `emoji` (empty when nobody did).
    pub fn reacted(&self, emoji: &str) -> Vec<String> {
        self.reactions
            .iter()
            .find(|r| r.emoji == emoji)
            .map(|r| r.identities.clone())
            .unwrap_or_default()
    }
}

/// One page of a walk through a chat's messages (see [`MessagePager`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MessagePage {
    /// The messages of this page, in the walk's order.
    pub data: Vec<ChatMessage>,
}

/// A search hit: the message and where the query matched.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChatSearchHit {
    /// The message.
    pub message: ChatMessage,
    /// The match in context, with the matched words in `**`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub highlight: String,
    /// Where the query matched in the text.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub highlight_ranges: Vec<TextRange>,
    /// The relevance (higher first).
    #[serde(default, deserialize_with = "null_as_default")]
    pub score: i64,
}

/// A range of characters of a message's text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TextRange {
    /// Where it starts.
    #[serde(default, deserialize_with = "null_as_default")]
    pub from: i64,
    /// Where it ends (exclusive).
    #[serde(default, deserialize_with = "null_as_default")]
    pub to: i64,
}

page_record!(
    /// One page of search hits.
    ChatSearchPage of ChatSearchHit
);

/// A new chat.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreateChatRequest {
    /// Its name.
    pub name: String,
    /// Its icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub icon: Option<Icon>,
}

impl CreateChatRequest {
    /// A chat called `name`, without an icon.
    pub fn new(name: impl Into<String>) -> Self {
        CreateChatRequest {
            name: name.into(),
            icon: None,
        }
    }
}

/// A new message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewMessage {
    /// Its text (required unless it has attachments).
    pub text: String,
    /// The block style, e.g. `paragraph`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub style: Option<String>,
    /// Formatting marks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub marks: Vec<TextMark>,
    /// Attachments (uploaded files, objects).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub attachments: Vec<Attachment>,
    /// The message this one replies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub reply_to_message_id: Option<String>,
}

impl NewMessage {
    /// A message of plain `text`.
    pub fn text(text: impl Into<String>) -> Self {
        NewMessage {
            text: text.into(),
            style: None,
            marks: Vec::new(),
            attachments: Vec::new(),
            reply_to_message_id: None,
        }
    }
}

/// The new content of an edited message (it replaces the old text, marks and attachments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MessageEdit {
    /// The new text (required unless it has attachments).
    pub text: String,
    /// The block style.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub style: Option<String>,
    /// Formatting marks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub marks: Vec<TextMark>,
    /// Attachments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub attachments: Vec<Attachment>,
}

fn check_content(text: &str, marks: &[TextMark], attachments: &[Attachment]) -> Result<()> {
    if text.trim().is_empty() && attachments.is_empty() {
        return Err(Error::invalid(
            "text",
            "must not be empty (a message needs text or an attachment)",
        ));
    }
    let length = text.chars().count() as i64;
    for (i, mark) in marks.iter().enumerate() {
        if mark.from < 0 || mark.to < mark.from || mark.to > length {
            return Err(Error::invalid(
                format!("marks[{i}]"),
                format!(
                    "{}..{} is not a range of the text (0..{length})",
                    mark.from, mark.to
                ),
            ));
        }
    }
    for (i, attachment) in attachments.iter().enumerate() {
        if attachment.target.trim().is_empty() {
            return Err(Error::invalid(
                format!("attachments[{i}].target"),
                "must not be empty",
            ));
        }
    }
    Ok(())
}

open_enum!(
    /// What a read marks: messages, or @-mentions.
    ReadKind, default Messages {
        /// Messages.
        Messages = "messages",
        /// Unread @-mentions.
        Mentions = "mentions",
    }
);

/// Which messages to mark read; all `None` marks the whole chat.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReadMessagesRequest {
    /// From this order id on (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub after_order_id: Option<String>,
    /// Up to this order id (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub before_order_id: Option<String>,
    /// The chat state id the reader saw last, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub last_state_id: Option<String>,
    /// Messages (`None`: the server's default) or mentions.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub kind: Option<ReadKind>,
}

/// Which messages one page of [`Chats::messages`] holds: the latest (no cursor), those
/// before an order id, or those after one. Always in chronological order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MessageQuery {
    /// Only messages before this order id (the `limit` latest of them).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub before_order_id: Option<String>,
    /// Only messages after this order id (the `limit` first of them).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub after_order_id: Option<String>,
    /// How many (1..=1000); `None` is the server's default, 50.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub limit: Option<i64>,
}

/// Which way a [`MessagePager`] walks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MessageWalk {
    /// Back in time, newest first: from the latest message (or from before `before_order_id`).
    Older {
        /// Start below this order id; `None` starts at the latest message.
        before_order_id: Option<String>,
    },
    /// Forward in time, oldest first, from after `after_order_id` to the latest message.
    Newer {
        /// Start after this order id.
        after_order_id: String,
    },
}

impl Default for MessageWalk {
    fn default() -> Self {
        MessageWalk::Older {
            before_order_id: None,
        }
    }
}

#[derive(Deserialize)]
struct MessagesAnswer {
    #[serde(default, deserialize_with = "null_as_empty")]
    messages: Vec<ChatMessage>,
}

#[derive(Deserialize)]
struct AddAnswer {
    #[serde(default, deserialize_with = "null_as_default")]
    message_id: String,
}

/// Where the messages of one chat live, and how to read them: shared by [`Chats`], the
/// [`MessagePager`] and the [`MessageStream`].
#[derive(Clone)]
pub(crate) struct ChatRef {
    pub(crate) transport: Arc<Transport>,
    pub(crate) space_id: String,
    pub(crate) chat_id: String,
}

impl ChatRef {
    pub(crate) fn check(&self) -> Result<()> {
        check_ids(&[("space_id", &self.space_id), ("chat_id", &self.chat_id)])
    }

    pub(crate) fn url(&self, rest: &[&str], query: &[(&str, String)]) -> Result<url::Url> {
        self.check()?;
        let mut segments = vec![
            "v1",
            "spaces",
            self.space_id.as_str(),
            "chats",
            self.chat_id.as_str(),
        ];
        segments.extend_from_slice(rest);
        self.transport.url(&segments, query)
    }

    /// One page of messages (a read: retried like every GET).
    pub(crate) async fn messages(&self, query: &MessageQuery) -> Result<Vec<ChatMessage>> {
        let mut params = Vec::new();
        if let Some(before) = &query.before_order_id {
            params.push(("before_order_id", before.clone()));
        }
        if let Some(after) = &query.after_order_id {
            params.push(("after_order_id", after.clone()));
        }
        if let Some(limit) = query.limit {
            check_page(0, limit, "limit")?;
            params.push(("limit", limit.to_string()));
        }
        let url = self.url(&["messages"], &params)?;
        let answer: MessagesAnswer = self.transport.get(url).await?;
        Ok(answer.messages)
    }

    /// A write whose answer carries nothing the caller needs (edit, delete, reactions, reads).
    /// Sent once, with the usual request timeout.
    async fn write(
        &self,
        method: Method,
        rest: &[&str],
        query: &[(&str, String)],
        body: Option<serde_json::Value>,
    ) -> Result<()> {
        let url = self.url(rest, query)?;
        let timeout = self.transport.read_timeout();
        let response = self
            .transport
            .open(method, &url, |request| {
                let request = request.timeout(timeout);
                match &body {
                    Some(body) => request.json(body),
                    None => request,
                }
            })
            .await?;
        self.transport.read_bounded(response, &url).await?;
        Ok(())
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::invalid("body", format!("can't be encoded as JSON: {e}")))
}

/// The chats of one space. Get one from [`AnytypeClient::chats`](crate::AnytypeClient::chats).
#[derive(Clone)]
pub struct Chats {
    items: Collection,
    transport: Arc<Transport>,
    space_id: String,
}

impl std::fmt::Debug for Chats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chats")
            .field("space_id", &self.space_id)
            .finish()
    }
}

impl Chats {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str) -> Self {
        Chats {
            items: Collection::new(transport.clone(), space_id, None, "chats"),
            transport,
            space_id: space_id.to_string(),
        }
    }

    fn chat(&self, chat_id: &str) -> ChatRef {
        ChatRef {
            transport: self.transport.clone(),
            space_id: self.space_id.clone(),
            chat_id: chat_id.to_string(),
        }
    }

    paging_reads!(ObjectPage, Object, "chats");

    /// Create a chat; returns its object. Sent once.
    pub async fn create(&self, request: &CreateChatRequest) -> Result<Object> {
        if request.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        self.items.create(request).await
    }

    /// One page of the messages of `chat_id`, in chronological order (see [`MessageQuery`]).
    pub async fn messages(&self, chat_id: &str, query: &MessageQuery) -> Result<Vec<ChatMessage>> {
        if query.before_order_id.is_some() && query.after_order_id.is_some() {
            return Err(Error::invalid(
                "query",
                "give before_order_id or after_order_id, not both",
            ));
        }
        self.chat(chat_id).messages(query).await
    }

    /// A lazy walk through the messages of `chat_id`, `page_size` (1..=1000) at a time.
    pub fn message_pager(
        &self,
        chat_id: &str,
        page_size: i64,
        walk: MessageWalk,
    ) -> Result<MessagePager> {
        let chat = self.chat(chat_id);
        chat.check()?;
        check_page(0, page_size, "page_size")?;
        Ok(MessagePager {
            chat,
            page_size,
            walk,
            done: false,
        })
    }

    /// Add a message; returns its id. Sent once: never replayed.
    pub async fn add_message(&self, chat_id: &str, message: &NewMessage) -> Result<String> {
        check_content(&message.text, &message.marks, &message.attachments)?;
        if let Some(reply) = &message.reply_to_message_id {
            check_ids(&[("reply_to_message_id", reply)])?;
        }
        let chat = self.chat(chat_id);
        let url = chat.url(&["messages"], &[])?;
        let answer: AddAnswer = self.transport.send(Method::POST, url, message).await?;
        Ok(answer.message_id)
    }

    /// The message `message_id`.
    pub async fn get_message(&self, chat_id: &str, message_id: &str) -> Result<ChatMessage> {
        check_ids(&[("message_id", message_id)])?;
        let url = self.chat(chat_id).url(&["messages", message_id], &[])?;
        let Wrapped(message) = self.transport.get(url).await?;
        Ok(message)
    }

    /// Replace the content of the message `message_id`. Sent once.
    pub async fn edit_message(
        &self,
        chat_id: &str,
        message_id: &str,
        edit: &MessageEdit,
    ) -> Result<()> {
        check_ids(&[("message_id", message_id)])?;
        check_content(&edit.text, &edit.marks, &edit.attachments)?;
        self.chat(chat_id)
            .write(
                Method::PATCH,
                &["messages", message_id],
                &[],
                Some(to_json(edit)?),
            )
            .await
    }

    /// Delete the message `message_id`. Sent once.
    pub async fn delete_message(&self, chat_id: &str, message_id: &str) -> Result<()> {
        check_ids(&[("message_id", message_id)])?;
        self.chat(chat_id)
            .write(Method::DELETE, &["messages", message_id], &[], None)
            .await
    }

    /// Add the caller's `emoji` reaction to the message, or take it back if it is there.
    pub async fn toggle_reaction(
        &self,
        chat_id: &str,
        message_id: &str,
        emoji: &str,
    ) -> Result<()> {
        check_ids(&[("message_id", message_id)])?;
        if emoji.trim().is_empty() {
            return Err(Error::invalid("emoji", "must not be empty"));
        }
        self.chat(chat_id)
            .write(
                Method::POST,
                &["messages", message_id, "reactions"],
                &[],
                Some(serde_json::json!({ "emoji": emoji })),
            )
            .await
    }

    /// Mark messages (or mentions) read; a default request marks the whole chat.
    pub async fn read_messages(&self, chat_id: &str, request: &ReadMessagesRequest) -> Result<()> {
        for (name, id) in [
            ("after_order_id", &request.after_order_id),
            ("before_order_id", &request.before_order_id),
            ("last_state_id", &request.last_state_id),
        ] {
            if let Some(id) = id {
                check_ids(&[(name, id)])?;
            }
        }
        self.chat(chat_id)
            .write(
                Method::POST,
                &["messages", "read"],
                &[],
                Some(to_json(request)?),
            )
            .await
    }

    /// Mark reactions seen, up to the reaction `order_id` (every one when `None`).
    pub async fn read_reactions(&self, chat_id: &str, order_id: Option<String>) -> Result<()> {
        if let Some(id) = &order_id {
            check_ids(&[("order_id", id)])?;
        }
        let body = match order_id {
            Some(id) => serde_json::json!({ "order_id": id }),
            None => serde_json::json!({}),
        };
        self.chat(chat_id)
            .write(Method::POST, &["reactions", "read"], &[], Some(body))
            .await
    }

    /// Mark every message of the chat read.
    pub async fn read_all(&self, chat_id: &str) -> Result<()> {
        self.chat(chat_id)
            .write(Method::POST, &["read_all"], &[], None)
            .await
    }

    fn search_request(&self, chat_id: &str, query: &str) -> Result<ListRequest> {
        if query.trim().is_empty() {
            return Err(Error::invalid("query", "must not be empty"));
        }
        let chat = self.chat(chat_id);
        chat.check()?;
        let segments = [
            "v1",
            "spaces",
            self.space_id.as_str(),
            "chats",
            chat_id,
            "messages",
            "search",
        ];
        Ok(ListRequest::get(&segments).with_query(vec![("query".into(), query.into())]))
    }

    /// One page of the messages matching `query` (full text), best first.
    pub async fn search_messages(
        &self,
        chat_id: &str,
        query: &str,
        offset: i64,
        limit: i64,
    ) -> Result<ChatSearchPage> {
        self.search_request(chat_id, query)?
            .page(&self.transport, offset, limit, "limit")
            .await
    }

    /// A [`Pager`] over every message matching `query`.
    pub fn search_pager(
        &self,
        chat_id: &str,
        query: &str,
        page_size: i64,
    ) -> Result<Pager<ChatSearchPage>> {
        Pager::new(
            self.transport.clone(),
            self.search_request(chat_id, query)?,
            page_size,
        )
    }

    /// Open the live stream of `chat_id` (see [`MessageStream`]): the connection is made now,
    /// so a missing chat or a bad key fails here.
    pub async fn stream(&self, chat_id: &str, options: StreamOptions) -> Result<MessageStream> {
        MessageStream::open(self.chat(chat_id), options).await
    }
}

/// A lazy walk through a chat's messages, one page per [`next_page`](MessagePager::next_page),
/// by cursor (order ids), so messages added during the walk never shift it.
pub struct MessagePager {
    chat: ChatRef,
    page_size: i64,
    walk: MessageWalk,
    done: bool,
}

impl std::fmt::Debug for MessagePager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessagePager")
            .field("chat_id", &self.chat.chat_id)
            .field("walk", &self.walk)
            .field("done", &self.done)
            .finish()
    }
}

impl MessagePager {
    /// The next page, or `None` after the last one. An error leaves the pager where it was.
    pub async fn next_page(&mut self) -> Result<Option<MessagePage>> {
        if self.done {
            return Ok(None);
        }
        let limit = self.page_size.min(MAX_LIMIT);
        let query = match &self.walk {
            MessageWalk::Older { before_order_id } => MessageQuery {
                before_order_id: before_order_id.clone(),
                after_order_id: None,
                limit: Some(limit),
            },
            MessageWalk::Newer { after_order_id } => MessageQuery {
                before_order_id: None,
                after_order_id: Some(after_order_id.clone()),
                limit: Some(limit),
            },
        };
        let mut messages = self.chat.messages(&query).await?;
        self.done = (messages.len() as i64) < limit;
        match &mut self.walk {
            MessageWalk::Older { before_order_id } => {
                if let Some(first) = messages.first() {
                    *before_order_id = Some(first.order_id.clone());
                }
                messages.reverse();
            }
            MessageWalk::Newer { after_order_id } => {
                if let Some(last) = messages.last() {
                    *after_order_id = last.order_id.clone();
                }
            }
        }
        if messages.is_empty() {
            self.done = true;
            return Ok(None);
        }
        Ok(Some(MessagePage { data: messages }))
    }

    /// The remaining messages, in the walk's order, as a stream.
    pub fn into_stream(self) -> impl futures::Stream<Item = Result<ChatMessage>> {
        use futures::{StreamExt, TryStreamExt};
        futures::stream::try_unfold(self, |mut pager| async move {
            Ok(pager.next_page().await?.map(|page| (page.data, pager)))
        })
        .map_ok(|items| futures::stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }
}
