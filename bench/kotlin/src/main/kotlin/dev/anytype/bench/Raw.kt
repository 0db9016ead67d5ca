// The alternative: the HTTP API called by hand with java.net.http.HttpClient (JDK, HTTP/1.1, one
// shared client, sendAsync + kotlinx.coroutines' CompletableFuture.await()) and kotlinx.serialization
// decoding into Kotlin classes with the same fields as the SDK's Space.

package dev.anytype.bench

import kotlinx.coroutines.future.await
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
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

class RawClient(baseUrl: String, private val key: String) : AutoCloseable {
    private val base = baseUrl.trimEnd('/')
    private val json = Json { ignoreUnknownKeys = true }
    // One shared client: it pools HTTP/1.1 connections (no limit, so 64 in flight -> 64 connections).
    private val http: HttpClient = HttpClient.newBuilder()
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

    override fun close() {
        // HttpClient is AutoCloseable only from JDK 21 on; on 17 its threads end with the process.
        (http as? AutoCloseable)?.close()
    }
}
