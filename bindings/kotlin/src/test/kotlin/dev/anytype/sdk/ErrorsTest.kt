package dev.anytype.sdk

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlin.time.TimeSource

/** Every failure surfaces as the matching [AnytypeException] subclass; cancellation and timeouts work. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
    private lateinit var sandbox: Sandbox
    private lateinit var config: ClientConfig
    private lateinit var apiKey: String
    private lateinit var client: AnytypeClient

    @BeforeAll
    fun start() = runBlocking {
        sandbox = Sandbox.start()
        config = ClientConfig(baseUrl = sandbox.url)
        val auth = Auth(config)
        apiKey = auth.createApiKey(auth.createChallenge("KotlinTest"), Sandbox.CODE)
        client = AnytypeClient(apiKey, config)
    }

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    @Test
    fun `a wrong code raises WrongCode`(): Unit = runBlocking {
        val auth = Auth(config)
        val challengeId = auth.createChallenge("KotlinTest")
        val error = assertFailsWith<AnytypeException.WrongCode> { auth.createApiKey(challengeId, "0000") }
        assertTrue(error.detail.isNotBlank())
        assertTrue(error.toString().startsWith("wrong code"), error.toString())
    }

    @Test
    fun `a limit outside 1 to 1000 raises InvalidInput without sending anything`(): Unit = runBlocking {
        val spaces = client.spaces()
        val before = sandbox.requestCount("GET", "/v1/spaces")
        for (limit in listOf(0L, 1001L)) {
            val error = assertFailsWith<AnytypeException.InvalidInput> { spaces.list(offset = 0, limit = limit) }
            assertEquals("limit", error.field)
            // What the README shows: `message` and toString() are the core's sentence.
            assertEquals("invalid input: limit: must be between 1 and 1000, got $limit", error.toString())
            assertEquals("invalid input: limit: must be between 1 and 1000, got $limit", error.message)
        }
        // Each error names the caller's own argument.
        assertEquals("offset", assertFailsWith<AnytypeException.InvalidInput> { spaces.list(offset = -1, limit = 10) }.field)
        assertEquals("page_size", assertFailsWith<AnytypeException.InvalidInput> { spaces.listAll(pageSize = 0) }.field)
        assertEquals("page_size", assertFailsWith<AnytypeException.InvalidInput> { spaces.pager(pageSize = 1001) }.field)
        assertEquals(before, sandbox.requestCount("GET", "/v1/spaces"), "no GET /v1/spaces was sent: ${sandbox.stats()}")
        // ...while a valid limit does send one.
        assertEquals(1, spaces.list(limit = 1).data.size)
        assertEquals(before + 1, sandbox.requestCount("GET", "/v1/spaces"))
    }

    @Test
    fun `an unknown space raises NotFound`(): Unit = runBlocking {
        val error = assertFailsWith<AnytypeException.NotFound> { client.spaces().get("bafy-no-such-space") }
        assertEquals(404, error.status)
        assertTrue(error.detail.isNotBlank())
        assertFailsWith<AnytypeException.NotFound> { client.spaces().update("bafy-no-such-space", UpdateSpaceRequest(name = "x")) }
    }

    @Test
    fun `a missing object answered 500 as the real server does raises NotFound with status 500`(): Unit = runBlocking {
        val body = """{"object":"error","status":500,"code":"internal_server_error","message":"failed to retrieve object"}"""
        val fault = """{"kind":"status","status":500,"body":${jsonString(body)}}"""
        sandbox.addFault("""{"method":"GET","path":"/v1/spaces/missing-object","fault":$fault}""")
        val error = assertFailsWith<AnytypeException.NotFound> { client.spaces().get("missing-object") }
        assertEquals(500, error.status)
        assertEquals("failed to retrieve object", error.detail)
    }

    @Test
    fun `409 and 410 raise Conflict and Gone`(): Unit = runBlocking {
        sandbox.addFault("""{"method":"PATCH","path":"/v1/spaces/conflicting","fault":{"kind":"status","status":409}}""")
        val conflict = assertFailsWith<AnytypeException.Conflict> {
            client.spaces().update("conflicting", UpdateSpaceRequest(name = "x"))
        }
        assertTrue(conflict.detail.isNotBlank(), conflict.toString())
        sandbox.addFault("""{"method":"GET","path":"/v1/spaces/deleted","fault":{"kind":"status","status":410}}""")
        val gone = assertFailsWith<AnytypeException.Gone> { client.spaces().get("deleted") }
        assertTrue(gone.detail.isNotBlank(), gone.toString())
    }

    /** [text] as a JSON string literal. */
    private fun jsonString(text: String): String = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\""

    @Test
    fun `a bad key raises Unauthorized`(): Unit = runBlocking {
        val badKey = "sk-this-key-does-not-exist-0123456789"
        AnytypeClient(badKey, config).use { bad ->
            val error = assertFailsWith<AnytypeException.Unauthorized> { bad.spaces().list() }
            assertFalse(badKey in error.toString(), error.toString())
            assertFalse(badKey in error.message, error.message)
            assertFalse(badKey in error.stackTraceToString())
            assertFalse(badKey in bad.toString(), bad.toString())
        }
    }

    @Test
    fun `the API key never shows in toString or error messages`(): Unit = runBlocking {
        assertFalse(apiKey in client.toString(), client.toString())
        assertTrue(client.toString().isNotBlank())
        val errors = listOf(
            assertFailsWith<AnytypeException> { client.spaces().get("missing") },
            assertFailsWith<AnytypeException> { client.spaces().list(limit = 0) },
        )
        for (error in errors) {
            assertFalse(apiKey in error.toString(), error.toString())
            assertFalse(apiKey in error.message.orEmpty(), error.message)
        }
    }

    @Test
    fun `an unreachable server raises Network`(): Unit = runBlocking {
        val dead = ClientConfig(baseUrl = Sandbox.deadUrl(), maxRetries = 0)
        val started = TimeSource.Monotonic.markNow()
        val error = assertFailsWith<AnytypeException.Network> { AnytypeClient(apiKey, dead).spaces().list() }
        assertTrue(error.url.startsWith(dead.baseUrl), error.url)
        assertTrue(started.elapsedNow().inWholeSeconds < 5, "no retries: failed at once")
        assertFailsWith<AnytypeException.Network> { Auth(dead).createChallenge("KotlinTest") }
    }

    @Test
    fun `a bad config or an empty key raises InvalidInput at construction`() {
        for (url in listOf("", "not a url")) {
            val error = assertFailsWith<AnytypeException.InvalidInput> { AnytypeClient(apiKey, ClientConfig(baseUrl = url)) }
            assertEquals("base_url", error.field, error.toString())
            assertFailsWith<AnytypeException.InvalidInput> { Auth(ClientConfig(baseUrl = url)) }
        }
        assertFailsWith<AnytypeException.InvalidInput> { AnytypeClient("", config) }
    }

    @Test
    fun `cancelling a hanging call ends it at once`(): Unit = runBlocking {
        sandbox.addFault("""{"method":"GET","path":"/v1/spaces","times":1,"fault":{"kind":"hang"}}""")
        val before = sandbox.requestCount("GET", "/v1/spaces")
        val call = async(Dispatchers.Default) { client.spaces().list() }
        delay(200)
        assertTrue(call.isActive, "the call hangs")
        assertEquals(before + 1, sandbox.requestCount("GET", "/v1/spaces"), "the request reached the server")

        val started = TimeSource.Monotonic.markNow()
        call.cancelAndJoin()
        val took = started.elapsedNow()
        assertTrue(took.inWholeMilliseconds < 2000, "cancellation took $took")
        assertTrue(call.isCancelled)
        assertFailsWith<CancellationException> { call.await() }

        // The same with withTimeout, and the client still works afterwards.
        sandbox.addFault("""{"method":"GET","path":"/v1/spaces","times":1,"fault":{"kind":"hang"}}""")
        val timedOut = TimeSource.Monotonic.markNow()
        assertFailsWith<TimeoutCancellationException> { withTimeout(200) { client.spaces().list() } }
        assertTrue(timedOut.elapsedNow().inWholeMilliseconds < 2000)
        assertEquals(3, client.spaces().list().data.size)
    }

    @Test
    fun `a slow answer raises Timeout`(): Unit = runBlocking {
        sandbox.addFault("""{"method":"GET","path":"/v1/spaces","times":1,"fault":{"kind":"latency","ms":3000}}""")
        val impatient = config.copy(requestTimeout = Duration.ofMillis(300), maxRetries = 0)
        val started = TimeSource.Monotonic.markNow()
        val error = assertFailsWith<AnytypeException.Timeout> { AnytypeClient(apiKey, impatient).spaces().list() }
        val took = started.elapsedNow()
        assertEquals(Duration.ofMillis(300), error.after)
        assertTrue(error.url.startsWith(sandbox.url), error.url)
        assertTrue(took.inWholeMilliseconds in 250..2500, "timed out after $took")
        assertTrue(error.toString().contains("300ms"), error.toString())
    }
}
