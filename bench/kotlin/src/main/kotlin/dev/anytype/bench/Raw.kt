// The alternative: the HTTP API called by hand with java.net.http.HttpClient (JDK, HTTP/1.1, one
// shared client, sendAsync + kotlinx.coroutines' CompletableFuture.await()) and kotlinx.serialization
// decoding into Kotlin classes with the same fields as the SDK's Space.

package dev.anytype.bench

import kotlinx.coroutines.future.await
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import java.io.File
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

// --- what the server sends -------------------------------------------------------------------

@Serializable
class WireIcon(
    val format: String = "",
    val emoji: String? = null,
    val file: String? = null,
    val name: String? = null,
    val color: String? = null,
)

@Serializable
class WireSpace(
    val id: String,
    val name: String? = null,
    val description: String? = null,
    val icon: WireIcon? = null,
    @SerialName("gateway_url") val gatewayUrl: String? = null,
    @SerialName("network_id") val networkId: String? = null,
    @SerialName("object") val kind: String? = null,
)

@Serializable
class WireGet(val space: WireSpace)

@Serializable
class WirePagination(
    @SerialName("has_more") val hasMore: Boolean = false,
    val total: Long = 0,
    val offset: Long = 0,
    val limit: Long = 0,
)

@Serializable
class WirePage(val data: List<WireSpace> = emptyList(), val pagination: WirePagination = WirePagination())

// --- the typed result, the same fields as dev.anytype.sdk.Space ------------------------------

sealed class RawIcon {
    data class Emoji(val emoji: String) : RawIcon()
    data class File(val file: String) : RawIcon()
    data class Named(val name: String, val color: String?) : RawIcon()
    data class Other(val format: String) : RawIcon()
}

enum class RawKind { SPACE, CHAT_SPACE, ONE_TO_ONE, TECH_SPACE, OTHER }

data class RawSpace(
    val id: String,
    val name: String,
    val description: String,
    val icon: RawIcon?,
    val gatewayUrl: String,
    val networkId: String,
    val kind: RawKind,
)

private fun WireIcon.typed(): RawIcon = when (format) {
    "emoji" -> RawIcon.Emoji(emoji ?: "")
    "file" -> RawIcon.File(file ?: "")
    "icon" -> RawIcon.Named(name ?: "", color)
    else -> RawIcon.Other(format)
}

private fun kindOf(value: String?): RawKind = when (value) {
    null, "space", "anytype.space" -> RawKind.SPACE
    "chatspace", "anytype.chatspace" -> RawKind.CHAT_SPACE
    "onetoone", "anytype.onetoone" -> RawKind.ONE_TO_ONE
    "techspace", "anytype.techspace" -> RawKind.TECH_SPACE
    else -> RawKind.OTHER
}

fun WireSpace.typed() = RawSpace(
    id = id,
    name = name ?: "",
    description = description ?: "",
    icon = icon?.typed(),
    gatewayUrl = gatewayUrl ?: "",
    networkId = networkId ?: "",
    kind = kindOf(kind),
)

// --- the client ------------------------------------------------------------------------------

