package dev.anytype.sdk

import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import java.io.File
import java.time.DayOfWeek
import java.time.Duration
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit
import java.time.temporal.TemporalAdjusters
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
    fun `the README's objects flow runs against a fresh space`(): Unit = Sandbox.start().use { sandbox ->
        runBlocking {
            val config = ClientConfig(baseUrl = sandbox.url)
            val auth = Auth(config)
            val client = AnytypeClient(auth.createApiKey(auth.createChallenge("KotlinTest"), Sandbox.CODE), config)
            // A fresh space has only the built-in types and properties, as a new account's does.
            val space = client.spaces().create(CreateSpaceRequest(name = "Projects")).id
            assertTrue(client.types(space).listAll().none { it.key == "task" })
            assertTrue(client.properties(space).listAll().none { it.key == "due_date" })

            // README:objects:begin
            // A new account has no task type and no due date: create them where they are missing.
            val properties = client.properties(space)
            if (properties.listAll().none { it.key == "due_date" }) {
                properties.create(CreatePropertyRequest(name = "Due date", format = PropertyFormat.Date, key = "due_date"))
            }
            val types = client.types(space)
            if (types.listAll().none { it.key == "task" }) {
                types.create(
                    CreateTypeRequest(
                        name = "Task", pluralName = "Tasks", layout = Layout.Action, key = "task",
                        properties = listOf(
                            PropertyLink("due_date", "Due date", PropertyFormat.Date),
                            PropertyLink("tag", "Tag", PropertyFormat.MultiSelect),
                        ),
                    ),
                )
            }
            // A multi-select value names existing tags (by key or id): create the two tags first.
            val tagProperty = properties.listAll().first { it.key == "tag" }
            val tags = client.tags(space, tagProperty.id)
            val work = tags.create(CreateTagRequest(name = "Work", color = Color.Blue))
            val urgent = tags.create(CreateTagRequest(name = "Urgent", color = Color.Red))

            val objects = client.objects(space)
            val due = Instant.now().plus(Duration.ofDays(7))
            val task = objects.create(
                CreateObjectRequest(
                    typeKey = "task",
                    name = "Write the report",
                    body = "# Outline\n\n- introduction\n- results",
                    properties = listOf(
                        PropertyInput.Date(key = "due_date", date = due),
                        PropertyInput.MultiSelect(key = "tag", tags = listOf(work.key, urgent.key)),
                    ),
                ),
            )

            objects.all().collect { obj -> println("${obj.name} (${obj.objectType?.name})") } // every object, as a Flow

            val fetched = objects.get(task.id) // get adds the markdown body
            val dueBack: Instant? = fetched.date("due_date") // the Instant sent, to the second
            println("due $dueBack, tags ${fetched.tags("tag").map { it.name }}")
            println(fetched.markdown)

            val untagged = objects.update(
                task.id,
                UpdateObjectRequest(properties = listOf(PropertyInput.Clear(key = "tag", format = PropertyFormat.MultiSelect))),
            )
            objects.delete(task.id) // archives it
            val archived = objects.get(task.id).archived // true
            // README:objects:end

            assertEquals(Layout.Action, types.listAll().first { it.key == "task" }.layout)
            assertEquals(1, properties.listAll().count { it.key == "due_date" }, "created once")
            assertEquals("Write the report", task.name)
            assertEquals("task", task.objectType?.key)
            assertEquals(due.truncatedTo(ChronoUnit.SECONDS), dueBack)
            assertEquals(listOf("Work", "Urgent"), fetched.tags("tag").map { it.name })
            assertEquals(listOf(work, urgent), fetched.tags("tag"))
            // One line per block (the server drops the blank lines and pads each line with spaces).
            assertEquals(
                listOf("# Outline", "- introduction", "- results"),
                fetched.markdown?.lines()?.map { it.trimEnd() }?.filter { it.isNotEmpty() },
            )
            assertEquals(emptyList(), untagged.tags("tag"))
            assertEquals(dueBack, untagged.date("due_date"), "clearing the tags leaves the due date")
            assertTrue(archived)
            assertTrue(objects.listAll().none { it.id == task.id }, "an archived object leaves the list")
            client.close()
        }
    }

    @Test
    fun `the README's search runs against a demo space`(): Unit = Sandbox.start().use { sandbox ->
        runBlocking {
            val config = ClientConfig(baseUrl = sandbox.url)
            val auth = Auth(config)
            val client = AnytypeClient(auth.createApiKey(auth.createChallenge("KotlinTest"), Sandbox.CODE), config)
            // The demo space "Work" has the task type with `done`, `due_date` and `tag`.
            val space = client.spaces().listAll().first { it.name == "Work" }.id
            val tagProperty = client.properties(space).listAll().first { it.key == "tag" }
            val tags = client.tags(space, tagProperty.id)
            val work = tags.create(CreateTagRequest(name = "Work", color = Color.Blue))
            val urgent = tags.create(CreateTagRequest(name = "Urgent", color = Color.Red))
            val someday = tags.create(CreateTagRequest(name = "Someday", color = Color.Grey))
            val deadline = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.FRIDAY))
            val midnight = deadline.atStartOfDay(ZoneOffset.UTC).toInstant()

            // Tasks on either side of each condition; the ones that match are made a second apart,
            // so that "newest first" has one answer.
            class Made(val task: Object, val done: Boolean, val due: Instant, val tags: List<Tag>)
            val objects = client.objects(space)
            suspend fun task(name: String, done: Boolean, due: Instant, vararg tagged: Tag): Made {
                val values = listOf(
                    PropertyInput.Checkbox("done", done),
                    PropertyInput.Date("due_date", due),
                    PropertyInput.MultiSelect("tag", tagged.map { it.id }),
                )
                val made = objects.create(CreateObjectRequest(typeKey = "task", name = name, properties = values))
                return Made(made, done, due, tagged.toList())
            }
            val day = Duration.ofDays(1)
            val made = mutableListOf<Made>()
            made += task("Draft the budget", false, midnight.minus(day), work)
            made += task("File the receipts", true, midnight.minus(day), work, urgent)
            made += task("Plan the offsite", false, midnight.plus(day), urgent)
            made += task("Water the plants", false, midnight.minus(day), someday)
            made += task("Ship the release", false, midnight, work)
            delay(1100)
            made += task("Call the printer", false, midnight.minusSeconds(1), urgent, someday)
            delay(1100)
            made += task("Book the flights", false, midnight.minus(day.multipliedBy(30)), work, urgent)
            val matching = made.filter { !it.done && it.due < midnight && (work in it.tags || urgent in it.tags) }
            val expected = matching.reversed().map { it.task.id } // made in this order: newest last
            assertEquals(3, expected.size, "the test's own reckoning")
            val created = matching.map { it.task.date("created_date") }
            assertEquals(created.sortedBy { it }, created.distinct(), "made at distinct, increasing created dates: $created")

            // README:search:begin
            // Every task that is not done, due before Friday, tagged Work or Urgent, newest first:
            val friday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.FRIDAY))
            val tasks = client.objects(space).searchAll(
                SearchRequest(
                    types = listOf("task"),
                    filter = allOf {
                        checkbox("done") eq false
                        date("due_date") lt friday // a LocalDate is its midnight UTC; an Instant works too
                        multiSelect("tag") hasAnyOf listOf(work, urgent)
                    },
                    sort = Sort.desc(SortProperty.CREATED_DATE),
                ),
            )
            tasks.forEach { println("${it.name}: due ${it.date("due_date")}, tags ${it.tags("tag").map { tag -> tag.name }}") }
            // README:search:end

            assertEquals(deadline, friday, "the day did not change under the test")
            assertEquals(expected, tasks.map { it.id })
            client.close()
        }
    }

    @Test
    fun `the README shows the search exactly as tested`() {
        assertReadmeBlock("search")
    }

    @Test
    fun `the README shows the quickstart exactly as tested`() {
        assertReadmeBlock("quickstart")
    }

    @Test
    fun `the README shows the objects flow exactly as tested`() {
        assertReadmeBlock("objects")
    }

    @Test
    fun `the README's files and chat bot run against the sandbox`(): Unit = Sandbox.start().use { sandbox ->
        runBlocking {
            val config = ClientConfig(baseUrl = sandbox.url)
            val auth = Auth(config)
            val client = AnytypeClient(auth.createApiKey(auth.createChallenge("KotlinTest"), Sandbox.CODE), config)
            val spaceId = client.spaces().list(0, 1).data[0].id
            val folder = java.nio.file.Files.createTempDirectory("anytype-readme").toString()
            File("$folder/report.pdf").writeBytes(ByteArray(10_000) { it.toByte() })

            // README:chat:begin
            val files = client.files(spaceId)
            val uploaded = files.upload("$folder/report.pdf")          // streamed from disk
            files.download(uploaded.objectId, "$folder/copy.pdf")     // streamed to disk, via copy.pdf.part

            val chats = client.chats(spaceId)
            val chat = chats.create(CreateChatRequest(name = "Bots"))
            chats.addMessage(chat.id, NewMessage(text = "ping"))
            // A cold Flow: reconnects by itself after a drop and fills the gap (every message
            // once, in order); the connection closes when the collection ends.
            val answered = chats.events(chat.id)
                .filterIsInstance<ChatEvent.MessageAdded>()
                .map { it.message }
                .onEach { message ->
                    if (message.content.text == "ping") {
                        chats.addMessage(chat.id, NewMessage(text = "pong", replyToMessageId = message.id))
                    }
                }
                .first { it.content.text == "pong" }
            // README:chat:end

            assertEquals("pong", answered.content.text)
            assertTrue(answered.replyToMessageId != null)
            assertEquals(10_000, File("$folder/copy.pdf").readBytes().size)
        }
    }

    @Test
    fun `the README shows the files and chat bot exactly as tested`() {
        assertReadmeBlock("chat")
    }

    @Test
    fun `the README shows the Java example exactly as consumer-test runs it`() {
        val dir = File(System.getProperty("anytype.kotlin.dir") ?: ".")
        val source = File(dir, "consumer-test/src/main/java/example/Main.java").readText()
        val fromSource = source.substringAfter("// README:java:begin\n").substringBefore("        // README:java:end")
        val readme = File(dir, "README.md").readText()
        val fromReadme = readme
            .substringAfter("<!-- java: kept equal to consumer-test/src/main/java/example/Main.java -->\n```java\n", "")
            .substringBefore("```")
        assertTrue(fromSource.lines().size > 10, "found the java block in Main.java")
        assertEquals(fromSource.trimIndent(), fromReadme.trimIndent(), "README.md's Java example differs from consumer-test")
        // The README's dependency is what consumer-test depends on, by its coordinates alone.
        val dependency = readme.substringAfter("```xml\n").substringBefore("```").trim()
        val pom = File(dir, "consumer-test/pom.xml").readText()
        val flatPom = pom.lines().joinToString("") { it.trim() }
        assertTrue(dependency.lines().map { it.trim() }.joinToString("") in flatPom, dependency)
        // The README's <repositories> entry for dist/maven is what consumer-test declares (its profile for
        // scripts/package/jar.sh --test), the folder's path aside.
        val repositories = readme.substringAfter("```xml\n<repositories>", "").substringBefore("```").trim()
        assertTrue("file:///path/to/dist/maven" in repositories, "the README's <repositories> block: $repositories")
        val declared = ("<repositories>" + repositories).replace("file:///path/to/dist/maven", "\${anytype.maven.repo}")
        assertTrue(declared.lines().joinToString("") { it.trim() } in flatPom, declared)
    }

    /** The README's block after `<!-- NAME: kept equal to QuickstartTest.kt -->` is this file's `README:NAME` part. */
    private fun assertReadmeBlock(name: String) {
        val dir = File(System.getProperty("anytype.kotlin.dir") ?: ".")
        val test = File(dir, "src/test/kotlin/dev/anytype/sdk/QuickstartTest.kt").readText()
        val fromTest = test.substringAfter("// README:$name:begin\n").substringBefore("            // README:$name:end")
        val readme = File(dir, "README.md").readText()
        val fromReadme = readme.substringAfter("<!-- $name: kept equal to QuickstartTest.kt -->\n```kotlin\n", "")
            .substringBefore("```")
        assertTrue(fromTest.lines().size > 10, "found the $name block in the test")
        assertEquals(fromTest.trimIndent(), fromReadme.trimIndent(), "README.md's $name block differs from QuickstartTest.kt")
    }
}
