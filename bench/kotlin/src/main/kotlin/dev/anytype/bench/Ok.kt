// The second alternative for the search scenarios: OkHttp (one shared OkHttpClient, its connection
// pool, HTTP/1.1 to the sandbox) POSTing the same search body page by page, decoded by the same
// kotlinx.serialization classes into the same typed result as Raw.kt. The suspend scenario runs each
// call's blocking `execute()` on Dispatchers.IO (OkHttp's usual coroutine idiom); the blocking one
// calls `execute()` on the calling thread.

package dev.anytype.bench

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import kotlinx.serialization.json.Json
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import java.time.Duration

class OkClient(baseUrl: String, private val key: String) : AutoCloseable {
    private val base = baseUrl.trimEnd('/')
    private val json = Json { ignoreUnknownKeys = true }
    private val http = OkHttpClient.Builder()
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