class RawClient(baseUrl: String, internal val key: String) : AutoCloseable {
    internal val base = baseUrl.trimEnd('/')
    internal val json = Json { ignoreUnknownKeys = true }
    // One shared client: it pools HTTP/1.1 connections (no limit, so 64 in flight -> 64 connections).
    internal val http: HttpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(10))
        .build()

    private fun request(path: String): HttpRequest = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer $key")
        .header("Accept", "application/json")
        .header("Anytype-Version", "2025-11-08")
        // The SDK arms a 30 s timeout for every request; so does this.
        .timeout(Duration.ofSeconds(30))
        .GET()
        .build()

    private suspend fun send(path: String): String {
        val response = http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()).await()
        if (response.statusCode() != 200) {
            error("GET $path: HTTP ${response.statusCode()}: ${response.body().take(200)}")
        }
        return response.body()
    }

    suspend fun get(spaceId: String): RawSpace {
        val path = "/v1/spaces/" + URLEncoder.encode(spaceId, Charsets.UTF_8)
        return json.decodeFromString(WireGet.serializer(), send(path)).space.typed()
    }

    suspend fun listAll(pageSize: Int): List<RawSpace> {
        val spaces = ArrayList<RawSpace>()
        var offset = 0
        while (true) {
            val page = json.decodeFromString(WirePage.serializer(), send("/v1/spaces?offset=$offset&limit=$pageSize"))
            page.data.mapTo(spaces) { it.typed() }
            offset += page.data.size
            if (!page.pagination.hasMore || page.data.isEmpty()) return spaces
        }
    }

    /** The body of a GET of [path] (HTTP 200 only). */
    suspend fun fetch(path: String): String = send(path)

    private fun postRequest(path: String, body: String): HttpRequest = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer $key")
        .header("Accept", "application/json")
        .header("Anytype-Version", "2025-11-08")
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build()

    private fun checked(path: String, response: HttpResponse<String>): String {
        if (response.statusCode() != 200) error("POST $path: HTTP ${response.statusCode()}: ${response.body().take(200)}")
        return response.body()
    }

    /** The body of a POST of [body] to [path] (HTTP 200 only), with sendAsync awaited. */
    suspend fun post(path: String, body: String): String =
        checked(path, http.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.ofString()).await())

    /** The same with the blocking `send`. */
    fun postBlocking(path: String, body: String): String =
        checked(path, http.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString()))

    fun decodeObjectPage(body: String): WireObjectPage = json.decodeFromString(WireObjectPage.serializer(), body)

    override fun close() {
        // HttpClient is AutoCloseable only from JDK 21 on; on 17 its threads end with the process.
        (http as? AutoCloseable)?.close()
    }
}

// --- objects: the same fields as dev.anytype.sdk.Object ------------------------------------------
// What the server sends: a property value carries its format and one field named after it.

@Serializable
class WireTag(
    val id: String? = null,
    val key: String? = null,
    val name: String? = null,
    val color: String? = null,
)

@Serializable
class WireProperty(
    val id: String? = null,
    val key: String? = null,
    val name: String? = null,
    val format: String? = null,
)

@Serializable
class WireType(
    val id: String? = null,
    val key: String? = null,
    val name: String? = null,
    @SerialName("plural_name") val pluralName: String? = null,
    val icon: WireIcon? = null,
    val archived: Boolean? = null,
    val layout: String? = null,
    val properties: List<WireProperty>? = null,
)

@Serializable
class WireValue(
    val id: String? = null,
    val key: String? = null,
    val name: String? = null,
    val format: String? = null,
    val text: String? = null,
    val number: Double? = null,
    val select: WireTag? = null,
    @SerialName("multi_select") val multiSelect: List<WireTag>? = null,
    val date: String? = null,
    val files: List<String>? = null,
    val checkbox: Boolean? = null,
    val url: String? = null,
    val email: String? = null,
    val phone: String? = null,
    val objects: List<String>? = null,
)

@Serializable
class WireObject(
    val id: String? = null,
    val name: String? = null,
    val icon: WireIcon? = null,
    val archived: Boolean? = null,
    @SerialName("space_id") val spaceId: String? = null,
    val snippet: String? = null,
    val layout: String? = null,
    val type: WireType? = null,
    val properties: List<WireValue>? = null,
    val markdown: String? = null,
)

@Serializable
class WireObjectPage(val data: List<WireObject> = emptyList(), val pagination: WirePagination = WirePagination())

// The typed result.

data class RawTag(val id: String, val key: String, val name: String, val color: String)
data class RawProperty(val id: String, val key: String, val name: String, val format: String)
data class RawType(
    val id: String, val key: String, val name: String, val pluralName: String, val icon: RawIcon?,
    val archived: Boolean, val layout: String, val properties: List<RawProperty>,
)

