//! Chats: chat objects, messages with order ids (zero-padded hex, so they sort as strings in
//! the order messages were added), reactions, read state, full-text search, and the live stream
//! (server-sent events: the last `limit` messages, then `message_added`, `message_updated`,
//! `message_deleted` and `reactions_updated`, with `: heartbeat` comments every
//! `Anytype-Heartbeat-Seconds`, 1..=60, default 30).
//!
//! Stream faults (`cut_stream`, `stall_stream`) are applied by the fault middleware; an admin
//! route shows the read state (`GET /_sandbox/spaces/{space_id}/chats/{chat_id}/state`) and
//! another adds messages in bulk (`POST /_sandbox/spaces/{space_id}/chats/{chat_id}/messages?count=N`).
// Handlers return their error answer as the `Err` of a `Result`; its size doesn't matter here.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, Query, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::sync::broadcast;

use crate::server::{
    error, json_body, json_response, lock, paging, space_not_found, text_plain_error, Paging, State,
};
use crate::store::random_string;

type Shared = std::sync::Arc<State>;

/// Who the sandbox's account is in chats.
const ME: &str = "_participant_sandbox_user";
const MY_NAME: &str = "Sandbox user";

struct Message {
    id: String,
    order_id: String,
    created_at: u64,
    modified_at: u64,
    text: String,
    style: String,
    marks: Value,
    attachments: Value,
    reply_to: String,
    reactions: BTreeMap<String, Vec<String>>,
}

impl Message {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "order_id": self.order_id,
            "creator": ME,
            "creator_name": MY_NAME,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
            "reply_to_message_id": self.reply_to,
            "content": {"text": self.text, "style": self.style, "marks": self.marks},
            "attachments": self.attachments,
            "reactions": self.reactions,
            "pinned": false,
        })
    }
}

struct Chat {
    space_id: String,
    object: Value,
    messages: Vec<Message>,
    next_order: u64,
    events: broadcast::Sender<Value>,
    read_upto: String,
    unread_reactions: u64,
}

impl Chat {
    fn publish(&self, kind: &str, payload: Value) {
        // Nobody listening is fine.
        let _ = self.events.send(json!({"type": kind, "payload": payload}));
    }

    fn add(
        &mut self,
        text: String,
        style: String,
        marks: Value,
        attachments: Value,
        reply_to: String,
    ) -> String {
        self.next_order += 1;
        let message = Message {
            id: format!(
                "msg-{}",
                random_string(b"abcdefghijklmnopqrstuvwxyz0123456789", 16)
            ),
            order_id: format!("{:016x}", self.next_order),
            created_at: now(),
            modified_at: 0,
            text,
            style,
            marks,
            attachments,
            reply_to,
            reactions: BTreeMap::new(),
        };
        let id = message.id.clone();
        self.publish("message_added", json!({"message": message.to_json()}));
        self.messages.push(message);
        id
    }

    fn message_mut(&mut self, id: &str) -> Option<&mut Message> {
        self.messages.iter_mut().find(|m| m.id == id)
    }
}

/// Every chat of every space.
#[derive(Default)]
pub(crate) struct ChatStore {
    chats: Mutex<HashMap<String, Chat>>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub(crate) fn router() -> Router<Shared> {
    let chat = "/v1/spaces/{space_id}/chats/{chat_id}";
    Router::new()
        .route(
            "/v1/spaces/{space_id}/chats",
            get(list_chats).post(create_chat),
        )
        .route(
            &format!("{chat}/messages"),
            get(list_messages).post(add_message),
        )
        .route(&format!("{chat}/messages/stream"), get(stream))
        .route(&format!("{chat}/messages/search"), get(search))
        .route(&format!("{chat}/messages/read"), post(read_messages))
        .route(&format!("{chat}/reactions/read"), post(read_reactions))
        .route(&format!("{chat}/read_all"), post(read_all))
        .route(
            &format!("{chat}/messages/{{message_id}}"),
            patch(edit_message).get(get_message).delete(delete_message),
        )
        .route(
            &format!("{chat}/messages/{{message_id}}/reactions"),
            post(toggle_reaction),
        )
}

pub(crate) fn admin_router() -> Router<Shared> {
    Router::new()
        .route(
            "/_sandbox/spaces/{space_id}/chats/{chat_id}/state",
            get(admin_state),
        )
        .route(
            "/_sandbox/spaces/{space_id}/chats/{chat_id}/messages",
            post(admin_add_messages),
        )
}

/// Run `f` on the chat; 404 for a missing space, 500 `failed to retrieve chat` (like a missing
/// object) for a missing chat.
fn in_chat(
    state: &State,
    space_id: &str,
    chat_id: &str,
    f: impl FnOnce(&mut Chat) -> Response,
) -> Response {
    if lock(&state.store).space(space_id).is_none() {
        return space_not_found(space_id);
    }
    let mut chats = lock(&state.chats.chats);
    match chats.get_mut(chat_id).filter(|c| c.space_id == space_id) {
        Some(chat) => f(chat),
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "failed to retrieve chat"),
    }
}

