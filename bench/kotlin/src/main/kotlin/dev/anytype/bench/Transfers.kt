// The files and stream scenarios (bench/README.md, "upload_file", "download_file", "chat_stream"): the
// SDK's suspend API against OkHttp (okhttp-jvm, okhttp-sse for the stream) and java.net.http. One run
// is one fresh JVM: make the client, warm up with one GET of the space, read the baseline VmHWM, time
// the transfer (or the stream of --messages messages), check it.
//
// * upload_file: `files(space).upload(path)` vs a multipart/form-data POST (one field `file`, filename
//   the base name) streamed from disk by each library; value MiB/s; the new file object is deleted for
//   good afterwards (untimed).
// * download_file: `files(space).download(id, path)` vs a GET streamed to a file in a fresh temporary
//   directory; the file's size is checked; value MiB/s.
// * chat_stream: a new chat, its stream opened (untimed), then the clock runs from the sandbox's admin
//   route adding N messages at once until N `message_added` events are decoded into typed messages;
//   checked: N messages, texts `bench 1` .. `bench N` in order, order ids strictly increasing; msg/s.

package dev.anytype.bench

import dev.anytype.sdk.AnytypeClient
import dev.anytype.sdk.ChatEvent
import dev.anytype.sdk.ClientConfig
import dev.anytype.sdk.CreateChatRequest
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.net.HttpURLConnection
import java.net.Proxy
import java.net.URI
import java.net.URLEncoder
import java.time.Instant

const val MIB = 1L shl 20

/** One run's value, and the VmHWM (KiB) read just before its clock started (for rss_growth_*). */
class Measured(val value: Double, val baselineKib: Long? = null)

fun encoded(id: String): String = URLEncoder.encode(id, Charsets.UTF_8)

// --------------------------------------------------------------------------------------------
// upload_file / download_file
// --------------------------------------------------------------------------------------------

/** The answer to an upload, as the alternatives read it (the same fields the SDK's UploadedFile uses). */
@Serializable
class WireUploaded(
    @SerialName("object_id") val objectId: String? = null,
    val name: String? = null,
    @SerialName("size_in_bytes") val sizeInBytes: Long? = null,
)

fun checkUploaded(objectId: String, size: Long, file: File) {
    if (objectId.isEmpty()) throw IllegalStateException("the upload answered no file object id")
    if (size != file.length()) throw IllegalStateException("the upload stored $size bytes, the file has ${file.length()}")
}

fun checkDownloaded(target: File, fileMb: Int) {
    val expected = fileMb * MIB
    if (!target.isFile) throw IllegalStateException("the download wrote no file at $target")
    if (target.length() != expected) throw IllegalStateException("downloaded ${target.length()} bytes, expected $expected")
}

/** Warm-up (one GET of the space, by [warmUp]), then the baseline VmHWM, then [transfer] timed: MiB/s. */
suspend fun timedTransfer(fileMb: Int, warmUp: suspend () -> Unit, transfer: suspend () -> Unit): Measured {
    warmUp()
    val baseline = peakRssKib()
    val started = System.nanoTime()
    transfer()
    val seconds = (System.nanoTime() - started) / 1e9
    return Measured(fileMb / seconds, baseline)
}

fun fileTransfer(o: Options, scenario: String, impl: String): Measured = runBlocking(Dispatchers.Default) {
    val path = o.filePath ?: throw IllegalArgumentException("--file-path is required for $scenario")
    val file = File(path)
    if (o.fileMb <= 0) throw IllegalArgumentException("--file-mb must be positive for $scenario")
    when (scenario) {
        "upload_file" -> {
            if (file.length() != o.fileMb * MIB) {
                throw IllegalArgumentException("$path has ${file.length()} bytes, not --file-mb ${o.fileMb} MiB")
            }
            upload(o, impl, file)
        }
        "download_file" -> {
            val id = o.downloadObjectId ?: throw IllegalArgumentException("--download-object-id is required for download_file")
            val dir = kotlin.io.path.createTempDirectory("anytype-bench-download").toFile()
            try {
                val target = File(dir, "download.bin")
                download(o, impl, id, target).also { checkDownloaded(target, o.fileMb) }
            } finally {
                dir.deleteRecursively()
            }
        }
        else -> error("no scenario $scenario")
    }
}

