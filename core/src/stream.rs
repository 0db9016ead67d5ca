//! The live stream of a chat (`GET .../chats/{chat_id}/messages/stream`, server-sent events)
//! as typed [`ChatEvent`]s, surviving disconnects.
//!
//! * The SSE format is parsed by the `eventsource-stream` crate; each event's `data` is
//!   `{"type": ..., "payload": ...}`. Heartbeats (comment lines) are consumed silently, but they
//!   count as signs of life: a connection that stays silent longer than
//!   `heartbeat_seconds × missed_heartbeats` counts as dropped.
//! * After a drop (the connection breaks, the server ends the stream, or silence) the stream
//!   reconnects by itself with jittered exponential backoff (the client's [`RetryPolicy`](crate::RetryPolicy)),
//!   then fills the gap by paging `after_order_id` from the last order id it delivered, and
//!   skips every `message_added` it has already delivered. So each message arrives once, in
//!   order. (Edits, deletions and reactions made while disconnected are not replayed: the API has
//!   no resume token for them.) With `reconnect: false` a drop ends the stream with
//!   [`Error::StreamEnded`].
//! * Dropping the [`MessageStream`] closes the connection.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBuilder};
use eventsource_stream::Eventsource;
use futures::{Stream, StreamExt};
use reqwest::Method;
use serde::Deserialize;

use crate::chats::{parse_reactions, ChatMessage, ChatRef, MessageQuery, Reaction};
use crate::error::{Error, Result};
use crate::paging::MAX_LIMIT;

/// How a [`MessageStream`] behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StreamOptions {
    /// How many recent messages come first, before the live ones (1..=1000).
    #[cfg_attr(feature = "uniffi", uniffi(default = 50))]
    pub replay: i64,
    /// Start after this order id instead of with the recent messages: every message after it
    /// comes first (for a bot that resumes where it stopped).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub after_order_id: Option<String>,
    /// The heartbeat interval the server is asked for (1..=60 seconds).
    #[cfg_attr(feature = "uniffi", uniffi(default = 30))]
    pub heartbeat_seconds: i64,
    /// After how many heartbeat intervals of silence the connection counts as dropped (>= 1).
    #[cfg_attr(feature = "uniffi", uniffi(default = 3))]
    pub missed_heartbeats: i64,
    /// Reconnect after a drop (and fill the gap); `false` ends the stream with `StreamEnded`.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub reconnect: bool,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            replay: 50,
            after_order_id: None,
            heartbeat_seconds: 30,
            missed_heartbeats: 3,
            reconnect: true,
        }
    }
}

impl StreamOptions {
    fn check(&self) -> Result<()> {
        if !(1..=MAX_LIMIT).contains(&self.replay) {
            return Err(Error::invalid(
                "replay",
                format!("must be between 1 and {MAX_LIMIT}, got {}", self.replay),
            ));
        }
        if !(1..=60).contains(&self.heartbeat_seconds) {
            return Err(Error::invalid(
                "heartbeat_seconds",
                format!("must be between 1 and 60, got {}", self.heartbeat_seconds),
            ));
        }
        if self.missed_heartbeats < 1 {
            return Err(Error::invalid(
                "missed_heartbeats",
                format!("must be at least 1, got {}", self.missed_heartbeats),
            ));
        }
        if let Some(after) = &self.after_order_id {
            if after.trim().is_empty() {
                return Err(Error::invalid(
                    "after_order_id",
                    "must not be empty when given",
                ));
            }
        }
        Ok(())
    }

    fn silence(&self) -> Duration {
        Duration::from_secs((self.heartbeat_seconds * self.missed_heartbeats) as u64)
    }
}

