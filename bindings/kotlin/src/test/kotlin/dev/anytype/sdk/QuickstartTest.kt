package dev.anytype.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The README's quickstart, run for real against a fresh sandbox, and a check that both say the same. */
class QuickstartTest {
    @Test
    fun `the README quickstart runs against the sandbox`(): Unit = Sandbox.start().use { sandbox ->
        runBlocking {
            val url = sandbox.url
            val code = Sandbox.CODE

            // README:quickstart:begin
            val config = ClientConfig(baseUrl = url) // the desktop app: http://127.0.0.1:31009 (the default)
            val auth = Auth(config)
            val challengeId = auth.createChallenge("KotlinTest")
            val apiKey = auth.createApiKey(challengeId, code) // code: the 4 digits the app shows
            val client = AnytypeClient(apiKey, config)
            val spaces = client.spaces()

            val page = spaces.list(offset = 0, limit = 2)
            println("${page.data.size} of ${page.pagination.total} spaces, more: ${page.pagination.hasMore}")

            val everything = spaces.listAll() // every space in one list...
            spaces.all(pageSize = 100).collect { space -> println(space.name) } // ...or as a Flow

            val created = spaces.create(CreateSpaceRequest(name = "Research", description = "Papers and notes"))
            val renamed = spaces.update(created.id, UpdateSpaceRequest(name = "Research 2025"))
            val fetched = spaces.get(created.id)

            val missing = try {
                spaces.get("no-such-space")
            } catch (e: AnytypeException.NotFound) {
                println("no such space: ${e.detail}")
                null
            }
            // README:quickstart:end

            assertTrue(challengeId.isNotBlank())
            assertTrue(apiKey.isNotBlank())
            assertEquals(2, page.data.size)
            assertEquals(3L, page.pagination.total)
            assertEquals(0L, page.pagination.offset)
            assertEquals(2L, page.pagination.limit)
            assertTrue(page.pagination.hasMore)
            assertEquals(3, everything.size)
            assertEquals(page.data, everything.take(2))
            assertEquals("Research", created.name)
            assertEquals("Papers and notes", created.description)
            assertEquals(created.id, renamed.id)
            assertEquals("Research 2025", renamed.name)
            assertEquals("Papers and notes", renamed.description, "update leaves unnamed fields alone")
            assertEquals(renamed, fetched)
            assertNull(missing)
            assertEquals(4, spaces.listAll().size)
            assertEquals(1L, sandbox.requestCount("GET", "/v1/spaces/no-such-space"))
        }
    }

    @Test
    fun `the README shows the quickstart exactly as tested`() {
        val dir = File(System.getProperty("anytype.kotlin.dir") ?: ".")
        val test = File(dir, "src/test/kotlin/dev/anytype/sdk/QuickstartTest.kt").readText()
        val fromTest = test.substringAfter("// README:quickstart:begin\n").substringBefore("            // README:quickstart:end")
        val readme = File(dir, "README.md").readText()
        val fromReadme = readme.substringAfter("<!-- quickstart: kept equal to QuickstartTest.kt -->\n```kotlin\n")
            .substringBefore("```")
        assertTrue(fromTest.lines().size > 10, "found the quickstart in the test")
        assertEquals(fromTest.trimIndent(), fromReadme.trimIndent(), "README.md quickstart differs from QuickstartTest.kt")
    }
}
