//! The files and stream scenarios (`upload_file`, `download_file`, `chat_stream`): the SDK
//! against reqwest (multipart body streamed from disk, the download streamed to disk chunk by
//! chunk) and reqwest + `eventsource-stream` for the chat's server-sent events.
//!
//! Each returns the throughput and the process's `VmHWM` just before the timer started (after
//! the warm-up), so the suite can report what the transfer added to the peak.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anytype_core::{
    AnytypeClient, ClientConfig, CreateChatRequest, DownloadOptions, StreamOptions,
};
use futures::StreamExt;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{peak_rss_kib, raw_client, Params, Result};

/// Bytes per MiB.
const MIB: f64 = 1024.0 * 1024.0;

/// What one transfer measurement gives: the throughput and the peak RSS before it started.
pub struct Measured {
    pub value: f64,
    pub count: usize,
    pub baseline_kib: Option<u64>,
}

fn base(params: &Params) -> String {
    params.url.trim_end_matches('/').to_owned()
}

fn space_url(params: &Params) -> String {
    format!("{}/v1/spaces/{}", base(params), params.space_id)
}

fn file_path(params: &Params) -> Result<&str> {
    params
        .file_path
        .as_deref()
        .ok_or_else(|| "--file-path is required for the file scenarios".into())
}

fn sdk(params: &Params) -> Result<AnytypeClient> {
    Ok(AnytypeClient::new(
        &params.key,
        ClientConfig::with_base_url(params.url.clone()),
    )?)
}

/// The raw reqwest client, its connection opened by one GET of the space.
async fn raw_warm(params: &Params) -> Result<reqwest::Client> {
    let client = raw_client(&params.key)?;
    client
        .get(space_url(params))
        .send()
        .await?
        .error_for_status()?;
    Ok(client)
}

// ----- upload ----------------------------------------------------------------------------------

/// The new file object's id in the upload's answer.
#[derive(Deserialize)]
struct RawUploaded {
    object_id: String,
}

/// A file as a stream of 256 KiB reads (the tuned alternative).
fn chunks(file: tokio::fs::File) -> impl futures::Stream<Item = std::io::Result<Vec<u8>>> {
    futures::stream::try_unfold(file, |mut file| async move {
        let mut buffer = vec![0u8; 256 * 1024];
        let n = file.read(&mut buffer).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.truncate(n);
        Ok(Some((buffer, file)))
    })
}

pub async fn upload(implementation: &str, params: &Params) -> Result<Measured> {
    let path = file_path(params)?;
    let bytes = params.file_mb as f64 * MIB;
    let (elapsed, baseline_kib, object_id) = match implementation {
        "sdk" => {
            let client = sdk(params)?;
            client.spaces().get(&params.space_id).await?; // opens the connection
            let files = client.files(&params.space_id);
            let baseline = peak_rss_kib();
            let started = Instant::now();
            let uploaded = files.upload(path, None).await?;
            let elapsed = started.elapsed();
            files.delete(&uploaded.object_id, true).await?;
            (elapsed, baseline, uploaded.object_id)
        }
        "raw" | "raw-chunked" => {
            let client = raw_warm(params).await?;
            let baseline = peak_rss_kib();
            let started = Instant::now();
            let file = tokio::fs::File::open(path).await?;
            let length = file.metadata().await?.len();
            let name = std::path::Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "file".into());
            let body = if implementation == "raw" {
                // What reqwest offers for a file: a tokio File as the body (read in the small
                // chunks of its reader).
                reqwest::Body::from(file)
            } else {
                reqwest::Body::wrap_stream(chunks(file))
            };
            let part = reqwest::multipart::Part::stream_with_length(body, length).file_name(name);
            let form = reqwest::multipart::Form::new().part("file", part);
            let uploaded: RawUploaded = client
                .post(format!("{}/files", space_url(params)))
                .multipart(form)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            let elapsed = started.elapsed();
            client
                .delete(format!(
                    "{}/files/{}?skip_bin=true",
                    space_url(params),
                    uploaded.object_id
                ))
                .send()
                .await?
                .error_for_status()?;
            (elapsed, baseline, uploaded.object_id)
        }
        other => {
            return Err(
                format!("unknown implementation {other:?} (sdk, raw or raw-chunked)").into(),
            )
        }
    };
    if object_id.is_empty() {
        return Err("the upload answered no object id".into());
    }
    Ok(Measured {
        value: bytes / MIB / elapsed.as_secs_f64(),
        count: params.file_mb,
        baseline_kib,
    })
}