/// One event of a chat's live stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ChatEvent {
    /// A new message (also the replayed recent ones, and those fetched to fill a gap).
    MessageAdded {
        /// The message.
        message: ChatMessage,
    },
    /// A message was edited.
    MessageUpdated {
        /// The message as it is now.
        message: ChatMessage,
    },
    /// A message was deleted.
    MessageDeleted {
        /// Its id.
        message_id: String,
    },
    /// The reactions of a message changed.
    ReactionsUpdated {
        /// The message's id.
        message_id: String,
        /// All its reactions now.
        reactions: Vec<Reaction>,
    },
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    payload: serde_json::Value,
}

type Events = Pin<
    Box<
        dyn Stream<
                Item = std::result::Result<
                    eventsource_stream::Event,
                    eventsource_stream::EventStreamError<reqwest::Error>,
                >,
            > + Send,
    >,
>;

struct Connection {
    events: Events,
    /// When the last bytes (an event or a heartbeat) arrived.
    alive_at: Arc<Mutex<Instant>>,
}

/// The live stream of one chat: call [`next`](MessageStream::next) (or use
/// [`into_stream`](MessageStream::into_stream)). Get one from
/// [`Chats::stream`](crate::Chats::stream).
pub struct MessageStream {
    chat: ChatRef,
    options: StreamOptions,
    connection: Option<Connection>,
    pending: VecDeque<ChatEvent>,
    /// The order id of the last `message_added` delivered.
    last_order_id: Option<String>,
    finished: bool,
    reconnects: u64,
}

impl std::fmt::Debug for MessageStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageStream")
            .field("chat_id", &self.chat.chat_id)
            .field("connected", &self.connection.is_some())
            .field("last_order_id", &self.last_order_id)
            .field("reconnects", &self.reconnects)
            .finish()
    }
}

impl MessageStream {
    pub(crate) async fn open(chat: ChatRef, options: StreamOptions) -> Result<MessageStream> {
        chat.check()?;
        options.check()?;
        let mut stream = MessageStream {
            last_order_id: options.after_order_id.clone(),
            chat,
            options,
            connection: None,
            pending: VecDeque::new(),
            finished: false,
            reconnects: 0,
        };
        // Connect first, then read what came before over REST: whatever is added meanwhile is
        // in both, and de-duplicated by order id.
        stream.connection = Some(Self::connect(&stream.chat, &stream.options).await?);
        if stream.last_order_id.is_some() {
            stream.fill_gap().await?;
        } else {
            let recent = stream
                .chat
                .messages(&MessageQuery {
                    before_order_id: None,
                    after_order_id: None,
                    limit: Some(stream.options.replay),
                })
                .await?;
            // An empty chat: every message from now on is new ("" sorts before every order id).
            stream.last_order_id = Some(
                recent
                    .last()
                    .map(|m| m.order_id.clone())
                    .unwrap_or_default(),
            );
            stream.pending.extend(
                recent
                    .into_iter()
                    .map(|message| ChatEvent::MessageAdded { message }),
            );
        }
        Ok(stream)
    }

    /// How many times the stream has reconnected so far.
    pub fn reconnects(&self) -> u64 {
        self.reconnects
    }

    /// The order id of the last message delivered, if any.
    pub fn last_order_id(&self) -> Option<String> {
        self.last_order_id.clone()
    }

    /// Close the connection now; `next` then returns `None`.
    pub fn close(&mut self) {
        self.connection = None;
        self.pending.clear();
        self.finished = true;
    }

    async fn connect(chat: &ChatRef, options: &StreamOptions) -> Result<Connection> {
        let url = chat.url(&["messages", "stream"], &[("limit", "1".to_string())])?;
        let heartbeat = options.heartbeat_seconds.to_string();
        let silence = options.silence();
        let response = tokio::time::timeout(
            silence.max(chat.transport.read_timeout()),
            chat.transport.open(Method::GET, &url, |request| {
                request
                    .header(reqwest::header::ACCEPT, "text/event-stream")
                    .header("Anytype-Heartbeat-Seconds", heartbeat)
            }),
        )
        .await
        .map_err(|_| Error::Timeout {
            url: url.to_string(),
            after: silence,
        })??;
        let alive_at = Arc::new(Mutex::new(Instant::now()));
        let touch = alive_at.clone();
        let events = response
            .bytes_stream()
            .inspect(move |_| {
                if let Ok(mut at) = touch.lock() {
                    *at = Instant::now();
                }
            })
            .eventsource()
            .boxed();
        Ok(Connection { events, alive_at })
    }

