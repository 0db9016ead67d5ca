package dev.anytype.sdk

import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Objects, templates and members through Kotlin's idiom, against a sandbox: reads and paging in the
 * demo space "Personal" (7 objects, a `task` type with a template, 3 members), writes in the demo
 * space "Work" (which has the `task` type, `status`, `due_date`, `done` and `tag`).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectsTest {
    private lateinit var sandbox: Sandbox
    private lateinit var config: ClientConfig
    private lateinit var apiKey: String
    private lateinit var client: AnytypeClient
    private lateinit var personal: String
    private lateinit var work: String

    @BeforeAll
    fun start() = runBlocking {
        sandbox = Sandbox.start()
        config = ClientConfig(baseUrl = sandbox.url)
        val auth = Auth(config)
        apiKey = auth.createApiKey(auth.createChallenge("KotlinObjects"), Sandbox.CODE)
        client = AnytypeClient(apiKey, config)
        val spaces = client.spaces().listAll()
        personal = spaces.first { it.name == "Personal" }.id
        work = spaces.first { it.name == "Work" }.id
    }

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    /**
     * The markdown's lines, as the server gives them back: it writes one line per block, drops the
     * blank lines between blocks and ends each line with spaces.
     */
    private fun String.normalized(): List<String> = lines().map { it.trimEnd() }.filter { it.isNotEmpty() }

    // ------------------------------------------------------------------ reading and paging

    @Test
    fun `a page of objects, and all() over several pages`(): Unit = runBlocking {
        val objects = client.objects(personal)
        val path = "/v1/spaces/$personal/objects"
        val page = objects.list(offset = 0, limit = 3)
        assertEquals(3, page.data.size)
        assertEquals(Pagination(total = 7, offset = 0, limit = 3, hasMore = true), page.pagination)
        assertTrue(page.data.all { it.spaceId == personal && it.markdown == null }, "lists carry no markdown")

        val everything = objects.listAll(pageSize = 1000)
        assertEquals(7, everything.size)
        assertEquals(page.data, everything.take(3))

        val before = sandbox.requestCount("GET", path)
        val flow = objects.all(pageSize = 3)
        assertEquals(before, sandbox.requestCount("GET", path), "the flow is cold")
        assertEquals(everything, flow.toList())
        assertEquals(before + 3, sandbox.requestCount("GET", path), "7 objects in pages of 3: 3 requests")
        assertEquals(listOf(3, 3, 1), objects.pages(pageSize = 3).map { it.data.size }.toList())
        assertEquals(everything.map { it.id }, objects.all().map { it.id }.toList(), "the default page size")

        objects.pager(pageSize = 1000).use { pager ->
            assertEquals(everything, pager.nextPage()?.data)
            assertNull(pager.nextPage())
        }
    }

    @Test
    fun `get adds the markdown to what the list gives`(): Unit = runBlocking {
        val objects = client.objects(personal)
        val listed = objects.listAll().first { it.objectType?.key == "task" && it.select("status")?.key == "open" }
        val fetched = objects.get(listed.id)
        assertEquals(listed.id, fetched.id)
        assertEquals(listed.name, fetched.name)
        assertEquals(listed.objectType, fetched.objectType)
        assertEquals(Layout.Action, fetched.layout)
        assertNotNull(fetched.markdown, "get gives the body")
        // The record's accessors read the same values as the properties list.
        val due = assertIs<Value.Date>(fetched.value("due_date")).date
        assertEquals(due, fetched.date("due_date"))
        assertEquals(fetched.property("status")?.value, Value.Select(fetched.select("status")))
        assertEquals(listed.date("due_date"), fetched.date("due_date"))
        assertEquals(false, fetched.checkbox("done"))
        assertNull(fetched.checkbox("due_date"), "not a checkbox property")
        assertNull(fetched.date("no_such_property"))
        assertEquals(emptyList(), fetched.tags("no_such_property"))
    }

    // ------------------------------------------------------------------ writing

    @Test
    fun `a task round-trips a due date, two tags and a markdown body, then clears and archives`(): Unit = runBlocking {
        val tagProperty = client.properties(work).listAll().first { it.key == "tag" }
        val tags = client.tags(work, tagProperty.id)
        val first = tags.create(CreateTagRequest(name = "Kotlin first", color = Color.Teal))
        val second = tags.create(CreateTagRequest(name = "Kotlin second", color = Color.Pink))
        val open = client.tags(work, client.properties(work).listAll().first { it.key == "status" }.id)
            .listAll().first { it.name == "Open" }

        val objects = client.objects(work)
        val due = Instant.now().plus(Duration.ofDays(3)).plusMillis(321)
        val body = "# Plan\n\nSome *text*.\n\n- one\n- two"
        val created = objects.create(
            CreateObjectRequest(
                typeKey = "task",
                name = "Kotlin task",
                body = body,
                properties = listOf(
                    PropertyInput.Date(key = "due_date", date = due),
                    PropertyInput.MultiSelect(key = "tag", tags = listOf(first.key, second.id)), // by key or id
                    PropertyInput.Select(key = "status", tag = open.key),
                    PropertyInput.Checkbox(key = "done", checked = true),
                ),
            ),
        )
        assertEquals("Kotlin task", created.name)
        assertEquals("task", created.objectType?.key)
        assertEquals(work, created.spaceId)

        val fetched = objects.get(created.id)
        assertEquals(due.truncatedTo(ChronoUnit.SECONDS), fetched.date("due_date"), "the date sent, to the second")
        assertEquals(listOf("Kotlin first", "Kotlin second"), fetched.tags("tag").map { it.name })
        assertEquals(listOf(Color.Teal, Color.Pink), fetched.tags("tag").map { it.color })
        assertEquals(listOf(first, second), fetched.tags("tag"), "the tags as created")
        assertEquals(open, fetched.select("status"))
        assertEquals(true, fetched.checkbox("done"))
        assertEquals(body.normalized(), fetched.markdown?.normalized())
        assertEquals(created.date("due_date"), fetched.date("due_date"))
        assertTrue(created.id in objects.listAll().map { it.id })

        // Clear the tags and the due date: they read empty afterwards.
        val cleared = objects.update(
            created.id,
            UpdateObjectRequest(
                name = "Kotlin task, cleared",
                properties = listOf(
                    PropertyInput.Clear(key = "tag", format = PropertyFormat.MultiSelect),
                    PropertyInput.Clear(key = "due_date", format = PropertyFormat.Date),
                ),
            ),
        )
        assertEquals("Kotlin task, cleared", cleared.name)
        assertEquals(emptyList(), cleared.tags("tag"))
        assertNull(cleared.date("due_date"))
        val again = objects.get(created.id)
        assertEquals(emptyList(), again.tags("tag"))
        assertNull(again.date("due_date"))
        assertEquals(open, again.select("status"), "an update leaves the other values alone")

        // New markdown replaces the body.
        val rewritten = objects.update(created.id, UpdateObjectRequest(markdown = "Just one line"))
        assertEquals(listOf("Just one line"), rewritten.markdown?.normalized())
        assertEquals("Kotlin task, cleared", rewritten.name)

        // Delete archives it: get still answers, archived, and lists leave it out.
        val deleted = objects.delete(created.id)
        assertEquals(created.id, deleted.id)
        assertTrue(objects.get(created.id).archived)
        assertFalse(created.id in objects.listAll().map { it.id })
    }

    /** One line per value, by an exhaustive `when` over the sealed [Value] (no `else`). */
    private fun describe(value: Value): String = when (value) {
        is Value.Text -> "text ${value.text}"
        is Value.Number -> "number ${value.number}"
        is Value.Select -> "select ${value.tag?.name}"
        is Value.MultiSelect -> "multi_select ${value.tags.map { it.name }}"
        is Value.Date -> "date ${value.date}"
        is Value.Files -> "files ${value.files.size}"
        is Value.Checkbox -> "checkbox ${value.checked}"
        is Value.Url -> "url ${value.url}"
        is Value.Email -> "email ${value.email}"
        is Value.Phone -> "phone ${value.phone}"
        is Value.Objects -> "objects ${value.objects.size}"
        is Value.Other -> "other ${value.format}"
    }

    @Test
    fun `values of every kind, read with an exhaustive when`(): Unit = runBlocking {
        val objects = client.objects(work)
        val date = Instant.parse("2030-05-06T07:08:09Z")
        val created = objects.create(
            CreateObjectRequest(
                typeKey = "page",
                name = "Kotlin values",
                properties = listOf(
                    PropertyInput.Text(key = "description", text = "A page of values"),
                    PropertyInput.Url(key = "source", url = "https://anytype.io/"),
                    PropertyInput.Number(key = "focal_ratio", number = 1.8),
                    PropertyInput.Date(key = "due_date", date = date),
                    PropertyInput.Checkbox(key = "done", checked = true),
                ),
            ),
        )
        val fetched = objects.get(created.id)
        val described = fetched.properties.associate { it.key to describe(it.value) }
        assertEquals("text A page of values", described["description"])
        assertEquals("url https://anytype.io/", described["source"])
        assertEquals("number 1.8", described["focal_ratio"])
        assertEquals("date $date", described["due_date"])
        assertEquals("checkbox true", described["done"])
        assertEquals("A page of values", fetched.text("description"))
        assertEquals("https://anytype.io/", fetched.text("source"), "text() reads urls too")
        assertEquals(1.8, fetched.number("focal_ratio"))
        // Each value's format matches its variant.
        for (property in fetched.properties) {
            val expected = when (property.format) {
                PropertyFormat.Text -> Value.Text::class
                PropertyFormat.Number -> Value.Number::class
                PropertyFormat.Select -> Value.Select::class
                PropertyFormat.MultiSelect -> Value.MultiSelect::class
                PropertyFormat.Date -> Value.Date::class
                PropertyFormat.Files -> Value.Files::class
                PropertyFormat.Checkbox -> Value.Checkbox::class
                PropertyFormat.Url -> Value.Url::class
                PropertyFormat.Email -> Value.Email::class
                PropertyFormat.Phone -> Value.Phone::class
                PropertyFormat.Objects -> Value.Objects::class
                is PropertyFormat.Other -> Value.Other::class
            }
            assertEquals(expected, property.value::class, "${property.key}: ${property.value}")
        }
        objects.delete(created.id)
    }

    /** An exhaustive `when` over an open enum: the known values, and `Other` for newer ones. */
    private fun hex(color: Color): String = when (color) {
        Color.Grey -> "#aca996"
        Color.Yellow -> "#ecd91b"
        Color.Orange -> "#ffb522"
        Color.Red -> "#f55522"
        Color.Pink -> "#e51ca0"
        Color.Purple -> "#ab50cc"
        Color.Blue -> "#3e58eb"
        Color.Ice -> "#2aa7ee"
        Color.Teal -> "#0fc8ba"
        Color.Lime -> "#5dd400"
        is Color.Other -> "unknown colour ${color.value}"
    }

    @Test
    fun `open enums, when over the known values and Other`(): Unit = runBlocking {
        val tagProperty = client.properties(personal).listAll().first { it.key == "tag" }
        val colors = client.tags(personal, tagProperty.id).listAll().associate { it.name to it.color }
        assertEquals(Color.Orange, colors["Important"])
        assertEquals("#ffb522", hex(colors.getValue("Important")))
        assertEquals("unknown colour magenta", hex(Color.Other("magenta")))
        assertEquals(Color.Other("magenta"), Color.Other("magenta"), "Other compares by value")

        val members = client.members(personal).listAll()
        val roles = members.map { member ->
            when (val role = member.role) {
                MemberRole.Owner -> "owner"
                MemberRole.Admin -> "admin"
                MemberRole.Editor -> "editor"
                MemberRole.Viewer -> "viewer"
                MemberRole.NoPermission -> "none"
                is MemberRole.Other -> "other ${role.value}"
            }
        }
        assertTrue("owner" in roles && "editor" in roles, "$roles")
        assertTrue(members.all { it.status == MemberStatus.Active }, "$members")
    }

    // ------------------------------------------------------------------ templates and members

    @Test
    fun `templates of a type, list and get`(): Unit = runBlocking {
        val task = client.types(personal).listAll().first { it.key == "task" }
        val templates = client.templates(personal, task.id)
        val page = templates.list()
        assertTrue(page.data.isNotEmpty(), "the demo task type has a template")
        assertEquals(page.data.size.toLong(), page.pagination.total)
        val template = page.data.first()
        val fetched = templates.get(template.id)
        assertEquals(template.id, fetched.id)
        assertEquals(template.name, fetched.name)
        assertNotNull(fetched.markdown)
        assertEquals(page.data, templates.all(pageSize = 1).toList())
        assertEquals(page.data, templates.listAll())
    }

    @Test
    fun `members of a space, list, all and get`(): Unit = runBlocking {
        val members = client.members(personal)
        val page = members.list(limit = 2)
        assertEquals(2, page.data.size)
        assertEquals(Pagination(total = 3, offset = 0, limit = 2, hasMore = true), page.pagination)
        val everyone = members.all(pageSize = 2).toList()
        assertEquals(3, everyone.size)
        assertEquals(page.data, everyone.take(2))
        assertEquals(listOf(2, 1), members.pages(pageSize = 2).map { it.data.size }.toList())
        for (member in everyone) assertEquals(member, members.get(member.id))
        assertTrue(everyone.all { it.identity.isNotBlank() && it.id.isNotBlank() })
    }

    // ------------------------------------------------------------------ errors

    @Test
    fun `empty ids and bad values raise InvalidInput before anything is sent`(): Unit = runBlocking {
        val before = sandbox.apiRequestCount()
        suspend fun field(call: suspend () -> Any): String = assertFailsWith<AnytypeException.InvalidInput> { call() }.field

        assertEquals("space_id", field { client.objects("").list() })
        assertEquals("space_id", field { client.objects(" ").get("x") })
        assertEquals("space_id", field { client.members("").listAll() })
        assertEquals("space_id", field { client.objects("").all().toList() })
        assertEquals("object_id", field { client.objects(work).get("") })
        assertEquals("object_id", field { client.objects(work).update("", UpdateObjectRequest(name = "x")) })
        assertEquals("object_id", field { client.objects(work).delete("") })
        assertEquals("member_id", field { client.members(work).get("") })
        assertEquals("type_id", field { client.templates(work, "").list() })
        assertEquals("template_id", field { client.templates(work, "some-type").get("") })
        assertEquals("property_id", field { client.tags(work, "").list() })
        assertEquals("type_key", field { client.objects(work).create(CreateObjectRequest(typeKey = "")) })
        assertEquals("limit", field { client.objects(work).list(limit = 0) })

        val nan = CreateObjectRequest(typeKey = "page", properties = listOf(PropertyInput.Number(key = "focal_ratio", number = Double.NaN)))
        assertEquals("properties[0] (focal_ratio, number)", field { client.objects(work).create(nan) })
        val badUrl = UpdateObjectRequest(properties = listOf(PropertyInput.Text("description", "ok"), PropertyInput.Url("source", "not a url")))
        assertEquals("properties[1] (source, url)", field { client.objects(work).update("some-object", badUrl) })
        val unknownClear = UpdateObjectRequest(properties = listOf(PropertyInput.Clear("x", PropertyFormat.Other("hologram"))))
        assertEquals("properties[0] (x, hologram)", field { client.objects(work).update("some-object", unknownClear) })

        assertEquals(before, sandbox.apiRequestCount(), "nothing was sent: ${sandbox.stats()}")
    }

    @Test
    fun `a missing object is NotFound with the real server's 500, a missing space NotFound 404`(): Unit = runBlocking {
        val missing = assertFailsWith<AnytypeException.NotFound> { client.objects(work).get("bafy-no-such-object") }
        assertEquals(500, missing.status)
        assertEquals("failed to retrieve object", missing.detail)
        val noSpace = assertFailsWith<AnytypeException.NotFound> { client.objects("bafy-no-such-space").list() }
        assertEquals(404, noSpace.status)
        assertFailsWith<AnytypeException.NotFound> { client.objects("bafy-no-such-space").get("bafy-no-such-object") }
    }

    // ------------------------------------------------------------------ the blocking twins

    @Test
    fun `the blocking twins create, get, list and delete objects`() {
        BlockingAnytypeClient(apiKey, config).use { blocking ->
            val objects: BlockingObjects = blocking.objects(work)
            val due = Instant.parse("2031-01-02T03:04:05.678Z")
            val created = objects.create(
                CreateObjectRequest(
                    typeKey = "task",
                    name = "Blocking task",
                    body = "From a thread",
                    properties = listOf(PropertyInput.Date(key = "due_date", date = due)),
                ),
            )
            val fetched = objects.get(created.id)
            assertEquals("Blocking task", fetched.name)
            assertEquals(Instant.parse("2031-01-02T03:04:05Z"), fetched.date("due_date"))
            assertEquals(listOf("From a thread"), fetched.markdown?.normalized())

            val listed = objects.all(pageSize = 2).toList()
            assertEquals(objects.listAll(), listed)
            assertTrue(created.id in listed.map { it.id })
            assertEquals(listed.size, objects.pages(pageSize = 2).sumOf { it.data.size })
            val fromSuspend = runBlocking { client.objects(work).listAll() }
            assertEquals(fromSuspend, listed, "both twins give the same records")

            assertEquals(created.id, objects.delete(created.id).id)
            assertTrue(objects.get(created.id).archived)
            val missing = assertFailsWith<AnytypeException.NotFound> { objects.get("bafy-no-such-object") }
            assertEquals(500, missing.status)
            assertEquals("object_id", assertFailsWith<AnytypeException.InvalidInput> { objects.get("") }.field)

            // The other blocking resources answer as their suspend twins do.
            assertEquals(3, blocking.members(personal).all().count())
            val task = blocking.types(personal).all().first { it.key == "task" }
            assertTrue(blocking.templates(personal, task.id).all().any())
            assertTrue(blocking.properties(personal).all().any { it.key == "due_date" })
        }
    }

    // ------------------------------------------------------------------ how the records print

    @Test
    fun `records and data-class variants print their fields`() {
        assertEquals("Text(text=hello)", Value.Text("hello").toString())
        assertEquals("Other(value=magenta)", Color.Other("magenta").toString())
        val tag = Tag(id = "t1", key = "work", name = "Work", color = Color.Other("x"))
        assertEquals("Tag(id=t1, key=work, name=Work, color=Other(value=x))", tag.toString())
        assertEquals(
            "Date(key=due_date, date=2030-05-06T07:08:09Z)",
            PropertyInput.Date("due_date", Instant.parse("2030-05-06T07:08:09Z")).toString(),
        )
    }
}
