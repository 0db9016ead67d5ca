package dev.anytype.sdk

import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/**
 * Types, properties and tags: list, get, create, update, delete, through Kotlin's idiom, against a
 * sandbox. Reads in the demo space "Personal" (12 types, 30 properties); writes in a space of
 * their own, created fresh (only the built-in types and properties).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypesPropertiesTagsTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: AnytypeClient
    private lateinit var personal: String
    private lateinit var fresh: String

    @BeforeAll
    fun start() = runBlocking {
        sandbox = Sandbox.start()
        val config = ClientConfig(baseUrl = sandbox.url)
        val auth = Auth(config)
        client = AnytypeClient(auth.createApiKey(auth.createChallenge("KotlinTypes"), Sandbox.CODE), config)
        personal = client.spaces().listAll().first { it.name == "Personal" }.id
        fresh = client.spaces().create(CreateSpaceRequest(name = "Kotlin types")).id
    }

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    // ------------------------------------------------------------------ types

    @Test
    fun `types, a page, all() over several pages, get`(): Unit = runBlocking {
        val types = client.types(personal)
        val path = "/v1/spaces/$personal/types"
        val page = types.list(offset = 0, limit = 5)
        assertEquals(5, page.data.size)
        assertEquals(Pagination(total = 12, offset = 0, limit = 5, hasMore = true), page.pagination)

        val before = sandbox.requestCount("GET", path)
        val everything = types.all(pageSize = 5).toList()
        assertEquals(before + 3, sandbox.requestCount("GET", path), "12 types in pages of 5: 3 requests")
        assertEquals(12, everything.size)
        assertEquals(page.data, everything.take(5))
        assertEquals(everything, types.listAll())
        assertEquals(listOf(5, 5, 2), types.pages(pageSize = 5).map { it.data.size }.toList())

        val task = everything.first { it.key == "task" }
        assertEquals(task, types.get(task.id))
        assertEquals(Layout.Action, task.layout)
        assertTrue(task.properties.map { it.key }.containsAll(listOf("status", "due_date", "done", "tag")), "${task.properties}")
    }

    @Test
    fun `types, create, update, delete`(): Unit = runBlocking {
        val types = client.types(fresh)
        val created = types.create(
            CreateTypeRequest(
                name = "Recipe",
                pluralName = "Recipes",
                layout = Layout.Basic,
                key = "kotlin_recipe",
                icon = Icon.Emoji("🍲"),
                properties = listOf(
                    PropertyLink(key = "kotlin_servings", name = "Servings", format = PropertyFormat.Number),
                    PropertyLink(key = "tag", name = "Tag", format = PropertyFormat.MultiSelect),
                ),
            ),
        )
        assertEquals("Recipe", created.name)
        assertEquals("Recipes", created.pluralName)
        assertEquals("kotlin_recipe", created.key)
        assertEquals(Layout.Basic, created.layout)
        assertEquals(Icon.Emoji("🍲"), created.icon)
        val servings = created.properties.first { it.key == "kotlin_servings" }
        assertEquals(PropertyFormat.Number, servings.format)
        assertEquals("Servings", servings.name)
        assertEquals(created, types.get(created.id))
        // The new link made the property too.
        assertEquals(servings, client.properties(fresh).get(servings.id))

        val renamed = types.update(created.id, UpdateTypeRequest(name = "Dish", layout = Layout.Note))
        assertEquals(created.id, renamed.id)
        assertEquals("Dish", renamed.name)
        assertEquals(Layout.Note, renamed.layout)
        assertEquals("Recipes", renamed.pluralName, "an update leaves unnamed fields alone")
        assertEquals(renamed, types.get(created.id))
        assertTrue(types.listAll().any { it.id == created.id && it.name == "Dish" })

        val deleted = types.delete(created.id)
        assertEquals(created.id, deleted.id)
        assertFalse(types.listAll().any { it.id == created.id && !it.archived }, "a deleted type is gone from the list or archived")
    }

    // ------------------------------------------------------------------ properties

    @Test
    fun `properties, a page, all() over several pages, get`(): Unit = runBlocking {
        val properties = client.properties(personal)
        val page = properties.list(limit = 12)
        assertEquals(12, page.data.size)
        assertEquals(30L, page.pagination.total)
        val everything = properties.all(pageSize = 12).toList()
        assertEquals(30, everything.size)
        assertEquals(page.data, everything.take(12))
        assertEquals(listOf(12, 12, 6), properties.pages(pageSize = 12).map { it.data.size }.toList())
        val due = everything.first { it.key == "due_date" }
        assertEquals(PropertyFormat.Date, due.format)
        assertEquals(due, properties.get(due.id))
    }

    @Test
    fun `properties, create with tags, update, delete`(): Unit = runBlocking {
        val properties = client.properties(fresh)
        val created = properties.create(
            CreatePropertyRequest(
                name = "Priority",
                format = PropertyFormat.Select,
                key = "kotlin_priority",
                tags = listOf(
                    CreateTagRequest(name = "High", color = Color.Red),
                    CreateTagRequest(name = "Low", color = Color.Lime, key = "kotlin_low"),
                ),
            ),
        )
        assertEquals("Priority", created.name)
        assertEquals("kotlin_priority", created.key)
        assertEquals(PropertyFormat.Select, created.format)
        assertEquals(created, properties.get(created.id))
        assertTrue(created in properties.listAll())
        val tags = client.tags(fresh, created.id).listAll()
        assertEquals(mapOf("High" to Color.Red, "Low" to Color.Lime), tags.associate { it.name to it.color })
        assertEquals("kotlin_low", tags.first { it.name == "Low" }.key)

        val renamed = properties.update(created.id, UpdatePropertyRequest(name = "Urgency"))
        assertEquals(created.id, renamed.id)
        assertEquals("Urgency", renamed.name)
        assertEquals("kotlin_priority", renamed.key, "the key stays unless given")
        assertEquals(PropertyFormat.Select, renamed.format)
        assertEquals(renamed, properties.get(created.id))

        val plain = properties.create(CreatePropertyRequest(name = "Calories", format = PropertyFormat.Number))
        assertEquals(PropertyFormat.Number, plain.format)
        assertTrue(plain.key.isNotBlank())

        assertEquals(created.id, properties.delete(created.id).id)
        assertEquals(plain.id, properties.delete(plain.id).id)
        val left = properties.listAll().map { it.id }
        assertFalse(created.id in left || plain.id in left, "deleted properties leave the list")
    }

    // ------------------------------------------------------------------ tags

    @Test
    fun `tags, list, get, create, update, delete`(): Unit = runBlocking {
        val tagProperty = client.properties(fresh).listAll().first { it.key == "tag" }
        val tags = client.tags(fresh, tagProperty.id)
        val before = tags.listAll()

        val names = listOf("Alpha", "Beta", "Gamma")
        val made = names.mapIndexed { i, name -> tags.create(CreateTagRequest(name = name, color = Color.Blue, key = "kotlin_${name.lowercase()}_$i")) }
        assertEquals(names, made.map { it.name })
        assertEquals(listOf("kotlin_alpha_0", "kotlin_beta_1", "kotlin_gamma_2"), made.map { it.key })
        assertTrue(made.all { it.color == Color.Blue })
        for (tag in made) assertEquals(tag, tags.get(tag.id))

        val page = tags.list(offset = 0, limit = 2)
        assertEquals(2, page.data.size)
        assertEquals((before.size + 3).toLong(), page.pagination.total)
        val all = tags.all(pageSize = 2).toList()
        assertEquals(before + made, all)
        assertEquals(all, tags.listAll())

        val recoloured = tags.update(made[1].id, UpdateTagRequest(color = Color.Purple))
        assertEquals("Beta", recoloured.name, "an update leaves unnamed fields alone")
        assertEquals(Color.Purple, recoloured.color)
        val renamed = tags.update(made[1].id, UpdateTagRequest(name = "Beta 2"))
        assertEquals(Color.Purple, renamed.color)
        assertEquals(renamed, tags.get(made[1].id))

        assertEquals(made[0].id, tags.delete(made[0].id).id)
        assertEquals(before + listOf(renamed, made[2]), tags.listAll())
    }

    // ------------------------------------------------------------------ errors

    @Test
    fun `unknown colours and formats, blank names and empty ids raise InvalidInput before sending`(): Unit = runBlocking {
        val tagProperty = client.properties(personal).listAll().first { it.key == "tag" }
        val tags = client.tags(personal, tagProperty.id)
        val before = sandbox.apiRequestCount()
        suspend fun invalid(call: suspend () -> Any): AnytypeException.InvalidInput =
            assertFailsWith<AnytypeException.InvalidInput> { call() }

        val colour = invalid { tags.create(CreateTagRequest(name = "Magenta", color = Color.Other("magenta"))) }
        assertEquals("color", colour.field)
        assertTrue("magenta" in colour.detail && "grey" in colour.detail, colour.detail)
        assertEquals("color", invalid { tags.update("some-tag", UpdateTagRequest(color = Color.Other("magenta"))) }.field)
        assertEquals("name", invalid { tags.create(CreateTagRequest(name = " ", color = Color.Red)) }.field)
        assertEquals("request", invalid { tags.update("some-tag", UpdateTagRequest()) }.field)
        assertEquals("tag_id", invalid { tags.get("") }.field)
        assertEquals("tag_id", invalid { tags.delete("") }.field)

        val properties = client.properties(personal)
        val format = invalid { properties.create(CreatePropertyRequest(name = "Hologram", format = PropertyFormat.Other("hologram"))) }
        assertEquals("format", format.field)
        assertTrue("hologram" in format.detail, format.detail)
        val tagsOnText = CreatePropertyRequest(name = "Notes", format = PropertyFormat.Text, tags = listOf(CreateTagRequest("x", Color.Red)))
        assertEquals("tags", invalid { properties.create(tagsOnText) }.field)
        assertEquals("name", invalid { properties.update("some-property", UpdatePropertyRequest(name = "")) }.field)
        assertEquals("property_id", invalid { properties.get("") }.field)
        assertEquals("property_id", invalid { properties.delete("") }.field)

        val types = client.types(personal)
        val badLink = CreateTypeRequest(
            name = "Thing", pluralName = "Things", layout = Layout.Basic,
            properties = listOf(PropertyLink("hologram", "Hologram", PropertyFormat.Other("hologram"))),
        )
        assertEquals("properties[0].format", invalid { types.create(badLink) }.field)
        assertEquals("name", invalid { types.create(CreateTypeRequest(name = "", pluralName = "Things", layout = Layout.Basic)) }.field)
        assertEquals("layout", invalid { types.create(CreateTypeRequest(name = "Thing", pluralName = "Things", layout = Layout.Set)) }.field)
        assertEquals("request", invalid { types.update("some-type", UpdateTypeRequest()) }.field)
        assertEquals("type_id", invalid { types.get("") }.field)
        assertEquals("type_id", invalid { types.delete("") }.field)
        assertEquals("space_id", invalid { client.types("").list() }.field)
        assertEquals("space_id", invalid { client.properties("").listAll() }.field)
        assertEquals("page_size", invalid { client.types(personal).all(pageSize = 0).toList() }.field)

        assertEquals(before, sandbox.apiRequestCount(), "nothing was sent: ${sandbox.stats()}")
    }

    @Test
    fun `an unknown colour the caller allows is sent, and the server judges it`(): Unit = runBlocking {
        // allowUnknownColor lets a colour newer than this SDK through the check; the server decides.
        val tagProperty = client.properties(fresh).listAll().first { it.key == "tag" }
        val tags = client.tags(fresh, tagProperty.id)
        val path = "/v1/spaces/$fresh/properties/${tagProperty.id}/tags"
        val before = sandbox.requestCount("POST", path)
        val refused = assertFailsWith<AnytypeException.Api> {
            tags.create(CreateTagRequest(name = "Newer", color = Color.Other("ultraviolet"), allowUnknownColor = true))
        }
        assertEquals(before + 1, sandbox.requestCount("POST", path), "the request was sent")
        assertEquals(400, refused.status, "this server does not know the colour either")
        assertTrue("ultraviolet" in refused.detail, refused.detail)
    }
}