fn message_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "message not found")
}

fn empty_ok() -> Response {
    json_response(StatusCode::OK, json!({}))
}

async fn list_chats(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let pairs: Vec<(String, String)> = query.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let Paging { offset, limit, .. } = match paging(&pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if lock(&state.store).space(&space_id).is_none() {
        return space_not_found(&space_id);
    }
    let chats = lock(&state.chats.chats);
    let mut all: Vec<&Chat> = chats.values().filter(|c| c.space_id == space_id).collect();
    all.sort_by(|a, b| a.object["id"].as_str().cmp(&b.object["id"].as_str()));
    let total = all.len();
    let data: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|c| c.object.clone())
        .collect();
    json_response(
        StatusCode::OK,
        json!({"data": data, "pagination": {"total": total, "offset": offset, "limit": limit, "has_more": offset.saturating_add(limit) < total}}),
    )
}

async fn create_chat(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    body: Bytes,
) -> Response {
    let body = match json_body(&body, "CreateChatRequest", true) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if lock(&state.store).space(&space_id).is_none() {
        return space_not_found(&space_id);
    }
    let id = format!(
        "bafyrei{}",
        random_string(b"abcdefghijklmnopqrstuvwxyz234567", 52)
    );
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
    let object = json!({
        "object": "object", "id": id, "name": name, "icon": body.get("icon").cloned().unwrap_or(Value::Null),
        "archived": false, "space_id": space_id, "snippet": "", "layout": "chat",
        "type": {"object": "type", "id": "chat-derived-type", "key": "chat_derived", "name": "Chat",
                 "plural_name": "Chats", "layout": "chat", "archived": false, "properties": []},
        "properties": [],
    });
    let (events, _) = broadcast::channel(16_384);
    lock(&state.chats.chats).insert(
        id,
        Chat {
            space_id,
            object: object.clone(),
            messages: Vec::new(),
            next_order: 0,
            events,
            read_upto: String::new(),
            unread_reactions: 0,
        },
    );
    json_response(StatusCode::CREATED, json!({"object": object}))
}

fn limit_param(query: &HashMap<String, String>, default: usize) -> Result<usize, Response> {
    match query.get("limit") {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(n),
            _ => Err(error(
                StatusCode::BAD_REQUEST,
                "limit must be between 1 and 1000",
            )),
        },
    }
}

async fn list_messages(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let limit = match limit_param(&query, 50) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let before = query
        .get("before_order_id")
        .filter(|s| !s.is_empty())
        .cloned();
    let after = query
        .get("after_order_id")
        .filter(|s| !s.is_empty())
        .cloned();
    in_chat(&state, &space_id, &chat_id, |chat| {
        let selected: Vec<&Message> = match (&before, &after) {
            (_, Some(after)) => chat
                .messages
                .iter()
                .filter(|m| m.order_id > *after)
                .take(limit)
                .collect(),
            (Some(before), None) => {
                let older: Vec<&Message> = chat
                    .messages
                    .iter()
                    .filter(|m| m.order_id < *before)
                    .collect();
                older[older.len().saturating_sub(limit)..].to_vec()
            }
            (None, None) => chat.messages[chat.messages.len().saturating_sub(limit)..]
                .iter()
                .collect(),
        };
        let messages: Vec<Value> = selected.iter().map(|m| m.to_json()).collect();
        json_response(StatusCode::OK, json!({"messages": messages}))
    })
}

struct Content {
    text: String,
    style: String,
    marks: Value,
    attachments: Value,
}

