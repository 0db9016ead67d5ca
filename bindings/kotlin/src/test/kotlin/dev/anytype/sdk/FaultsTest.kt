package dev.anytype.sdk

import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The main faults, injected by the sandbox: what the client retries, and what it never sends twice. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: AnytypeClient

    @BeforeAll
    fun start() = runBlocking {
        sandbox = Sandbox.start()
        val config = ClientConfig(baseUrl = sandbox.url)
        val auth = Auth(config)
        client = AnytypeClient(auth.createApiKey(auth.createChallenge("KotlinFaults"), Sandbox.CODE), config)
    }

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    private fun inFlight(): Long =
        Regex("\"in_flight\"\\s*:\\s*(-?\\d+)").find(sandbox.stats())!!.groupValues[1].toLong()

    @Test
    fun `a 429 is retried after the reset and the create succeeds`(): Unit = runBlocking {
        val before = sandbox.requestCount("POST", "/v1/spaces")
        sandbox.addFault("""{"method":"POST","path":"/v1/spaces","times":1,"fault":{"kind":"rate_limit","reset_seconds":0.2}}""")
        val space = client.spaces().create(CreateSpaceRequest(name = "After 429"))
        assertEquals("After 429", space.name)
        assertEquals(before + 2, sandbox.requestCount("POST", "/v1/spaces"))
    }

    @Test
    fun `a create answered 500 is sent exactly once`(): Unit = runBlocking {
        val before = sandbox.requestCount("POST", "/v1/spaces")
        sandbox.addFault("""{"method":"POST","path":"/v1/spaces","times":1,"fault":{"kind":"status","status":500,"after_handler":true}}""")
        val error = assertFailsWith<AnytypeException.Api> {
            client.spaces().create(CreateSpaceRequest(name = "Exactly once"))
        }
        assertEquals(500, error.status)
        assertEquals(before + 1, sandbox.requestCount("POST", "/v1/spaces"))
        assertEquals(1, client.spaces().listAll(100).count { it.name == "Exactly once" })
    }

    @Test
    fun `a GET answered 503 is retried`(): Unit = runBlocking {
        val before = sandbox.requestCount("GET", "/v1/spaces")
        sandbox.addFault("""{"method":"GET","path":"/v1/spaces","times":2,"fault":{"kind":"status","status":503}}""")
        val page = client.spaces().list(0, 1)
        assertEquals(1, page.data.size)
        assertEquals(before + 3, sandbox.requestCount("GET", "/v1/spaces"))
    }

    @Test
    fun `a malformed body raises Decode with the status and a bounded snippet`(): Unit = runBlocking {
        for (kind in listOf("malformed_json", "truncated_json", "non_json")) {
            sandbox.addFault("""{"method":"GET","path":"/v1/spaces","times":1,"fault":{"kind":"$kind"}}""")
            val error = assertFailsWith<AnytypeException.Decode>(kind) { client.spaces().list(0, 10) }
            assertEquals(200, error.status)
            assertTrue(error.snippet.isNotEmpty() && error.snippet.length <= 256, kind)
        }
    }

    @Test
    fun `cancelling the coroutine closes the request on the server`(): Unit = runBlocking {
        sandbox.addFault("""{"method":"GET","path":"/v1/spaces/hang-here","times":1,"fault":{"kind":"hang"}}""")
        val call = async { client.spaces().get("hang-here") }
        var waited = 0
        while (inFlight() == 0L && waited < 250) { delay(20); waited++ }
        assertEquals(1L, inFlight(), "the request reached the server")
        call.cancelAndJoin()
        waited = 0
        while (inFlight() > 0L && waited < 250) { delay(20); waited++ }
        assertEquals(0L, inFlight(), "the server saw the connection close")
    }

    @Test
    fun `a Rust panic never brings the JVM down`(): Unit = runBlocking {
        assertFailsWith<InternalException> { panicForTesting() }
        assertFailsWith<AnytypeException.Internal> { panicForTestingAsync() }
        assertEquals(1, client.spaces().list(0, 1).data.size, "the runtime still serves calls")
    }
}