/** The value, a union tagged by format: select -> a tag, multi_select -> tags, date -> Instant, null lists empty. */
sealed class RawValue {
    data class Text(val text: String) : RawValue()
    data class Number(val number: Double?) : RawValue()
    data class Select(val tag: RawTag?) : RawValue()
    data class MultiSelect(val tags: List<RawTag>) : RawValue()
    data class Date(val date: java.time.Instant?) : RawValue()
    data class Files(val files: List<String>) : RawValue()
    data class Checkbox(val checked: Boolean) : RawValue()
    data class Url(val url: String) : RawValue()
    data class Email(val email: String) : RawValue()
    data class Phone(val phone: String) : RawValue()
    data class Objects(val objects: List<String>) : RawValue()
    data class Other(val format: String) : RawValue()
}

data class RawPropertyValue(val id: String, val key: String, val name: String, val format: String, val value: RawValue)

data class RawObject(
    val id: String, val name: String, val icon: RawIcon?, val archived: Boolean, val spaceId: String,
    val snippet: String, val layout: String, val type: RawType?, val properties: List<RawPropertyValue>,
    val markdown: String?,
)

private fun WireTag.typed() = RawTag(id ?: "", key ?: "", name ?: "", color ?: "")

private fun WireType.typed() = RawType(
    id = id ?: "", key = key ?: "", name = name ?: "", pluralName = pluralName ?: "", icon = icon?.typed(),
    archived = archived ?: false, layout = layout ?: "basic",
    properties = properties?.map { RawProperty(it.id ?: "", it.key ?: "", it.name ?: "", it.format ?: "text") } ?: emptyList(),
)

private fun WireValue.typed(): RawPropertyValue {
    val format = format ?: "text"
    val value = when (format) {
        "text" -> RawValue.Text(text ?: "")
        "number" -> RawValue.Number(number)
        "select" -> RawValue.Select(select?.typed())
        "multi_select" -> RawValue.MultiSelect(multiSelect?.map { it.typed() } ?: emptyList())
        "date" -> RawValue.Date(date?.takeIf { it.isNotEmpty() }?.let { java.time.Instant.parse(it) })
        "files" -> RawValue.Files(files ?: emptyList())
        "checkbox" -> RawValue.Checkbox(checkbox ?: false)
        "url" -> RawValue.Url(url ?: "")
        "email" -> RawValue.Email(email ?: "")
        "phone" -> RawValue.Phone(phone ?: "")
        "objects" -> RawValue.Objects(objects ?: emptyList())
        else -> RawValue.Other(format)
    }
    return RawPropertyValue(id ?: "", key ?: "", name ?: "", format, value)
}

fun WireObject.typed() = RawObject(
    id = id ?: "", name = name ?: "", icon = icon?.typed(), archived = archived ?: false, spaceId = spaceId ?: "",
    snippet = snippet ?: "", layout = layout ?: "basic", type = type?.typed(),
    properties = properties?.map { it.typed() } ?: emptyList(), markdown = markdown,
)

/** Every object of [spaceId], [pageSize] at a time (offset/limit until `has_more` is false), typed. */
suspend fun RawClient.listAllObjects(spaceId: String, pageSize: Int): List<RawObject> {
    val objects = ArrayList<RawObject>()
    val path = "/v1/spaces/" + URLEncoder.encode(spaceId, Charsets.UTF_8) + "/objects"
    while (true) {
        val page = decodeObjectPage(fetch("$path?offset=${objects.size}&limit=$pageSize"))
        page.data.mapTo(objects) { it.typed() }
        if (!page.pagination.hasMore || page.data.isEmpty()) return objects
    }
}

// --- search: POST /v1/spaces/{id}/search?offset=&limit= with a JSON body ------------------------

/**
 * The search of search_all_objects, the same in every language (bench/python/bench.py): every
 * generated object (query "generated object", type page), by name, with bench_number_2 >= 1250 or
 * bench_checkbox_5 checked, both evaluated by the server (about 3 in 4 objects match). The
 * alternatives POST this body; the SDK sends what its filter compiles to (the same expression).
 */