fn content(body: &Value, type_name: &str) -> Result<Content, Response> {
    let text = match body.get("text") {
        Some(Value::String(t)) => t.clone(),
        None | Some(Value::Null) => {
            return Err(text_plain_error(
                StatusCode::BAD_REQUEST,
                format!("Key: '{type_name}.Text' Error:Field validation for 'Text' failed on the 'required' tag"),
            ))
        }
        Some(_) => {
            return Err(text_plain_error(
                StatusCode::BAD_REQUEST,
                format!("json: cannot unmarshal value into Go struct field {type_name}.text of type string"),
            ))
        }
    };
    Ok(Content {
        text,
        style: body
            .get("style")
            .and_then(Value::as_str)
            .unwrap_or("paragraph")
            .to_string(),
        marks: body
            .get("marks")
            .cloned()
            .filter(Value::is_array)
            .unwrap_or(json!([])),
        attachments: body
            .get("attachments")
            .cloned()
            .filter(Value::is_array)
            .unwrap_or(json!([])),
    })
}

async fn add_message(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "AddChatMessageRequest";
    let fields = json_body(&body, TYPE, true).and_then(|b| Ok((content(&b, TYPE)?, b)));
    let (content, body) = match fields {
        Ok(f) => f,
        Err(r) => return r,
    };
    let reply_to = body
        .get("reply_to_message_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    in_chat(&state, &space_id, &chat_id, |chat| {
        if !reply_to.is_empty() && chat.message_mut(&reply_to).is_none() {
            return error(
                StatusCode::BAD_REQUEST,
                "bad input: reply_to_message_id not found",
            );
        }
        let id = chat.add(
            content.text,
            content.style,
            content.marks,
            content.attachments,
            reply_to,
        );
        json_response(StatusCode::CREATED, json!({"message_id": id}))
    })
}

async fn get_message(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id, message_id)): Path<(String, String, String)>,
) -> Response {
    in_chat(&state, &space_id, &chat_id, |chat| {
        match chat.message_mut(&message_id) {
            Some(m) => json_response(StatusCode::OK, json!({"message": m.to_json()})),
            None => message_not_found(),
        }
    })
}

async fn edit_message(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id, message_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "EditChatMessageRequest";
    let content = match json_body(&body, TYPE, true).and_then(|b| content(&b, TYPE)) {
        Ok(c) => c,
        Err(r) => return r,
    };
    in_chat(&state, &space_id, &chat_id, |chat| {
        let Some(message) = chat.message_mut(&message_id) else {
            return message_not_found();
        };
        message.text = content.text;
        message.style = content.style;
        message.marks = content.marks;
        message.attachments = content.attachments;
        message.modified_at = now().max(message.created_at + 1);
        let json = message.to_json();
        chat.publish("message_updated", json!({"message": json}));
        empty_ok()
    })
}

async fn delete_message(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id, message_id)): Path<(String, String, String)>,
) -> Response {
    in_chat(&state, &space_id, &chat_id, |chat| {
        let Some(at) = chat.messages.iter().position(|m| m.id == message_id) else {
            return message_not_found();
        };
        chat.messages.remove(at);
        chat.publish("message_deleted", json!({"id": message_id}));
        empty_ok()
    })
}

async fn toggle_reaction(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id, message_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let body = match json_body(&body, "ToggleReactionRequest", true) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(emoji) = body
        .get("emoji")
        .and_then(Value::as_str)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
    else {
        return text_plain_error(
            StatusCode::BAD_REQUEST,
            "Key: 'ToggleReactionRequest.Emoji' Error:Field validation for 'Emoji' failed on the 'required' tag",
        );
    };
    in_chat(&state, &space_id, &chat_id, |chat| {
        let Some(message) = chat.message_mut(&message_id) else {
            return message_not_found();
        };
        let who = message.reactions.entry(emoji.clone()).or_default();
        let added = if let Some(at) = who.iter().position(|w| w == ME) {
            who.remove(at);
            false
        } else {
            who.push(ME.to_string());
            true
        };
        if who.is_empty() {
            message.reactions.remove(&emoji);
        }
        let reactions = json!(message.reactions);
        if added {
            chat.unread_reactions += 1;
        }
        chat.publish(
            "reactions_updated",
            json!({"id": message_id, "reactions": reactions}),
        );
        empty_ok()
    })
}

async fn read_messages(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match json_body(&body, "ReadChatMessagesRequest", true) {
            Ok(b) => b,
            Err(r) => return r,
        }
    };
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("messages")
        .to_string();
    if kind != "messages" && kind != "mentions" {
        return error(
            StatusCode::BAD_REQUEST,
            format!("bad input: invalid read type {kind:?}"),
        );
    }
    let before = body
        .get("before_order_id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    in_chat(&state, &space_id, &chat_id, |chat| {
        if kind == "messages" {
            let upto = match before {
                Some(before) => before,
                None => chat
                    .messages
                    .last()
                    .map(|m| m.order_id.clone())
                    .unwrap_or_default(),
            };
            if upto > chat.read_upto {
                chat.read_upto = upto;
            }
        }
        empty_ok()
    })
}