private suspend fun upload(o: Options, impl: String, file: File): Measured {
    var uploaded: Pair<String, Long>? = null
    val measured: Measured
    when (impl) {
        "sdk" -> AnytypeClient(o.key, ClientConfig(baseUrl = o.url)).use { client ->
            client.spaces().use { spaces ->
                client.files(o.spaceId).use { files ->
                    measured = timedTransfer(o.fileMb, { checkId(spaces.get(o.spaceId).id, o.spaceId) }) {
                        uploaded = files.upload(file.path).let { it.objectId to it.sizeInBytes }
                    }
                    val (id, size) = uploaded!!
                    checkUploaded(id, size, file)
                    files.delete(id, permanent = true)
                }
            }
        }
        "okhttp" -> OkClient(o.url, o.key).use { client ->
            measured = timedTransfer(o.fileMb, { checkId(withContext(Dispatchers.IO) { client.get(o.spaceId) }.id, o.spaceId) }) {
                uploaded = withContext(Dispatchers.IO) { client.upload(o.spaceId, file) }
            }
            val (id, size) = uploaded!!
            checkUploaded(id, size, file)
            withContext(Dispatchers.IO) { client.deleteFile(o.spaceId, id) }
        }
        "jdk" -> RawClient(o.url, o.key).use { client ->
            measured = timedTransfer(o.fileMb, { checkId(client.get(o.spaceId).id, o.spaceId) }) {
                uploaded = client.upload(o.spaceId, file)
            }
            val (id, size) = uploaded!!
            checkUploaded(id, size, file)
            client.deleteFile(o.spaceId, id)
        }
        else -> error("impl must be sdk, okhttp or jdk, not $impl")
    }
    return measured
}

private suspend fun download(o: Options, impl: String, id: String, target: File): Measured = when (impl) {
    "sdk" -> AnytypeClient(o.key, ClientConfig(baseUrl = o.url)).use { client ->
        client.spaces().use { spaces ->
            client.files(o.spaceId).use { files ->
                timedTransfer(o.fileMb, { checkId(spaces.get(o.spaceId).id, o.spaceId) }) {
                    files.download(id, target.path)
                }
            }
        }
    }
    "okhttp" -> OkClient(o.url, o.key).use { client ->
        timedTransfer(o.fileMb, { checkId(withContext(Dispatchers.IO) { client.get(o.spaceId) }.id, o.spaceId) }) {
            withContext(Dispatchers.IO) { client.download(o.spaceId, id, target) }
        }
    }
    "jdk" -> RawClient(o.url, o.key).use { client ->
        timedTransfer(o.fileMb, { checkId(client.get(o.spaceId).id, o.spaceId) }) {
            client.download(o.spaceId, id, target)
        }
    }
    else -> error("impl must be sdk, okhttp or jdk, not $impl")
}

// --------------------------------------------------------------------------------------------
// chat_stream: the wire format and the typed result of the alternatives
// --------------------------------------------------------------------------------------------

@Serializable
class WireMark(
    val from: Long? = null,
    val to: Long? = null,
    @SerialName("type") val kind: String? = null,
    val param: String? = null,
)

@Serializable
class WireAttachment(val target: String? = null, @SerialName("type") val kind: String? = null)

@Serializable
class WireContent(val text: String? = null, val style: String? = null, val marks: List<WireMark>? = null)

@Serializable
class WireChatMessage(
    val id: String? = null,
    @SerialName("order_id") val orderId: String? = null,
    val creator: String? = null,
    @SerialName("creator_name") val creatorName: String? = null,
    /** Unix seconds. */
    @SerialName("created_at") val createdAt: Long? = null,
    /** Unix seconds, 0 or null when never edited. */
    @SerialName("modified_at") val modifiedAt: Long? = null,
    @SerialName("reply_to_message_id") val replyToMessageId: String? = null,
    val content: WireContent? = null,
    val attachments: List<WireAttachment>? = null,
    /** `{"👍": ["participant id", ...]}`. */
    val reactions: Map<String, List<String>?>? = null,
    val pinned: Boolean? = null,
)

@Serializable
class WireChatPayload(val message: WireChatMessage? = null)

/** One `data:` of the stream: `{"type": "message_added", "payload": {"message": {...}}}`. */
@Serializable
class WireChatEvent(val type: String = "", val payload: WireChatPayload? = null)