    /// Page `after_order_id` from the last delivered message to the newest one, queueing what
    /// was missed.
    async fn fill_gap(&mut self) -> Result<()> {
        let Some(mut after) = self.last_order_id.clone() else {
            return Ok(());
        };
        let missed = if after.is_empty() {
            // Nothing was there when the stream opened: every message is new. Walk back from
            // the newest (there is no cursor before the first message).
            let mut older = Vec::new();
            let mut before = None;
            loop {
                let page = self
                    .chat
                    .messages(&MessageQuery {
                        before_order_id: before.clone(),
                        after_order_id: None,
                        limit: Some(MAX_LIMIT),
                    })
                    .await?;
                let full = page.len() as i64 == MAX_LIMIT;
                before = page.first().map(|m| m.order_id.clone());
                older.extend(page.into_iter().rev());
                if !full || before.is_none() {
                    break;
                }
            }
            older.reverse();
            older
        } else {
            let mut newer = Vec::new();
            let mut cursor = after.clone();
            loop {
                let page = self
                    .chat
                    .messages(&MessageQuery {
                        before_order_id: None,
                        after_order_id: Some(cursor.clone()),
                        limit: Some(MAX_LIMIT),
                    })
                    .await?;
                let full = page.len() as i64 == MAX_LIMIT;
                if let Some(last) = page.last() {
                    cursor = last.order_id.clone();
                }
                newer.extend(page);
                if !full {
                    break;
                }
            }
            newer
        };
        for message in missed {
            if message.order_id.as_str() > after.as_str() {
                after = message.order_id.clone();
                self.pending.push_back(ChatEvent::MessageAdded { message });
            }
        }
        self.last_order_id = Some(after);
        Ok(())
    }

    /// Reconnect with backoff after a drop, then fill the gap.
    async fn reconnect(&mut self, why: String) -> Result<()> {
        if !self.options.reconnect {
            self.finished = true;
            return Err(Error::StreamEnded {
                detail: format!("{why} (reconnecting is off)"),
            });
        }
        let retry = self.chat.transport.retry_policy().clone();
        let mut backoff = ExponentialBuilder::default()
            .with_min_delay(retry.initial_backoff)
            .with_max_delay(retry.max_backoff)
            .with_max_times(retry.max_retries.max(1) as usize)
            .with_jitter()
            .build();
        let mut last_error = why;
        loop {
            let Some(wait) = backoff.next() else {
                self.finished = true;
                return Err(Error::StreamEnded {
                    detail: format!("could not reconnect: {last_error}"),
                });
            };
            tokio::time::sleep(wait).await;
            // Reconnect first, then page: whatever arrives meanwhile waits in the new
            // connection and is de-duplicated by order id.
            let attempt = match Self::connect(&self.chat, &self.options).await {
                Ok(connection) => {
                    self.connection = Some(connection);
                    self.fill_gap().await
                }
                Err(e) => Err(e),
            };
            match attempt {
                Ok(()) => {
                    self.reconnects += 1;
                    tracing::info!(chat = %self.chat.chat_id, reconnects = self.reconnects, "anytype chat stream reconnected");
                    return Ok(());
                }
                Err(
                    e @ (Error::Unauthorized { .. }
                    | Error::Forbidden { .. }
                    | Error::NotFound { .. }
                    | Error::InvalidInput { .. }),
                ) => {
                    self.connection = None;
                    self.finished = true;
                    return Err(e);
                }
                Err(e) => {
                    self.connection = None;
                    tracing::warn!(chat = %self.chat.chat_id, error = %e, "anytype chat stream could not reconnect yet");
                    last_error = e.to_string();
                }
            }
        }
    }