const val SEARCH_NUMBER_KEY = "bench_number_2"
const val SEARCH_CHECKBOX_KEY = "bench_checkbox_5"
const val SEARCH_AT_LEAST = 1250.0
val SEARCH_BODY = """{"query":"generated object","types":["page"],"sort":{"property_key":"name","direction":"asc"},""" +
    """"filters":{"operator":"or","conditions":[""" +
    """{"property_key":"$SEARCH_NUMBER_KEY","condition":"gte","number":1250},""" +
    """{"property_key":"$SEARCH_CHECKBOX_KEY","condition":"eq","checkbox":true}]}}"""

fun searchPath(spaceId: String) = "/v1/spaces/" + URLEncoder.encode(spaceId, Charsets.UTF_8) + "/search"

/** Walk a search page by page (offset/limit until `has_more` is false), typing each object. */
inline fun walkSearch(pageSize: Int, page: (offset: Int, limit: Int) -> WireObjectPage): List<RawObject> {
    val objects = ArrayList<RawObject>()
    while (true) {
        val next = page(objects.size, pageSize)
        next.data.mapTo(objects) { it.typed() }
        if (!next.pagination.hasMore || next.data.isEmpty()) return objects
    }
}

/** Every match of [SEARCH_BODY] in [spaceId] with java.net.http (sendAsync, awaited). */
suspend fun RawClient.searchAllObjects(spaceId: String, pageSize: Int): List<RawObject> {
    val path = searchPath(spaceId)
    val objects = ArrayList<RawObject>()
    while (true) {
        val page = decodeObjectPage(post("$path?offset=${objects.size}&limit=$pageSize", SEARCH_BODY))
        page.data.mapTo(objects) { it.typed() }
        if (!page.pagination.hasMore || page.data.isEmpty()) return objects
    }
}

/** The same with java.net.http's blocking `send`, on the calling thread. */
fun RawClient.searchAllObjectsBlocking(spaceId: String, pageSize: Int): List<RawObject> {
    val path = searchPath(spaceId)
    return walkSearch(pageSize) { offset, limit -> decodeObjectPage(postBlocking("$path?offset=$offset&limit=$limit", SEARCH_BODY)) }
}

// --- files and the chat stream (Transfers.kt's scenarios) ------------------------------------------

private fun RawClient.authorized(path: String): HttpRequest.Builder = HttpRequest.newBuilder(URI.create(base + path))
    .header("Authorization", "Bearer $key")
    .header("Anytype-Version", "2025-11-08")

/**
 * Upload [file] as multipart/form-data (one field `file`, filename its base name). java.net.http has
 * no multipart builder: the body is the part's head, the file and the closing boundary concatenated
 * (`BodyPublishers.concat`), the file streamed from disk by `BodyPublishers.ofFile` (a Content-Length
 * body). No request timeout (it would bound the whole upload; the JDK has no per-read one).
 * Returns the new file object's id and stored size.
 */
suspend fun RawClient.upload(spaceId: String, file: File): Pair<String, Long> {
    val boundary = "anytype-bench-" + java.util.UUID.randomUUID().toString().replace("-", "")
    val head = "--$boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"${file.name}\"\r\n" +
        "Content-Type: application/octet-stream\r\n\r\n"
    val body = HttpRequest.BodyPublishers.concat(
        HttpRequest.BodyPublishers.ofString(head),
        HttpRequest.BodyPublishers.ofFile(file.toPath()),
        HttpRequest.BodyPublishers.ofString("\r\n--$boundary--\r\n"),
    )
    val path = "/v1/spaces/${URLEncoder.encode(spaceId, Charsets.UTF_8)}/files"
    val request = authorized(path)
        .header("Accept", "application/json")
        .header("Content-Type", "multipart/form-data; boundary=$boundary")
        .POST(body)
        .build()
    val response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).await()
    if (response.statusCode() !in 200..299) error("POST $path: HTTP ${response.statusCode()}: ${response.body().take(200)}")
    val uploaded = json.decodeFromString(WireUploaded.serializer(), response.body())
    return (uploaded.objectId ?: "") to (uploaded.sizeInBytes ?: -1)
}

