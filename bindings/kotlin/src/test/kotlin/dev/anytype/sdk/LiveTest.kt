package dev.anytype.sdk

import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * The live tier: the README quickstart flow against a real Anytype server.
 *
 * Runs only when ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY are set (scripts/live.sh sets them); the
 * challenge flow also needs ANYTYPE_LIVE_CODES, a file with one line "CODE APP_NAME" per challenge.
 * It writes only inside the space "anytype-sdk live tests" (found, or created once, and reused).
 */
class LiveTest {
    private val url = System.getenv("ANYTYPE_LIVE_URL")?.trim().orEmpty()
    private val key = System.getenv("ANYTYPE_LIVE_KEY")?.trim().orEmpty()
    private val codes = System.getenv("ANYTYPE_LIVE_CODES")?.trim().orEmpty()

    private fun configured() = assumeTrue(url.isNotEmpty() && key.isNotEmpty(), "no real server configured (set ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY)")

    private fun config() = ClientConfig(baseUrl = url, limitWrites = true)

    private suspend fun waitForCode(since: Long, appName: String): String {
        val deadline = System.nanoTime() + 15_000_000_000L
        while (System.nanoTime() < deadline) {
            val bytes = File(codes).readBytes()
            val fresh = String(bytes, minOf(since.toInt(), bytes.size), bytes.size - minOf(since.toInt(), bytes.size))
            fresh.lines().map { it.trim().split(" ", limit = 2) }
                .firstOrNull { it.size == 2 && it[1] == appName }
                ?.let { return it[0] }
            delay(100)
        }
        throw AssertionError("no code for $appName appeared in $codes")
    }

    private suspend fun findOrCreateTestSpace(client: AnytypeClient): Space {
        val spaces = client.spaces()
        return spaces.listAll().firstOrNull { it.name == TEST_SPACE }
            ?: spaces.create(CreateSpaceRequest(name = TEST_SPACE, description = TEST_SPACE_DESCRIPTION))
    }

    @Test
    fun `the quickstart flow runs against the real server`(): Unit = runBlocking {
        configured()
        assumeTrue(codes.isNotEmpty() && File(codes).exists(), "no codes file (ANYTYPE_LIVE_CODES)")
        val config = config()
        val auth = Auth(config)
        val appName = "anytype-sdk-test-kotlin-${ProcessHandle.current().pid()}-${System.currentTimeMillis()}"
        val since = File(codes).length()
        val challengeId = auth.createChallenge(appName)
        val apiKey = auth.createApiKey(challengeId, waitForCode(since, appName))
        assertTrue(apiKey.isNotBlank())
        val client = AnytypeClient(apiKey, config)
        val page = client.spaces().list(offset = 0, limit = 10)
        assertTrue(page.data.size <= 10)
        assertTrue(page.pagination.total >= page.data.size.toLong())
        assertTrue(!client.toString().contains(apiKey), "the key never shows")
    }

    @Test
    fun `the test space is found or created, then got`(): Unit = runBlocking {
        configured()
        val client = AnytypeClient(key, config())
        val space = findOrCreateTestSpace(client)
        assertEquals(TEST_SPACE, space.name)
        val got = client.spaces().get(space.id)
        assertEquals(space.id, got.id)
        assertEquals(TEST_SPACE, got.name)
        assertEquals(listOf(space.id), client.spaces().listAll().filter { it.name == TEST_SPACE }.map { it.id }, "one test space, reused across runs")
    }

    @Test
    fun `errors map to exceptions`(): Unit = runBlocking {
        configured()
        val client = AnytypeClient(key, config())
        assertFailsWith<AnytypeException.NotFound> { client.spaces().get("bafyreinotaspace.123") }
        val stranger = AnytypeClient("not-a-real-key", config())
        assertFailsWith<AnytypeException.Unauthorized> { stranger.spaces().list(offset = 0, limit = 1) }
    }

    companion object {
        const val TEST_SPACE = "anytype-sdk live tests"
        const val TEST_SPACE_DESCRIPTION =
            "Made by the anytype-sdk live tests (scripts/live.sh). They write only inside this space and reuse it on every run."
    }
}
