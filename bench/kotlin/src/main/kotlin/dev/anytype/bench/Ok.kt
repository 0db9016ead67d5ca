// The second alternative for the search scenarios: OkHttp (one shared OkHttpClient, its connection
// pool, HTTP/1.1 to the sandbox) POSTing the same search body page by page, decoded by the same
// kotlinx.serialization classes into the same typed result as Raw.kt. The suspend scenario runs each
// call's blocking `execute()` on Dispatchers.IO (OkHttp's usual coroutine idiom); the blocking one
// calls `execute()` on the calling thread. The files and stream scenarios (Transfers.kt): a multipart
// upload streamed from disk (`File.asRequestBody`), a download streamed to disk (okio), and the chat
// stream with okhttp-sse.

package dev.anytype.bench

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.withContext
import kotlinx.serialization.json.Json
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.MultipartBody
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.asRequestBody
import okhttp3.RequestBody.Companion.toRequestBody
import okhttp3.Response
import okhttp3.sse.EventSource
import okhttp3.sse.EventSourceListener
import okhttp3.sse.EventSources
import okio.buffer
import okio.sink
import java.time.Duration

class OkClient(baseUrl: String, internal val key: String) : AutoCloseable {
    internal val base = baseUrl.trimEnd('/')
    internal val json = Json { ignoreUnknownKeys = true }
    internal val http = OkHttpClient.Builder()
        .proxy(java.net.Proxy.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(10))
        // The SDK arms a 30 s timeout for every request; so does this.
        .callTimeout(Duration.ofSeconds(30))
        .build()
    private val jsonType = "application/json".toMediaType()

    private fun post(path: String, body: String): WireObjectPage {
        val request = Request.Builder()
            .url(base + path)
            .header("Authorization", "Bearer $key")
            .header("Accept", "application/json")
            .header("Anytype-Version", "2025-11-08")
            .post(body.toRequestBody(jsonType))
            .build()
        http.newCall(request).execute().use { response ->
            val text = response.body.string()
            if (response.code != 200) error("POST $path: HTTP ${response.code}: ${text.take(200)}")
            return json.decodeFromString(WireObjectPage.serializer(), text)
        }
    }

    /** Every match of [SEARCH_BODY] in [spaceId], each page's call on Dispatchers.IO. */
    suspend fun searchAllObjects(spaceId: String, pageSize: Int): List<RawObject> {
        val path = searchPath(spaceId)
        val objects = ArrayList<RawObject>()
        while (true) {
            val page = withContext(Dispatchers.IO) { post("$path?offset=${objects.size}&limit=$pageSize", SEARCH_BODY) }
            page.data.mapTo(objects) { it.typed() }
            if (!page.pagination.hasMore || page.data.isEmpty()) return objects
        }
    }

    /** The same on the calling thread. */
    fun searchAllObjectsBlocking(spaceId: String, pageSize: Int): List<RawObject> {
        val path = searchPath(spaceId)
        return walkSearch(pageSize) { offset, limit -> post("$path?offset=$offset&limit=$limit", SEARCH_BODY) }
    }

    override fun close() {
        http.dispatcher.executorService.shutdown()
        http.connectionPool.evictAll()
    }
}

// --- files and the chat stream (Transfers.kt's scenarios); the calls block: run them on Dispatchers.IO ---

/** Like the SDK's transfers: no bound on the whole call, 30 s on each read and write. */
internal fun OkClient.transferClient(): OkHttpClient = http.newBuilder()
    .callTimeout(Duration.ZERO)
    .readTimeout(Duration.ofSeconds(30))
    .writeTimeout(Duration.ofSeconds(30))
    .build()

private fun OkClient.authorized(path: String): Request.Builder = Request.Builder()
    .url(base + path)
    .header("Authorization", "Bearer $key")
    .header("Anytype-Version", "2025-11-08")

/** GET the space (the warm-up). */
fun OkClient.get(spaceId: String): RawSpace {
    val path = "/v1/spaces/" + encoded(spaceId)
    http.newCall(authorized(path).header("Accept", "application/json").build()).execute().use { response ->
        val text = response.body.string()
        if (response.code != 200) error("GET $path: HTTP ${response.code}: ${text.take(200)}")
        return json.decodeFromString(WireGet.serializer(), text).space.typed()
    }
}

/** Upload [file] with OkHttp's MultipartBody (one part `file`, filename its base name), the part's
 *  body `File.asRequestBody`, which okio streams from disk. Returns the file object's id and stored size. */