// The same fields as dev.anytype.sdk.ChatMessage.
data class RawMark(val from: Long, val to: Long, val kind: String, val param: String?)
enum class RawAttachmentKind { FILE, IMAGE, LINK }
data class RawAttachment(val target: String, val kind: RawAttachmentKind)
data class RawMessageContent(val text: String, val style: String, val marks: List<RawMark>)
data class RawReaction(val emoji: String, val identities: List<String>)
data class RawChatMessage(
    val id: String,
    val orderId: String,
    val creator: String,
    val creatorName: String,
    val createdAt: Instant,
    val modifiedAt: Instant?,
    val replyToMessageId: String?,
    val content: RawMessageContent,
    val attachments: List<RawAttachment>,
    /** One entry per emoji, in emoji order. */
    val reactions: List<RawReaction>,
    val pinned: Boolean,
)

fun WireChatMessage.typed() = RawChatMessage(
    id = id ?: "",
    orderId = orderId ?: "",
    creator = creator ?: "",
    creatorName = creatorName ?: "",
    createdAt = Instant.ofEpochSecond(maxOf(createdAt ?: 0, 0)),
    modifiedAt = modifiedAt?.takeIf { it > 0 }?.let { Instant.ofEpochSecond(it) },
    replyToMessageId = replyToMessageId?.takeIf { it.isNotEmpty() },
    content = RawMessageContent(
        text = content?.text ?: "",
        style = content?.style ?: "",
        marks = content?.marks?.map { RawMark(it.from ?: 0, it.to ?: 0, it.kind ?: "", it.param) } ?: emptyList(),
    ),
    attachments = attachments?.map {
        RawAttachment(
            it.target ?: "",
            when (it.kind) {
                "image" -> RawAttachmentKind.IMAGE
                "link" -> RawAttachmentKind.LINK
                else -> RawAttachmentKind.FILE
            },
        )
    } ?: emptyList(),
    reactions = reactions?.entries?.sortedBy { it.key }?.map { RawReaction(it.key, it.value ?: emptyList()) } ?: emptyList(),
    pinned = pinned ?: false,
)

/** The typed message of one SSE `data:` payload when it is a `message_added` event, else null. */
fun decodeMessageAdded(json: Json, data: String): RawChatMessage? {
    val event = json.decodeFromString(WireChatEvent.serializer(), data)
    if (event.type != "message_added") return null
    return (event.payload?.message ?: throw IllegalStateException("a message_added event without a message: ${data.take(200)}")).typed()
}

// --------------------------------------------------------------------------------------------
// chat_stream: the scenario
// --------------------------------------------------------------------------------------------

/**
 * The sandbox's admin route: add [count] messages `bench 1` .. `bench N` to the chat (no auth), with
 * the JDK's plain HttpURLConnection, the same for every implementation; returns the `added` count.
 */
fun addMessages(url: String, spaceId: String, chatId: String, count: Int): Int {
    val target = "${url.trimEnd('/')}/_sandbox/spaces/${encoded(spaceId)}/chats/${encoded(chatId)}/messages?count=$count&prefix=bench"
    val connection = URI.create(target).toURL().openConnection(Proxy.NO_PROXY) as HttpURLConnection
    try {
        connection.requestMethod = "POST"
        connection.doOutput = true
        connection.setFixedLengthStreamingMode(0)
        connection.connectTimeout = 10_000
        connection.readTimeout = 60_000
        connection.outputStream.close()
        val status = connection.responseCode
        val body = (if (status < 400) connection.inputStream else connection.errorStream)?.use { it.readBytes().decodeToString() } ?: ""
        if (status !in 200..299) throw IllegalStateException("POST $target: HTTP $status: ${body.take(200)}")
        return Json.parseToJsonElement(body).jsonObject["added"]?.jsonPrimitive?.int
            ?: throw IllegalStateException("POST $target answered no count: ${body.take(200)}")
    } finally {
        // The body was read to the end, so the connection goes back to the JDK's keep-alive cache.
        connection.inputStream.close()
    }
}