/** Delete the file object for good (`?skip_bin=true`). */
suspend fun RawClient.deleteFile(spaceId: String, fileId: String) {
    val path = "/v1/spaces/${URLEncoder.encode(spaceId, Charsets.UTF_8)}/files/${URLEncoder.encode(fileId, Charsets.UTF_8)}?skip_bin=true"
    val request = authorized(path).header("Accept", "application/json").timeout(Duration.ofSeconds(30)).DELETE().build()
    val response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).await()
    if (response.statusCode() !in 200..299) error("DELETE $path: HTTP ${response.statusCode()}: ${response.body().take(200)}")
}

/** Download the file object to [target], streamed to disk by `BodyHandlers.ofFile` (no request timeout). */
suspend fun RawClient.download(spaceId: String, fileId: String, target: File) {
    val path = "/v1/spaces/${URLEncoder.encode(spaceId, Charsets.UTF_8)}/files/${URLEncoder.encode(fileId, Charsets.UTF_8)}"
    val response = http.sendAsync(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofFile(target.toPath())).await()
    if (response.statusCode() != 200) error("GET $path: HTTP ${response.statusCode()}: ${target.readText().take(200)}")
}

/** Create a chat named `bench`; its id. */
suspend fun RawClient.createChat(spaceId: String): String {
    val path = "/v1/spaces/${URLEncoder.encode(spaceId, Charsets.UTF_8)}/chats"
    val request = authorized(path)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(CREATE_CHAT_BODY))
        .build()
    val response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).await()
    if (response.statusCode() !in 200..299) error("POST $path: HTTP ${response.statusCode()}: ${response.body().take(200)}")
    return createdId(json, response.body())
}

/**
 * Open the chat's stream (`GET .../messages/stream`, `Accept: text/event-stream`) and wait for the
 * response headers. The body comes as lines (`BodyHandlers.ofLines()`); the JDK has no SSE parser
 * and there is no common SSE library for java.net.http, so [JdkEventStream] parses the lines.
 */
suspend fun RawClient.openStream(spaceId: String, chatId: String): JdkEventStream {
    val path = "/v1/spaces/${URLEncoder.encode(spaceId, Charsets.UTF_8)}/chats/${URLEncoder.encode(chatId, Charsets.UTF_8)}/messages/stream"
    val request = authorized(path).header("Accept", "text/event-stream").GET().build()
    val response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).await()
    if (response.statusCode() != 200) {
        response.body().close()
        error("GET $path: HTTP ${response.statusCode()}")
    }
    return JdkEventStream(response.body(), json)
}

/** Server-sent events from a stream of lines: `data:` lines up to an empty line make one event; `:` comments
 *  (heartbeats), `event:`, `id:` and `retry:` lines are skipped. Closing it closes the connection. */
class JdkEventStream(private val lines: java.util.stream.Stream<String>, private val json: Json) : AutoCloseable {
    private val iterator = lines.iterator()

    /** Read (on Dispatchers.IO: the iterator blocks) until [n] `message_added` events have been decoded. */
    suspend fun messages(n: Int): List<RawChatMessage> = kotlinx.coroutines.withContext(kotlinx.coroutines.Dispatchers.IO) {
        val messages = ArrayList<RawChatMessage>(n)
        val data = StringBuilder()
        while (messages.size < n && iterator.hasNext()) {
            val line = iterator.next()
            when {
                line.isEmpty() -> if (data.isNotEmpty()) {
                    decodeMessageAdded(json, data.toString())?.let { messages += it }
                    data.setLength(0)
                }
                line.startsWith("data:") -> {
                    if (data.isNotEmpty()) data.append('\n')
                    data.append(line, if (line.startsWith("data: ")) 6 else 5, line.length)
                }
                else -> Unit // a comment (heartbeat) or a field this stream doesn't use
            }
        }
        messages
    }

    override fun close() = lines.close()
}