fun OkClient.upload(spaceId: String, file: java.io.File): Pair<String, Long> {
    val path = "/v1/spaces/${encoded(spaceId)}/files"
    val body = MultipartBody.Builder()
        .setType(MultipartBody.FORM)
        .addFormDataPart("file", file.name, file.asRequestBody("application/octet-stream".toMediaType()))
        .build()
    transferClient().newCall(authorized(path).header("Accept", "application/json").post(body).build()).execute().use { response ->
        val text = response.body.string()
        if (response.code !in 200..299) error("POST $path: HTTP ${response.code}: ${text.take(200)}")
        val uploaded = json.decodeFromString(WireUploaded.serializer(), text)
        return (uploaded.objectId ?: "") to (uploaded.sizeInBytes ?: -1)
    }
}

/** Delete the file object for good (`?skip_bin=true`). */
fun OkClient.deleteFile(spaceId: String, fileId: String) {
    val path = "/v1/spaces/${encoded(spaceId)}/files/${encoded(fileId)}?skip_bin=true"
    http.newCall(authorized(path).header("Accept", "application/json").delete().build()).execute().use { response ->
        if (response.code !in 200..299) error("DELETE $path: HTTP ${response.code}: ${response.body.string().take(200)}")
    }
}

/** Download the file object to [target]: the body's okio source written to a file sink, a segment at a time. */
fun OkClient.download(spaceId: String, fileId: String, target: java.io.File) {
    val path = "/v1/spaces/${encoded(spaceId)}/files/${encoded(fileId)}"
    transferClient().newCall(authorized(path).build()).execute().use { response ->
        if (response.code != 200) error("GET $path: HTTP ${response.code}: ${response.body.string().take(200)}")
        target.sink().buffer().use { sink -> sink.writeAll(response.body.source()) }
    }
}

/** Create a chat named `bench`; its id. */
fun OkClient.createChat(spaceId: String): String {
    val path = "/v1/spaces/${encoded(spaceId)}/chats"
    val request = authorized(path).header("Accept", "application/json").post(CREATE_CHAT_BODY.toRequestBody("application/json".toMediaType())).build()
    http.newCall(request).execute().use { response ->
        val text = response.body.string()
        if (response.code !in 200..299) error("POST $path: HTTP ${response.code}: ${text.take(200)}")
        return createdId(json, text)
    }
}

/**
 * Open the chat's stream with okhttp-sse (`EventSources.createFactory(..).newEventSource`, its
 * `EventSourceListener` on OkHttp's reader thread) and wait for `onOpen` (the response headers).
 * Each event's `data` is decoded there, on the reader thread, and handed over through a Channel
 * (the usual callback-to-coroutine bridge; heartbeat comments never reach the listener).
 */
suspend fun OkClient.openStream(spaceId: String, chatId: String): OkEventStream {
    val path = "/v1/spaces/${encoded(spaceId)}/chats/${encoded(chatId)}/messages/stream"
    val request = authorized(path).header("Accept", "text/event-stream").build()
    val opened = CompletableDeferred<Unit>()
    val channel = Channel<RawChatMessage>(Channel.UNLIMITED)
    val client = http.newBuilder().callTimeout(Duration.ZERO).readTimeout(Duration.ofSeconds(90)).build()
    val source = EventSources.createFactory(client).newEventSource(request, object : EventSourceListener() {
        override fun onOpen(eventSource: EventSource, response: Response) {
            opened.complete(Unit)
        }

        override fun onEvent(eventSource: EventSource, id: String?, type: String?, data: String) {
            try {
                decodeMessageAdded(json, data)?.let { channel.trySend(it) }
            } catch (e: Exception) {
                channel.close(e)
                eventSource.cancel()
            }
        }

        override fun onClosed(eventSource: EventSource) {
            channel.close()
        }

        override fun onFailure(eventSource: EventSource, t: Throwable?, response: Response?) {
            val failure = IllegalStateException("GET $path: ${response?.let { "HTTP ${it.code}" } ?: ""} ${t ?: ""}".trim(), t)
            opened.completeExceptionally(failure)
            channel.close(failure)
        }
    })
    try {
        opened.await()
    } catch (e: Throwable) {
        source.cancel()
        throw e
    }
    return OkEventStream(source, channel)
}

class OkEventStream(private val source: EventSource, private val channel: Channel<RawChatMessage>) : AutoCloseable {
    /** Receive until [n] messages (fewer if the stream ends first). */
    suspend fun messages(n: Int): List<RawChatMessage> {
        val messages = ArrayList<RawChatMessage>(n)
        while (messages.size < n) messages += channel.receiveCatching().getOrNull() ?: break
        return messages
    }

    override fun close() = source.cancel()
}
