package dev.anytype.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The blocking twins (`BlockingAuth`, `BlockingAnytypeClient`, `BlockingSpaces`, `BlockingSpacePager`)
 * and the Sequence helpers, called from plain threads without coroutines, against a sandbox with
 * 250 spaces (writes use their own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingTest {
    private lateinit var sandbox: Sandbox
    private lateinit var config: ClientConfig
    private lateinit var apiKey: String
    private lateinit var client: BlockingAnytypeClient
    private lateinit var spaces: BlockingSpaces

    @BeforeAll
    fun start() {
        sandbox = Sandbox.start()
        sandbox.addSpaces(247)
        config = ClientConfig(baseUrl = sandbox.url)
        BlockingAuth(config).use { auth -> apiKey = auth.createApiKey(auth.createChallenge("KotlinBlocking"), Sandbox.CODE) }
        client = BlockingAnytypeClient(apiKey, config)
        spaces = client.spaces()
    }

    @AfterAll
    fun stop() {
        spaces.close()
        client.close()
        sandbox.close()
    }

    @Test
    fun `the challenge flow blocks for each answer`() {
        BlockingAuth(config).use { auth ->
            val challengeId = auth.createChallenge("KotlinBlocking")
            assertTrue(challengeId.isNotBlank())
            val key = auth.createApiKey(challengeId, Sandbox.CODE)
            assertTrue(key.isNotBlank())
            BlockingAnytypeClient(key, config).use { fresh -> assertEquals(3, fresh.spaces().list(limit = 3).data.size) }

            val wrong = assertFailsWith<AnytypeException.WrongCode> { auth.createApiKey(auth.createChallenge("KotlinBlocking"), "0000") }
            assertTrue(wrong.detail.isNotBlank())
        }
    }

    @Test
    fun `list, get and listAll answer what the suspend client answers`() {
        val page = spaces.list(offset = 0, limit = 2)
        assertEquals(2, page.data.size)
        assertEquals(Pagination(total = 250, offset = 0, limit = 2, hasMore = true), page.pagination)
        assertEquals(page.data[1], spaces.get(page.data[1].id))

        val everything = spaces.listAll(pageSize = 1000)
        assertEquals(250, everything.size)
        assertEquals(page.data, everything.take(2))
        val fromSuspend = runBlocking { AnytypeClient(apiKey, config).use { it.spaces().listAll(pageSize = 1000) } }
        assertEquals(fromSuspend, everything, "both twins give the same records")
        assertEquals(everything, spaces.listAll(), "the default page size (100)")
    }

    @Test
    fun `the blocking pager ends with null`() {
        spaces.pager(pageSize = 1000).use { pager ->
            assertEquals(250, pager.nextPage()?.data?.size)
            assertNull(pager.nextPage())
            assertNull(pager.nextPage(), "stays done")
        }
    }

    @Test
    fun `all() walks several pages lazily, once per iteration`() {
        val expected = spaces.listAll(pageSize = 1000)
        val before = sandbox.requestCount("GET", "/v1/spaces")
        val sequence = spaces.all(pageSize = 100)
        assertEquals(before, sandbox.requestCount("GET", "/v1/spaces"), "nothing sent before the iteration")

        assertEquals(expected, sequence.toList())
        assertEquals(before + 3, sandbox.requestCount("GET", "/v1/spaces"), "250 spaces in pages of 100: 3 requests")
        assertEquals(expected.map { it.id }, sequence.map { it.id }.toList(), "each iteration starts over")
        assertEquals(before + 6, sandbox.requestCount("GET", "/v1/spaces"))

        // Stopping early sends no further requests: 150 items need 2 pages (the pager may have
        // started reading the third ahead).
        assertEquals(expected.take(150), sequence.take(150).toList())
        val sent = sandbox.requestCount("GET", "/v1/spaces") - before - 6
        assertTrue(sent in 2L..3L, "$sent page requests for 150 items")

        // An iteration stopped early can close its pager at once.
        val iterator = sequence.iterator()
        assertEquals(expected.first(), iterator.next())
        (iterator as AutoCloseable).close()
        assertFalse(iterator.hasNext())
    }

    @Test
    fun `pages() keeps each page's pagination`() {
        val pages = spaces.pages(pageSize = 120).toList()
        assertEquals(listOf(120, 120, 10), pages.map { it.data.size })
        assertEquals(listOf(0L, 120L, 240L), pages.map { it.pagination.offset })
        assertEquals(listOf(true, true, false), pages.map { it.pagination.hasMore })
        assertTrue(pages.all { it.pagination.total == 250L })
    }

    @Test
    fun `a bad page size fails when the iteration starts`() {
        val before = sandbox.requestCount("GET", "/v1/spaces")
        val sequence = spaces.all(pageSize = 0) // building the sequence does nothing yet
        assertEquals("page_size", assertFailsWith<AnytypeException.InvalidInput> { sequence.toList() }.field)
        assertEquals("page_size", assertFailsWith<AnytypeException.InvalidInput> { spaces.pages(pageSize = 1001).firstOrNull() }.field)
        assertEquals("page_size", assertFailsWith<AnytypeException.InvalidInput> { spaces.pager(pageSize = 0) }.field)
        assertEquals("limit", assertFailsWith<AnytypeException.InvalidInput> { spaces.list(limit = 0) }.field)
        assertEquals(before, sandbox.requestCount("GET", "/v1/spaces"), "nothing was sent")
    }

    @Test
    fun `errors are the same AnytypeException subclasses`() {
        val missing = assertFailsWith<AnytypeException.NotFound> { spaces.get("bafy-no-such-space") }
        assertEquals(404, missing.status)
        assertTrue(missing.detail.isNotBlank())
        assertFailsWith<AnytypeException.NotFound> { spaces.update("bafy-no-such-space", UpdateSpaceRequest(name = "x")) }

        val badKey = "sk-this-key-does-not-exist-0123456789"
        BlockingAnytypeClient(badKey, config).use { bad ->
            val error = assertFailsWith<AnytypeException.Unauthorized> { bad.spaces().list() }
            assertFalse(badKey in error.toString(), error.toString())
            assertFalse(badKey in bad.toString(), bad.toString())
        }
        assertFalse(apiKey in client.toString(), client.toString())
        assertFailsWith<AnytypeException.InvalidInput> { BlockingAnytypeClient("", config) }
        assertFailsWith<AnytypeException.InvalidInput> { BlockingAuth(ClientConfig(baseUrl = "not a url")) }
        val dead = ClientConfig(baseUrl = Sandbox.deadUrl(), maxRetries = 0)
        assertFailsWith<AnytypeException.Network> { BlockingAnytypeClient(apiKey, dead).use { it.spaces().list() } }
    }

    @Test
    fun `create and update round-trip`() {
        // Writes get a sandbox of their own, so the paging tests above can count on 250 spaces.
        Sandbox.start().use { own ->
            val ownConfig = ClientConfig(baseUrl = own.url)
            val key = BlockingAuth(ownConfig).use { it.createApiKey(it.createChallenge("KotlinBlocking"), Sandbox.CODE) }
            BlockingAnytypeClient(key, ownConfig).use { ownClient ->
                val spaces = ownClient.spaces()
                val created = spaces.create(CreateSpaceRequest(name = "Blocking space", description = "from a thread"))
                assertEquals("Blocking space", created.name)
                assertEquals("from a thread", created.description)
                assertEquals(created, spaces.get(created.id))

                val renamed = spaces.update(created.id, UpdateSpaceRequest(name = "Renamed"))
                assertEquals(created.id, renamed.id)
                assertEquals("Renamed", renamed.name)
                assertEquals("from a thread", renamed.description, "update leaves unnamed fields alone")
                assertEquals(listOf(renamed), spaces.listAll().filter { it.id == created.id })
                assertEquals(4L, spaces.list(limit = 1).pagination.total)
                assertEquals(1L, own.requestCount("POST", "/v1/spaces"))
                assertEquals(1L, own.requestCount("PATCH", "/v1/spaces/${created.id}"))
            }
        }
    }

    @Test
    fun `the README's blocking example runs`() {
        Sandbox.start().use { own ->
            val url = own.url
            val apiKey = BlockingAuth(ClientConfig(baseUrl = url)).use { it.createApiKey(it.createChallenge("KotlinBlocking"), Sandbox.CODE) }
            // As in README.md, "Blocking calls":
            BlockingAnytypeClient(apiKey, ClientConfig(baseUrl = url)).use { client ->
                val spaces = client.spaces()
                val created = spaces.create(CreateSpaceRequest(name = "Research"))
                for (space in spaces.all(pageSize = 100)) println(space.name)
                val first = spaces.all().take(10).toList()

                assertEquals("Research", created.name)
                assertEquals(4, first.size)
                assertEquals(created, first.last())
            }
        }
    }

    @Test
    fun `many threads share one blocking client`() {
        val ids = spaces.list(limit = 20).data.map { it.id }
        val pool = Executors.newFixedThreadPool(8)
        try {
            val results = pool.invokeAll((0 until 200).map { i -> Callable { spaces.get(ids[i % ids.size]).id } })
            results.forEachIndexed { i, result -> assertEquals(ids[i % ids.size], result.get()) }
        } finally {
            pool.shutdown()
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
        }
    }
}