    /// The next event; `None` once the stream was closed. Heartbeats never show here.
    pub async fn next(&mut self) -> Result<Option<ChatEvent>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Ok(Some(event));
            }
            if self.finished {
                return Ok(None);
            }
            let Some(connection) = self.connection.as_mut() else {
                self.reconnect("not connected".into()).await?;
                continue;
            };
            match read(connection, self.options.silence()).await {
                Ok(event) => {
                    if let Some(event) = self.accept(event) {
                        return Ok(Some(event));
                    }
                }
                Err(why) => {
                    self.connection = None;
                    tracing::warn!(chat = %self.chat.chat_id, %why, "anytype chat stream dropped");
                    self.reconnect(why).await?;
                }
            }
        }
    }

    /// The typed event of one SSE event, or `None` for one to skip (a message already
    /// delivered, an event type this SDK doesn't know, a payload it can't read).
    fn accept(&mut self, event: eventsource_stream::Event) -> Option<ChatEvent> {
        let envelope: Envelope = match serde_json::from_str(&event.data) {
            Ok(envelope) => envelope,
            Err(e) => {
                tracing::warn!(error = %e, "anytype chat stream: an event that is not JSON; skipped");
                return None;
            }
        };
        let kind = if envelope.kind.is_empty() {
            event.event.clone()
        } else {
            envelope.kind
        };
        let payload = envelope.payload;
        let message = || -> Option<ChatMessage> {
            serde_json::from_value(payload.get("message")?.clone()).ok()
        };
        let id = || -> Option<String> {
            payload
                .get("id")
                .or_else(|| payload.get("message_id"))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let typed = match kind.as_str() {
            "message_added" => {
                let message = message()?;
                if self
                    .last_order_id
                    .as_deref()
                    .is_some_and(|last| message.order_id.as_str() <= last)
                {
                    return None; // delivered already (a replay after a reconnect)
                }
                self.last_order_id = Some(message.order_id.clone());
                ChatEvent::MessageAdded { message }
            }
            "message_updated" => ChatEvent::MessageUpdated {
                message: message()?,
            },
            "message_deleted" => ChatEvent::MessageDeleted { message_id: id()? },
            "reactions_updated" => ChatEvent::ReactionsUpdated {
                message_id: id()?,
                reactions: payload
                    .get("reactions")
                    .map(parse_reactions)
                    .unwrap_or_default(),
            },
            other => {
                tracing::debug!(
                    kind = other,
                    "anytype chat stream: unknown event type; skipped"
                );
                return None;
            }
        };
        Some(typed)
    }

    /// The events as a [`Stream`]; it ends after an error or a [`close`](MessageStream::close).
    pub fn into_stream(self) -> impl Stream<Item = Result<ChatEvent>> + Send {
        futures::stream::unfold(Some(self), |state| async move {
            let mut stream = state?;
            match stream.next().await {
                Ok(Some(event)) => Some((Ok(event), Some(stream))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        })
    }
}

/// The next SSE event of `connection`, or why the connection counts as dropped.
async fn read(
    connection: &mut Connection,
    silence: Duration,
) -> std::result::Result<eventsource_stream::Event, String> {
    loop {
        let alive_at = connection
            .alive_at
            .lock()
            .map(|at| *at)
            .unwrap_or_else(|_| Instant::now());
        let deadline = tokio::time::Instant::from_std(alive_at + silence);
        match tokio::time::timeout_at(deadline, connection.events.next()).await {
            Ok(Some(Ok(event))) => return Ok(event),
            Ok(Some(Err(e))) => return Err(format!("the connection broke: {e}")),
            Ok(None) => return Err("the server ended the stream".into()),
            Err(_) => {
                let last = connection.alive_at.lock().map(|at| *at).unwrap_or(alive_at);
                if last + silence <= Instant::now() {
                    return Err(format!(
                        "no event or heartbeat for {}s",
                        silence.as_secs_f64()
                    ));
                }
                // A heartbeat came in meanwhile: wait again from it.
            }
        }
    }
}