async fn read_reactions(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
) -> Response {
    in_chat(&state, &space_id, &chat_id, |chat| {
        chat.unread_reactions = 0;
        empty_ok()
    })
}

async fn read_all(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
) -> Response {
    in_chat(&state, &space_id, &chat_id, |chat| {
        chat.read_upto = chat
            .messages
            .last()
            .map(|m| m.order_id.clone())
            .unwrap_or_default();
        chat.unread_reactions = 0;
        empty_ok()
    })
}

async fn search(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let pairs: Vec<(String, String)> = query.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let Paging { offset, limit, .. } = match paging(&pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(text) = query
        .get("query")
        .filter(|q| !q.trim().is_empty())
        .map(|q| q.to_lowercase())
    else {
        return error(StatusCode::BAD_REQUEST, "bad input: query is required");
    };
    in_chat(&state, &space_id, &chat_id, |chat| {
        let mut hits: Vec<(i64, &Message, usize)> = chat
            .messages
            .iter()
            .filter_map(|m| {
                let lower = m.text.to_lowercase();
                let at = lower.find(&text)?;
                Some((lower.matches(&text).count() as i64, m, at))
            })
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.order_id.cmp(&a.1.order_id)));
        let total = hits.len();
        let data: Vec<Value> = hits
            .iter()
            .skip(offset)
            .take(limit)
            .map(|(score, m, at)| {
                let from = m.text[..*at].chars().count();
                let to = from + text.chars().count();
                let end = (*at + text.len()).min(m.text.len());
                let highlight = format!("{}**{}**{}", &m.text[..*at], m.text.get(*at..end).unwrap_or_default(), m.text.get(end..).unwrap_or_default());
                json!({"message": m.to_json(), "highlight": highlight, "highlight_ranges": [{"from": from, "to": to}], "score": score})
            })
            .collect();
        json_response(
            StatusCode::OK,
            json!({"data": data, "pagination": {"total": total, "offset": offset, "limit": limit, "has_more": offset.saturating_add(limit) < total}}),
        )
    })
}

async fn stream(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let limit = match limit_param(&query, 50) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let heartbeat = headers
        .get("anytype-heartbeat-seconds")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=60).contains(s))
        .unwrap_or(30);
    let mut opened = None;
    let response = in_chat(&state, &space_id, &chat_id, |chat| {
        // Subscribe before reading the replay, so nothing falls between them.
        let receiver = chat.events.subscribe();
        let replay: Vec<Value> = chat.messages[chat.messages.len().saturating_sub(limit)..]
            .iter()
            .map(|m| json!({"type": "message_added", "payload": {"message": m.to_json()}}))
            .collect();
        opened = Some((receiver, replay));
        StatusCode::OK.into_response()
    });
    let Some((receiver, replay)) = opened else {
        return response;
    };
    let live = futures::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) => return Some((event, receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let events = futures::stream::iter(replay)
        .chain(live)
        .map(|event| Ok::<Event, Infallible>(Event::default().data(event.to_string())));
    Sse::new(events)
        .keep_alive(
            KeepAlive::new()
                .interval(Duration::from_secs(heartbeat))
                .text("heartbeat"),
        )
        .into_response()
}

async fn admin_state(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
) -> Response {
    in_chat(&state, &space_id, &chat_id, |chat| {
        let unread = chat
            .messages
            .iter()
            .filter(|m| m.order_id > chat.read_upto)
            .count();
        json_response(
            StatusCode::OK,
            json!({"messages": chat.messages.len(), "unread_messages": unread, "unread_reactions": chat.unread_reactions}),
        )
    })
}

async fn admin_add_messages(
    AxumState(state): AxumState<Shared>,
    Path((space_id, chat_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let count = query
        .get("count")
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(1)
        .min(1_000_000);
    let prefix = query
        .get("prefix")
        .cloned()
        .unwrap_or_else(|| "generated message".into());
    in_chat(&state, &space_id, &chat_id, |chat| {
        for i in 0..count {
            chat.add(
                format!("{prefix} {}", i + 1),
                "paragraph".into(),
                json!([]),
                json!([]),
                String::new(),
            );
        }
        json_response(StatusCode::CREATED, json!({"added": count}))
    })
}
