package dev.anytype.sdk

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Paging, the Flow layer, reads and writes, against a sandbox with 253 spaces (writes use their own). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpacesTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: AnytypeClient
    private lateinit var spaces: Spaces

    @BeforeAll
    fun start() = runBlocking {
        sandbox = Sandbox.start()
        sandbox.addSpaces(250)
        val config = ClientConfig(baseUrl = sandbox.url)
        val auth = Auth(config)
        val key = auth.createApiKey(auth.createChallenge("KotlinTest"), Sandbox.CODE)
        client = AnytypeClient(key, config)
        spaces = client.spaces()
    }

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    @Test
    fun `all() walks every page, lazily, once per collection`(): Unit = runBlocking {
        val expected = spaces.listAll(pageSize = 1000)
        assertEquals(253, expected.size)
        assertEquals(253, expected.map { it.id }.toSet().size, "ids are unique")

        val before = sandbox.requestCount("GET", "/v1/spaces")
        val flow = spaces.all(pageSize = 100)
        assertEquals(before, sandbox.requestCount("GET", "/v1/spaces"), "the flow is cold: nothing sent yet")

        assertEquals(expected, flow.toList())
        assertEquals(before + 3, sandbox.requestCount("GET", "/v1/spaces"), "253 spaces in pages of 100: 3 requests")

        // Collecting again starts over with a new pager.
        assertEquals(expected.map { it.id }, flow.map { it.id }.toList())
        assertEquals(before + 6, sandbox.requestCount("GET", "/v1/spaces"))

        // A collector that stops early sends no further requests: 150 items need 2 pages, and the
        // pager may have started reading page 3 ahead (cancelled when the flow stopped).
        val first = flow.take(150).toList()
        assertEquals(expected.take(150), first)
        val sent = sandbox.requestCount("GET", "/v1/spaces") - before - 6
        assertTrue(sent in 2L..3L, "$sent page requests for 150 items")
    }

    @Test
    fun `pages() keeps each page's pagination`(): Unit = runBlocking {
        val pages = spaces.pages(pageSize = 120).toList()
        assertEquals(listOf(120, 120, 13), pages.map { it.data.size })
        assertEquals(listOf(0L, 120L, 240L), pages.map { it.pagination.offset })
        assertEquals(listOf(true, true, false), pages.map { it.pagination.hasMore })
        assertTrue(pages.all { it.pagination.total == 253L })
    }

    @Test
    fun `the generated pager ends with null`(): Unit = runBlocking {
        spaces.pager(pageSize = 1000).use { pager ->
            val page = pager.nextPage()
            assertEquals(253, page?.data?.size)
            assertEquals(false, page?.pagination?.hasMore)
            assertNull(pager.nextPage())
            assertNull(pager.nextPage(), "stays done")
        }
    }

    @Test
    fun `list pages by offset and limit`(): Unit = runBlocking {
        val page = spaces.list(offset = 250, limit = 10)
        assertEquals(3, page.data.size)
        assertEquals(Pagination(total = 253, offset = 250, limit = 10, hasMore = false), page.pagination)
        val demo = spaces.list(limit = 3).data
        assertEquals(3, demo.size)
        assertTrue(demo.all { it.icon is Icon.Emoji }, "the demo spaces have emoji icons: $demo")
        assertTrue(demo.all { it.kind == SpaceKind.Space })
    }

    @Test
    fun `get, create and update round-trip`(): Unit = runBlocking {
        // Writes get a sandbox of their own, so the paging tests above can count on 253 spaces.
        Sandbox.start().use { own ->
            val config = ClientConfig(baseUrl = own.url)
            val auth = Auth(config)
            val spaces = AnytypeClient(auth.createApiKey(auth.createChallenge("KotlinTest"), Sandbox.CODE), config).spaces()

            val first = spaces.list(limit = 1).data.single()
            assertEquals(first, spaces.get(first.id))

            val created = spaces.create(CreateSpaceRequest(name = "Kotlin space"))
            assertEquals("Kotlin space", created.name)
            assertEquals("", created.description, "no description is an empty one")
            assertEquals(created, spaces.get(created.id))

            val described = spaces.update(created.id, UpdateSpaceRequest(description = "with a description"))
            assertEquals("Kotlin space", described.name)
            assertEquals("with a description", described.description)

            val renamed = spaces.update(created.id, UpdateSpaceRequest(name = "Renamed"))
            assertEquals("Renamed", renamed.name)
            assertEquals("with a description", renamed.description)
            assertEquals(renamed, spaces.get(created.id))
            assertEquals(listOf(renamed), spaces.listAll().filter { it.id == created.id })
            assertEquals(4L, spaces.list(limit = 1).pagination.total)
            assertEquals(1L, own.requestCount("POST", "/v1/spaces"))
            assertEquals(2L, own.requestCount("PATCH", "/v1/spaces/${created.id}"))
        }
    }

    @Test
    fun `500 concurrent gets from Dispatchers Default all succeed`(): Unit = runBlocking {
        val ids = spaces.list(limit = 50).data.map { it.id }
        val before = sandbox.requestCount("GET", "/v1/spaces/${ids[7]}")
        val results = withContext(Dispatchers.Default) {
            (0 until 500).map { i -> async { spaces.get(ids[i % ids.size]) } }.awaitAll()
        }
        assertEquals(500, results.size)
        results.forEachIndexed { i, space -> assertEquals(ids[i % ids.size], space.id) }
        assertEquals(before + 10, sandbox.requestCount("GET", "/v1/spaces/${ids[7]}"), "each call was a request")
    }

    @Test
    fun `the version functions answer`() {
        assertEquals("0.1.0", sdkVersion())
        assertEquals("2025-11-08", apiVersion())
    }

    @Test
    fun `a bad page size fails when the flow is collected`(): Unit = runBlocking {
        val flow = spaces.all(pageSize = 0) // building the flow does nothing yet
        val error = assertFailsWith<AnytypeException.InvalidInput> { flow.toList() }
        assertIs<AnytypeException>(error)
        assertFailsWith<AnytypeException.InvalidInput> { spaces.pages(pageSize = 1001).toList() }
    }
}