// ----- download --------------------------------------------------------------------------------

pub async fn download(implementation: &str, params: &Params) -> Result<Measured> {
    let object_id = params
        .download_object_id
        .as_deref()
        .ok_or("--download-object-id is required for download_file")?;
    let expected = (params.file_mb as u64) << 20;
    let dir = std::env::temp_dir().join(format!("anytype-bench-{}", std::process::id()));
    tokio::fs::create_dir_all(&dir).await?;
    let target = dir.join("download.bin");
    let outcome = async {
        match implementation {
            "sdk" => {
                let client = sdk(params)?;
                client.spaces().get(&params.space_id).await?; // opens the connection
                let files = client.files(&params.space_id);
                let target = target.to_string_lossy().into_owned();
                let baseline = peak_rss_kib();
                let started = Instant::now();
                files
                    .download(object_id, &target, &DownloadOptions::default(), None)
                    .await?;
                Ok::<_, crate::BoxError>((started.elapsed(), baseline))
            }
            "raw" => {
                let client = raw_warm(params).await?;
                let baseline = peak_rss_kib();
                let started = Instant::now();
                let mut response = client
                    .get(format!("{}/files/{object_id}", space_url(params)))
                    .send()
                    .await?
                    .error_for_status()?;
                let mut file = tokio::fs::File::create(&target).await?;
                while let Some(chunk) = response.chunk().await? {
                    file.write_all(&chunk).await?;
                }
                file.flush().await?;
                Ok((started.elapsed(), baseline))
            }
            other => Err(format!("unknown implementation {other:?} (sdk or raw)").into()),
        }
    }
    .await;
    let size = tokio::fs::metadata(&target).await.map(|m| m.len());
    let _ = tokio::fs::remove_dir_all(&dir).await;
    let (elapsed, baseline_kib) = outcome?;
    let size = size?;
    if size != expected {
        return Err(format!("downloaded {size} bytes, expected {expected}").into());
    }
    Ok(Measured {
        value: expected as f64 / MIB / elapsed.as_secs_f64(),
        count: params.file_mb,
        baseline_kib,
    })
}

// ----- the chat stream -------------------------------------------------------------------------

