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
import java.time.LocalDate
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * Search (in a space and across spaces), filters on list endpoints, lists and views, through the
 * filter builder (Filters.kt), the suspend API with its Flows and the blocking twins with their
 * Sequences, against a sandbox. The tasks are made here, in the demo space "Work" (which has the
 * `task` type, `done`, `due_date`, `status` and `tag`), each named with a marker no demo object has;
 * every expected set is computed from what the test made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchTest {
    private lateinit var sandbox: Sandbox
    private lateinit var config: ClientConfig
    private lateinit var apiKey: String
    private lateinit var client: AnytypeClient
    private lateinit var blocking: BlockingAnytypeClient
    private lateinit var work: String
    private lateinit var personal: String

    /** In the name of every object the searches should find (the lists are named without it). */
    private val marker = "Ksx" + (100_000..999_999).random()
    /** Midnight UTC, a week from today: the date the due dates are set around. */
    private val deadline: Instant = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7))
    private fun days(n: Long): Instant = deadline.plus(Duration.ofDays(n))

    private lateinit var alpha: Tag
    private lateinit var beta: Tag
    private lateinit var gamma: Tag
    private lateinit var open: Tag
    private lateinit var progress: Tag

    /** A task this test made, with what it was given (null: no value). */
    private data class Task(val obj: Object, val done: Boolean?, val due: Instant?, val tags: Set<Tag>, val status: Tag?) {
        val name get() = obj.name
        val id get() = obj.id
    }
    private lateinit var tasks: List<Task>
    private fun task(word: String) = tasks.first { it.name.endsWith(" $word") }
    /** A page in "Personal" with the marker in its name, for the search of every space. */
    private lateinit var kiwi: Object

    @BeforeAll
    fun start(): Unit = runBlocking {
        sandbox = Sandbox.start()
        config = ClientConfig(baseUrl = sandbox.url)
        val auth = Auth(config)
        apiKey = auth.createApiKey(auth.createChallenge("KotlinSearch"), Sandbox.CODE)
        client = AnytypeClient(apiKey, config)
        blocking = BlockingAnytypeClient(apiKey, config)
        val spaces = client.spaces().listAll()
        work = spaces.first { it.name == "Work" }.id
        personal = spaces.first { it.name == "Personal" }.id

        val properties = client.properties(work).listAll()
        val tagTags = client.tags(work, properties.first { it.key == "tag" }.id)
        alpha = tagTags.create(CreateTagRequest(name = "$marker alpha", color = Color.Red))
        beta = tagTags.create(CreateTagRequest(name = "$marker beta", color = Color.Blue))
        gamma = tagTags.create(CreateTagRequest(name = "$marker gamma", color = Color.Lime))
        val statusTags = client.tags(work, properties.first { it.key == "status" }.id).listAll()
        open = statusTags.first { it.name == "Open" }
        progress = statusTags.first { it.name == "In progress" }

        // Made out of name order, so neither the default order nor the creation order is the name order.
        val specs = listOf(
            Spec("cherry", done = false, due = days(1), tags = setOf(beta), status = open),
            Spec("Fig", done = false, due = days(-3), tags = setOf(beta, gamma), status = progress),
            Spec("apple", done = false, due = days(-2), tags = setOf(alpha), status = open),
            Spec("elderberry", done = true, due = deadline, tags = emptySet(), status = progress),
            Spec("Banana", done = true, due = days(-1), tags = setOf(alpha, beta), status = progress),
            Spec("Date palm", done = null, due = null, tags = setOf(gamma), status = null),
        )
        val objects = client.objects(work)
        tasks = specs.map { spec ->
            val values = listOfNotNull(
                spec.done?.let { PropertyInput.Checkbox("done", it) },
                spec.due?.let { PropertyInput.Date("due_date", it) },
                spec.status?.let { PropertyInput.Select("status", it.id) },
                spec.tags.takeIf { it.isNotEmpty() }?.let { tags -> PropertyInput.MultiSelect("tag", tags.map { it.id }) },
            )
            val made = objects.create(CreateObjectRequest(typeKey = "task", name = "$marker ${spec.word}", properties = values))
            Task(made, spec.done, spec.due, spec.tags, spec.status)
        }
        kiwi = client.objects(personal).create(CreateObjectRequest(typeKey = "page", name = "$marker kiwi"))
    }

    private data class Spec(val word: String, val done: Boolean?, val due: Instant?, val tags: Set<Tag>, val status: Tag?)

    @AfterAll
    fun stop() {
        if (::client.isInitialized) client.close()
        if (::blocking.isInitialized) blocking.close()
        sandbox.close()
    }

    /** The space's tasks of this test that match [filter] (the marker condition added). */
    private fun request(sort: Sort? = null, filter: FilterGroup.() -> Unit) = SearchRequest(
        types = listOf("task"),
        filter = allOf {
            text("name") contains marker
            filter()
        },
        sort = sort,
    )

    private fun names(objects: List<Object>) = objects.map { it.name }.toSet()
    private fun names(tasks: Iterable<Task>) = tasks.map { it.name }.toSet()

    /** Filters and what they mean, as a predicate over what the tasks were given (docs/filters.md). */
    private class Case(val what: String, val filter: FilterGroup.() -> Unit, val predicate: (Task) -> Boolean) {
        operator fun component1() = what
        operator fun component2() = filter
        operator fun component3() = predicate
    }

    private val cases: List<Case> by lazy {
        listOf(
            Case("not done (no value is unchecked)", { checkbox("done") eq false }, { t -> t.done != true }),
            Case("done", { checkbox("done") ne false }, { t -> t.done == true }),
            Case("due before the deadline (no date is before every date)", { date("due_date") lt deadline }, { t -> t.due == null || t.due < deadline }),
            Case("due at or after the deadline", { date("due_date") gte deadline }, { t -> t.due != null && t.due >= deadline }),
            Case("due on the deadline's day (a LocalDate: its midnight UTC)", { date("due_date") eq LocalDate.ofInstant(deadline, ZoneOffset.UTC) }, { t -> t.due == deadline }),
            Case("due any other time", { date("due_date") ne deadline }, { t -> t.due != deadline }),
            Case("has a due date", { date("due_date").isNotEmpty() }, { t -> t.due != null }),
            Case("tagged alpha or gamma", { multiSelect("tag") hasAnyOf listOf(alpha, gamma) }, { t -> alpha in t.tags || gamma in t.tags }),
            Case("tagged alpha and beta (by id)", { multiSelect("tag") hasAllOf listOf(alpha.id, beta.id) }, { t -> t.tags.containsAll(listOf(alpha, beta)) }),
            Case("not tagged beta", { multiSelect("tag") hasNoneOf listOf(beta) }, { t -> beta !in t.tags }),
            Case("no tags", { multiSelect("tag").isEmpty() }, { t -> t.tags.isEmpty() }),
            Case("status open", { select("status") eq open }, { t -> t.status == open }),
            Case("status not open (no status included)", { select("status") ne open }, { t -> t.status != open }),
            Case("status open or in progress", { select("status") hasAnyOf listOf(open, progress) }, { t -> t.status != null }),
            Case("name contains an 'a', any case", { text("name") contains "A" }, { t -> t.name.removePrefix(marker).contains('a', ignoreCase = true) }),
            Case(
                "not done and (tagged gamma or due before the deadline)",
                {
                    checkbox("done") eq false
                    anyOf {
                        multiSelect("tag") hasAnyOf listOf(gamma)
                        date("due_date") lt deadline
                    }
                },
                { t -> t.done != true && (gamma in t.tags || t.due == null || t.due < deadline) },
            ),
        )
    }

    // ------------------------------------------------------------------ search in a space

    @Test
    fun `a nested filter in a space search`(): Unit = runBlocking {
        val objects = client.objects(work)
        val request = request {
            anyOf {
                select("status") eq open
                allOf {
                    checkbox("done") eq true
                    multiSelect("tag") hasAnyOf listOf(beta)
                }
            }
        }
        val expected = tasks.filter { it.status == open || (it.done == true && beta in it.tags) }
        assertEquals(setOf("cherry", "apple", "Banana").map { "$marker $it" }.toSet(), names(expected), "the test's own reckoning")

        val found = objects.searchAll(request)
        assertEquals(names(expected), names(found))
        assertTrue(found.all { it.spaceId == work && it.objectType?.key == "task" })
        // The Flow gives the same objects, in the same order, page by page.
        assertEquals(found, objects.all(request, pageSize = 1).toList())
        val pages = objects.pages(request, pageSize = 2).toList()
        assertEquals(found, pages.flatMap { it.data })
        // One page: what the server matched, narrowed by the SDK where the server can't.
        val page = objects.search(request, offset = 0, limit = 100)
        assertEquals(names(expected), names(page.data))
    }

    @Test
    fun `every filter means in a search what the docs say`(): Unit = runBlocking {
        val objects = client.objects(work)
        for ((what, filter, predicate) in cases) {
            val expected = names(tasks.filter(predicate))
            assertEquals(expected, names(objects.searchAll(request(filter = filter))), "search: $what")
        }
    }

    @Test
    fun `search results sorted by name, both ways, ignoring case`(): Unit = runBlocking {
        val objects = client.objects(work)
        val byName = tasks.map { it.name }.sortedBy { it.lowercase() }
        assertTrue(byName != tasks.map { it.name }, "made out of order")
        assertEquals(byName, objects.searchAll(request(Sort.asc(SortProperty.NAME)) {}).map { it.name })
        assertEquals(byName.reversed(), objects.all(request(Sort.desc(SortProperty.NAME)) {}, pageSize = 2).map { it.name }.toList())
        // Sorted, then narrowed by the SDK (the tag condition): still in order.
        val tagged = tasks.filter { beta in it.tags }.map { it.name }.sortedBy { it.lowercase() }
        assertEquals(tagged, objects.searchAll(request(Sort.asc(SortProperty.NAME)) { multiSelect("tag") hasAnyOf listOf(beta) }).map { it.name })
    }

    // ------------------------------------------------------------------ search of every space

    @Test
    fun `the search of every space finds the objects of each space`(): Unit = runBlocking {
        val search = client.search()
        val mine = SearchRequest(filter = allOf { text("name") contains marker }, sort = Sort.asc(SortProperty.NAME))
        val expected = (tasks.map { it.obj } + kiwi).sortedBy { it.name.lowercase() }

        val found = search.listAll(mine)
        assertEquals(expected.map { it.id }, found.map { it.id })
        assertEquals(setOf(work, personal), found.map { it.spaceId }.toSet())
        // Page by page: the walk goes by has_more, not by the (untrue) total.
        assertEquals(found, search.all(mine, pageSize = 2).toList())
        assertEquals(listOf(2, 2, 2, 1), search.pages(mine, pageSize = 2).map { it.data.size }.toList())
        val first = search.list(mine, offset = 0, limit = 3)
        assertEquals(expected.take(3).map { it.id }, first.data.map { it.id })
        assertTrue(first.pagination.hasMore)

        // Types and text narrow it the same way everywhere.
        assertEquals(listOf(kiwi.id), search.listAll(mine.copy(types = listOf("page"))).map { it.id })
        assertEquals(listOf(kiwi.id), search.listAll(SearchRequest(query = "$marker KIWI")).map { it.id })
        val notDone = search.listAll(mine.copy(filter = allOf { text("name") contains marker; checkbox("done") eq false }))
        // kiwi has no `done`: unchecked, like the undated and unchecked tasks.
        assertEquals(names(tasks.filter { it.done != true }) + kiwi.name, names(notDone))
    }

    // ------------------------------------------------------------------ filters on list endpoints

    /** The test's own tasks among [objects] (a list endpoint has no type or text restriction of its own). */
    private fun mine(objects: List<Object>): Set<String> = names(objects.filter { o -> tasks.any { it.id == o.id } })

    @Test
    fun `filters on list endpoints mean what they mean in search`(): Unit = runBlocking {
        val objects = client.objects(work)
        for ((what, filter, predicate) in cases) {
            // The case's filter alone: the marker is not added as a second `name[contains]` (see the
            // disabled test below); the test's tasks are picked out of the answer instead.
            val f = allOf(filter)
            val expected = names(tasks.filter(predicate))
            assertEquals(expected, mine(objects.listAll(filter = f)), "list: $what")
            assertEquals(expected, mine(objects.all(pageSize = 2, filter = f).toList()), "list flow: $what")
        }
        // One page is what the server matched (the text condition), narrowed by the SDK.
        val notDone = allOf { text("name") contains marker; checkbox("done") eq false }
        val page = objects.list(offset = 0, limit = 100, filter = notDone)
        assertEquals(names(tasks.filter { it.done != true }), names(page.data))
        assertEquals(tasks.size.toLong(), page.pagination.total, "total counts what the server matched")
    }

    /**
     * Two conditions that compile to the same query parameter (`name[contains]=…&name[contains]=a`):
     * the server reads only the first of a repeated key, so the core leaves the second to the SDK.
     */
    @Test
    fun `two conditions on the same key and condition on a list endpoint`(): Unit = runBlocking {
        val f = allOf {
            text("name") contains marker
            text("name") contains "a"
        }
        val expected = names(tasks.filter { it.name.contains(marker) && it.name.contains('a', ignoreCase = true) })
        assertEquals(expected, names(client.objects(work).listAll(filter = f)))
    }

    @Test
    fun `lists of types and spaces filter on their own text, and refuse what only objects can be evaluated on`(): Unit = runBlocking {
        val types = client.types(work)
        val every = types.listAll()
        val withAsk = allOf { text("name") contains "ASK" }
        val expected = every.filter { it.name.contains("ask", ignoreCase = true) }.map { it.key }
        assertTrue(expected.contains("task"))
        assertEquals(expected, types.listAll(filter = withAsk).map { it.key })
        assertEquals(expected, types.all(filter = withAsk).map { it.key }.toList())
        val spaces = client.spaces().listAll(filter = allOf { text("name") eq "Work" })
        assertEquals(listOf(work), spaces.map { it.id })

        val before = sandbox.apiRequestCount()
        val refused = assertFailsWith<AnytypeException.InvalidInput> { types.listAll(filter = allOf { checkbox("done") eq true }) }
        assertEquals("filter", refused.field)
        assertTrue("`done`" in refused.detail && "`eq`" in refused.detail && "checkbox" in refused.detail, refused.detail)
        assertFailsWith<AnytypeException.InvalidInput> { client.members(work).all(filter = anyOf { text("name") eq "a"; text("name") eq "b" }).toList() }
        assertEquals(before, sandbox.apiRequestCount(), "nothing was sent")
    }

    // ------------------------------------------------------------------ lists and views

    @Test
    fun `a collection - add and remove objects, its views and the objects of each view`(): Unit = runBlocking {
        val lists = client.lists(work)
        val list = client.objects(work).create(CreateObjectRequest(typeKey = "collection", name = "List ${marker.drop(3)}"))
        val members = listOf(task("apple"), task("Banana"), task("cherry"), task("Fig"))
        lists.addObjects(list.id, members.map { it.id })

        val views = lists.allViews(list.id)
        assertEquals(1, views.size)
        val all = views.single()
        assertEquals("All", all.name)
        assertEquals(ViewLayout.Grid, all.layout)
        assertEquals(emptyList(), all.filters)
        assertEquals(listOf("name" to ViewSortType.Asc), all.sorts.map { it.propertyKey to it.sortType })

        val byName = members.map { it.name }.sortedBy { it.lowercase() }
        assertEquals(byName, lists.allObjects(list.id, all.id).map { it.name })

        lists.removeObject(list.id, task("Banana").id)
        val left = members - task("Banana")
        assertEquals(left.map { it.name }.sortedBy { it.lowercase() }, lists.objectsOf(list.id, all.id, pageSize = 2).map { it.name }.toList())
        assertEquals(listOf(2, 1), lists.objectPages(list.id, all.id, pageSize = 2).map { it.data.size }.toList())

        // A view's objects narrowed by a filter of the caller's (text on the server, the rest by the SDK).
        val openBeta = allOf {
            checkbox("done") eq false
            multiSelect("tag") hasAnyOf listOf(beta)
        }
        assertEquals(
            left.filter { it.done != true && beta in it.tags }.map { it.name }.sortedBy { it.lowercase() },
            lists.allObjects(list.id, all.id, filter = openBeta).map { it.name },
        )
        assertEquals(
            names(left.filter { it.done != true && beta in it.tags }),
            names(lists.objects(list.id, all.id, filter = openBeta, offset = 0, limit = 10).data),
        )

        // A second view (the API can't make one: the sandbox's admin route), with a filter and a sort of its own.
        sandbox.addView(
            work, list.id,
            """{"name": "Open by due date", "layout": "list",
                "filters": [{"property_key": "done", "condition": "eq", "value": false}],
                "sorts": [{"property_key": "due_date", "sort_type": "desc"}]}""",
        )
        val twoViews = lists.viewsOf(list.id, pageSize = 1).toList()
        assertEquals(listOf("All", "Open by due date"), twoViews.map { it.name })
        assertEquals(listOf(1, 1), lists.viewPages(list.id, pageSize = 1).map { it.data.size }.toList())
        val openView = twoViews[1]
        assertEquals(ViewLayout.List, openView.layout)
        assertEquals(listOf(Triple("done", PropertyFormat.Checkbox, "eq")), openView.filters.map { Triple(it.propertyKey, it.format, it.condition) })
        assertEquals("false", openView.filters.single().value.trim())
        assertEquals(listOf(Triple("due_date", PropertyFormat.Date, ViewSortType.Desc)), openView.sorts.map { Triple(it.propertyKey, it.format, it.sortType) })
        val expectedOpen = left.filter { it.done != true }.sortedByDescending { it.due }.map { it.name }
        assertEquals(expectedOpen, lists.allObjects(list.id, openView.id).map { it.name })
        assertEquals(expectedOpen, lists.objectsOf(list.id, openView.id, pageSize = 1).map { it.name }.toList())
        assertEquals(
            left.filter { it.done != true && alpha in it.tags }.map { it.name },
            lists.allObjects(list.id, openView.id, filter = allOf { multiSelect("tag") hasAnyOf listOf(alpha) }).map { it.name },
        )
    }

    // ------------------------------------------------------------------ bad filters

    /** Filters the core refuses, and what its message must name (property, condition, format). */
    private val badFilters: List<Pair<Filter, List<String>>> by lazy {
        listOf(
            // The builder offers no `gt` on text: the generated record can still say it.
            Filter.Condition("name", FilterCondition.GT, FilterValue.Text("a")) to listOf("`name`", "`gt`", "text"),
            Filter.Condition("done", FilterCondition.EMPTY, FilterValue.Unset(PropertyFormat.Checkbox)) to listOf("`done`", "`empty`", "checkbox"),
            allOf { multiSelect("tag") hasAnyOf emptyList<String>() } to listOf("`tag`", "`in`", "multi_select"),
            allOf { select("status") hasNoneOf listOf(open.id, " ") } to listOf("`status`", "`nin`", "select"),
            allOf { number("estimate") gt Double.NaN } to listOf("`estimate`", "`gt`", "number"),
            allOf { text("name") contains marker; text(" ") eq "x" } to listOf("`eq`", "text", "key"),
            allOf { anyOf { } } to listOf("`or`"),
        )
    }

    private fun assertRefused(error: AnytypeException.InvalidInput, names: List<String>) {
        assertEquals("filter", error.field)
        for (part in names) assertTrue(part in error.detail, "'$part' in: ${error.detail}")
    }

    @Test
    fun `bad filters are refused before anything is sent`(): Unit = runBlocking {
        val objects = client.objects(work)
        val lists = client.lists(work)
        val before = sandbox.apiRequestCount()
        for ((filter, names) in badFilters) {
            val request = SearchRequest(filter = filter)
            assertRefused(assertFailsWith { objects.searchAll(request) }, names)
            assertRefused(assertFailsWith { objects.search(request) }, names)
            assertRefused(assertFailsWith { objects.all(request).toList() }, names)
            assertRefused(assertFailsWith { client.search().list(request) }, names)
            assertRefused(assertFailsWith { objects.listAll(filter = filter) }, names)
            assertRefused(assertFailsWith { objects.all(filter = filter).toList() }, names)
            assertRefused(assertFailsWith { lists.objects("some-list", "some-view", filter = filter) }, names)
            assertRefused(assertFailsWith { blocking.objects(work).searchAll(request) }, names)
            assertRefused(assertFailsWith { blocking.search().all(request).toList() }, names)
            assertRefused(assertFailsWith { blocking.lists(work).objectsOf("some-list", "some-view", filter).toList() }, names)
        }
        // A raw expression goes to search only, a raw query parameter to lists only.
        val raw = Filter.RawQuery("name[contains]", marker)
        assertEquals("filter", assertFailsWith<AnytypeException.InvalidInput> { objects.searchAll(SearchRequest(filter = raw)) }.field)
        assertEquals("filter", assertFailsWith<AnytypeException.InvalidInput> { objects.listAll(filter = Filter.RawExpression("{}")) }.field)
        assertEquals(before, sandbox.apiRequestCount(), "nothing was sent")
        // The raw parts work where they belong.
        assertEquals(names(tasks), names(objects.listAll(filter = allOf { add(raw); text("name") contains marker })))
        val expression = """{"property_key": "name", "condition": "contains", "text": "$marker"}"""
        assertEquals(names(tasks), names(objects.searchAll(SearchRequest(types = listOf("task"), filter = Filter.RawExpression(expression)))))
    }

    // ------------------------------------------------------------------ blocking twins

    @Test
    fun `the blocking twins search, filter and list with Sequences`() {
        val objects = blocking.objects(work)
        val request = request(Sort.asc(SortProperty.NAME)) { checkbox("done") eq false }
        val expected = tasks.filter { it.done != true }.map { it.name }.sortedBy { it.lowercase() }
        assertEquals(expected, objects.searchAll(request).map { it.name })
        assertEquals(expected, objects.all(request, pageSize = 1).map { it.name }.toList())
        assertEquals(expected, objects.pages(request, pageSize = 3).flatMap { it.data }.map { it.name }.toList())
        assertEquals(expected, objects.search(request, offset = 0, limit = 100).data.map { it.name })

        for ((what, filter, predicate) in cases.take(6)) {
            assertEquals(names(tasks.filter(predicate)), mine(objects.all(filter = allOf(filter)).toList()), "blocking list: $what")
            assertEquals(names(tasks.filter(predicate)), names(objects.searchAll(request(filter = filter))), "blocking search: $what")
        }

        val everywhere = SearchRequest(filter = allOf { text("name") contains marker })
        val search = blocking.search()
        assertEquals(names(tasks) + kiwi.name, names(search.listAll(everywhere)))
        assertEquals(names(tasks) + kiwi.name, names(search.all(everywhere, pageSize = 3).toList()))
        assertEquals(names(tasks) + kiwi.name, names(search.pages(everywhere, pageSize = 3).flatMap { it.data }.toList()))
        assertEquals(3, search.list(everywhere, offset = 0, limit = 3).data.size)

        val lists = blocking.lists(work)
        val list = objects.create(CreateObjectRequest(typeKey = "collection", name = "Blocking list ${marker.drop(3)}"))
        lists.addObjects(list.id, listOf(task("Date palm").id, task("elderberry").id))
        val view = lists.viewsOf(list.id).single()
        assertEquals(listOf(view), lists.allViews(list.id))
        assertEquals(1, lists.viewPages(list.id).count())
        assertEquals(listOf(task("Date palm").name, task("elderberry").name), lists.objectsOf(list.id, view.id).map { it.name }.toList())
        assertEquals(
            listOf(task("elderberry").name),
            lists.objectPages(list.id, view.id, filter = allOf { checkbox("done") eq true }).flatMap { it.data }.map { it.name }.toList(),
        )
        lists.removeObject(list.id, task("elderberry").id)
        assertEquals(listOf(task("Date palm").name), lists.allObjects(list.id, view.id).map { it.name })
        assertEquals(listOf(task("Date palm").name), lists.objects(list.id, view.id).data.map { it.name })
    }
}