/** After the clock: N messages, texts `bench 1` .. `bench N` in that order, order ids strictly increasing. */
fun checkMessages(n: Int, messages: List<Pair<String, String>>) {
    if (messages.size != n) throw IllegalStateException("the stream gave ${messages.size} messages, expected $n")
    messages.forEachIndexed { i, (text, orderId) ->
        if (text != "bench ${i + 1}") throw IllegalStateException("message ${i + 1} is '$text', expected 'bench ${i + 1}'")
        if (i > 0 && orderId <= messages[i - 1].second) {
            throw IllegalStateException("order id $orderId of message ${i + 1} does not follow ${messages[i - 1].second}")
        }
    }
}

/**
 * An opened stream, timed: start the clock, add N messages through the admin route (in its own
 * coroutine on Dispatchers.IO, so the events are read while it runs), [read] until N messages, stop
 * the clock; then the route's answer and the messages are checked. msg/s.
 */
suspend fun <T> timedStream(o: Options, chatId: String, read: suspend (Int) -> List<T>, fields: (T) -> Pair<String, String>): Double =
    coroutineScope {
        val n = o.messages
        val started = System.nanoTime()
        val added = async(Dispatchers.IO) { addMessages(o.url, o.spaceId, chatId, n) }
        val messages = read(n)
        val seconds = (System.nanoTime() - started) / 1e9
        if (added.await() != n) throw IllegalStateException("the sandbox added ${added.await()} messages, not $n")
        checkMessages(n, messages.map(fields))
        n / seconds
    }

fun chatStream(o: Options, impl: String): Measured = runBlocking(Dispatchers.Default) {
    if (o.messages <= 0) throw IllegalArgumentException("--messages must be positive for chat_stream")
    val value = when (impl) {
        "sdk" -> AnytypeClient(o.key, ClientConfig(baseUrl = o.url)).use { client ->
            client.spaces().use { spaces -> checkId(spaces.get(o.spaceId).id, o.spaceId) }
            client.chats(o.spaceId).use { chats ->
                val chatId = chats.create(CreateChatRequest(name = "bench")).id
                // The admin route's client too: its classes loaded, its connection open (adds nothing).
                withContext(Dispatchers.IO) { addMessages(o.url, o.spaceId, chatId, 0) }
                // Connected when it returns (Chats.events(chatId) is this stream and the same loop,
                // but opens it only when collected).
                chats.stream(chatId).use { stream ->
                    try {
                        timedStream(o, chatId, { n ->
                            flow { while (true) emit(stream.next() ?: break) }
                                .filterIsInstance<ChatEvent.MessageAdded>()
                                .map { it.message }
                                .take(n)
                                .toList()
                        }) { it.content.text to it.orderId }
                    } finally {
                        stream.disconnect()
                    }
                }
            }
        }
        "okhttp" -> OkClient(o.url, o.key).use { client ->
            checkId(withContext(Dispatchers.IO) { client.get(o.spaceId) }.id, o.spaceId)
            val chatId = withContext(Dispatchers.IO) { client.createChat(o.spaceId) }
            withContext(Dispatchers.IO) { addMessages(o.url, o.spaceId, chatId, 0) }
            client.openStream(o.spaceId, chatId).use { stream ->
                timedStream(o, chatId, { n -> stream.messages(n) }) { it.content.text to it.orderId }
            }
        }
        "jdk" -> RawClient(o.url, o.key).use { client ->
            checkId(client.get(o.spaceId).id, o.spaceId)
            val chatId = client.createChat(o.spaceId)
            withContext(Dispatchers.IO) { addMessages(o.url, o.spaceId, chatId, 0) }
            client.openStream(o.spaceId, chatId).use { stream ->
                timedStream(o, chatId, { n -> stream.messages(n) }) { it.content.text to it.orderId }
            }
        }
        else -> error("impl must be sdk, okhttp or jdk, not $impl")
    }
    Measured(value)
}

/** The created chat's id from `POST /v1/spaces/{id}/chats`'s answer `{"object": {"id": ...}}`. */
@Serializable
class WireCreated(@SerialName("object") val created: WireCreatedObject? = null)

@Serializable
class WireCreatedObject(val id: String? = null)

fun createdId(json: Json, body: String): String =
    json.decodeFromString(WireCreated.serializer(), body).created?.id?.takeIf { it.isNotEmpty() }
        ?: throw IllegalStateException("creating the chat answered no id: ${body.take(200)}")

const val CREATE_CHAT_BODY = """{"name":"bench"}"""