/// The same typed message the SDK gives (`anytype_core::ChatMessage`'s fields).
#[derive(Deserialize, Debug)]
#[allow(dead_code)] // read through Debug/black_box only: the point is decoding them
struct RawMessage {
    id: String,
    order_id: String,
    #[serde(default)]
    creator: String,
    #[serde(default)]
    creator_name: String,
    #[serde(deserialize_with = "unix_time")]
    created_at: SystemTime,
    #[serde(default, deserialize_with = "optional_unix_time")]
    modified_at: Option<SystemTime>,
    #[serde(default)]
    reply_to_message_id: Option<String>,
    content: RawContent,
    #[serde(default)]
    attachments: Vec<serde_json::Value>,
    #[serde(default, deserialize_with = "reaction_list")]
    reactions: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct RawContent {
    text: String,
    #[serde(default)]
    style: String,
    #[serde(default)]
    marks: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawEvent {
    #[serde(rename = "type")]
    kind: String,
    payload: RawPayload,
}

#[derive(Deserialize)]
struct RawPayload {
    message: Option<RawMessage>,
}

fn unix_time<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<SystemTime, D::Error> {
    let seconds = u64::deserialize(d)?;
    Ok(UNIX_EPOCH + std::time::Duration::from_secs(seconds))
}

fn optional_unix_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<SystemTime>, D::Error> {
    let seconds = Option::<u64>::deserialize(d)?.unwrap_or(0);
    Ok((seconds > 0).then(|| UNIX_EPOCH + std::time::Duration::from_secs(seconds)))
}

fn reaction_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<(String, Vec<String>)>, D::Error> {
    let map = Option::<std::collections::BTreeMap<String, Vec<String>>>::deserialize(d)?;
    Ok(map.unwrap_or_default().into_iter().collect())
}

/// Ask the sandbox to add `count` messages at once (the same plain request for every impl).
async fn trigger(params: &Params, chat_id: &str) -> Result<()> {
    let url = format!(
        "{}/_sandbox/spaces/{}/chats/{chat_id}/messages?count={}&prefix=bench",
        base(params),
        params.space_id,
        params.messages
    );
    reqwest::Client::new()
        .post(url)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

fn check_messages(texts: &[String], order_ids: &[String], expected: usize) -> Result<()> {
    if texts.len() != expected {
        return Err(format!("got {} messages, expected {expected}", texts.len()).into());
    }
    for (i, text) in texts.iter().enumerate() {
        if *text != format!("bench {}", i + 1) {
            return Err(format!("message {i} is {text:?}, expected \"bench {}\"", i + 1).into());
        }
    }
    if order_ids.windows(2).any(|w| w[0] >= w[1]) {
        return Err("order ids are not strictly increasing".into());
    }
    Ok(())
}

pub async fn chat_stream(implementation: &str, params: &Params) -> Result<Measured> {
    let n = params.messages;
    let mut texts = Vec::with_capacity(n);
    let mut order_ids = Vec::with_capacity(n);
    let (elapsed, baseline_kib) = match implementation {
        "sdk" => {
            let client = sdk(params)?;
            client.spaces().get(&params.space_id).await?; // opens the connection
            let chats = client.chats(&params.space_id);
            let chat = chats.create(&CreateChatRequest::new("bench")).await?.id;
            let mut stream = chats.stream(&chat, StreamOptions::default()).await?;
            let baseline = peak_rss_kib();
            let started = Instant::now();
            trigger(params, &chat).await?;
            while texts.len() < n {
                match stream.next().await? {
                    Some(anytype_core::ChatEvent::MessageAdded { message }) => {
                        let message = std::hint::black_box(message);
                        texts.push(message.content.text);
                        order_ids.push(message.order_id);
                    }
                    Some(_) => {}
                    None => return Err("the stream ended early".into()),
                }
            }
            let elapsed = started.elapsed();
            stream.close();
            (elapsed, baseline)
        }
        "raw" => {
            use eventsource_stream::Eventsource;
            let client = raw_warm(params).await?;
            #[derive(Deserialize)]
            struct Created {
                object: Id,
            }
            #[derive(Deserialize)]
            struct Id {
                id: String,
            }
            let chat = client
                .post(format!("{}/chats", space_url(params)))
                .json(&serde_json::json!({"name": "bench"}))
                .send()
                .await?
                .error_for_status()?
                .json::<Created>()
                .await?
                .object
                .id;
            let response = client
                .get(format!(
                    "{}/chats/{chat}/messages/stream",
                    space_url(params)
                ))
                .header(reqwest::header::ACCEPT, "text/event-stream")
                .send()
                .await?
                .error_for_status()?;
            let mut events = response.bytes_stream().eventsource();
            let baseline = peak_rss_kib();
            let started = Instant::now();
            trigger(params, &chat).await?;
            while texts.len() < n {
                let event = events.next().await.ok_or("the stream ended early")??;
                let event: RawEvent = serde_json::from_str(&event.data)?;
                if event.kind != "message_added" {
                    continue;
                }
                let message = std::hint::black_box(
                    event
                        .payload
                        .message
                        .ok_or("message_added without a message")?,
                );
                texts.push(message.content.text);
                order_ids.push(message.order_id);
            }
            (started.elapsed(), baseline)
        }
        other => return Err(format!("unknown implementation {other:?} (sdk or raw)").into()),
    };
    check_messages(&texts, &order_ids, n)?;
    Ok(Measured {
        value: n as f64 / elapsed.as_secs_f64(),
        count: n,
        baseline_kib,
    })
}
