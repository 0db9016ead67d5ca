package dev.anytype.sdk

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Test
import java.io.File
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.net.URI
import java.util.jar.JarFile
import kotlin.coroutines.Continuation
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * The generic paging adapters (Paging.kt) on a fake pager that records what happens to it, and a
 * check that every generated pager has its one-line helpers.
 */
class PagingTest {
    /** A pager over [pages]; `failAt` makes that call of `nextPage` throw. Records close(). */
    private class FakePager(private val pages: List<List<Int>>, private val failAt: Int = -1) : AutoCloseable {
        var calls = 0
        var closed = 0
        fun nextPage(): List<Int>? {
            check(closed == 0) { "nextPage after close" }
            val call = calls++
            if (call == failAt) throw AnytypeException.Network("http://fake", "page $call failed")
            return pages.getOrNull(call)
        }
        override fun close() { closed++ }
    }

    private val threePages = listOf(listOf(1, 2), listOf(3, 4), listOf(5))

    // ---------------------------------------------------------------- Flow (suspend pagers)

    private fun flowOf(pager: () -> FakePager): Flow<Int> =
        pageFlow(pager) { p: FakePager -> yield(); p.nextPage() }.items { page: List<Int> -> page }

    @Test
    fun `the flow is cold, walks every page and closes the pager at the end`(): Unit = runBlocking {
        val opened = mutableListOf<FakePager>()
        val flow = flowOf { FakePager(threePages).also { opened += it } }
        assertTrue(opened.isEmpty(), "nothing opened before collection")
        assertEquals(listOf(1, 2, 3, 4, 5), flow.toList())
        assertEquals(listOf(1, 2, 3, 4, 5), flow.toList(), "each collection starts over")
        assertEquals(2, opened.size)
        assertTrue(opened.all { it.closed == 1 && it.calls == 4 }, "3 pages + the null, closed once")
    }

    @Test
    fun `the flow closes the pager when the collector stops early, on errors and on cancellation`(): Unit = runBlocking {
        val early = FakePager(threePages)
        assertEquals(listOf(1, 2, 3), flowOf { early }.take(3).toList())
        assertEquals(2, early.calls, "no page fetched beyond the ones needed")
        assertEquals(1, early.closed)

        val failing = FakePager(threePages, failAt = 1)
        val error = assertFailsWith<AnytypeException.Network> { flowOf { failing }.toList() }
        assertEquals("page 1 failed", error.detail)
        assertEquals(1, failing.closed)

        val hanging = FakePager(threePages)
        val collecting = async {
            pageFlow({ hanging }) { p: FakePager -> p.nextPage().also { if (p.calls == 2) awaitCancellation() } }.toList()
        }
        while (hanging.calls < 2) yield()
        collecting.cancelAndJoin()
        assertFailsWith<CancellationException> { collecting.await() }
        assertEquals(1, hanging.closed)
    }

    @Test
    fun `an error opening the pager is thrown when the collection starts`(): Unit = runBlocking {
        val flow = pageFlow<FakePager, List<Int>>({ throw AnytypeException.InvalidInput("page_size", "bad") }) { it.nextPage() }
        assertEquals("page_size", assertFailsWith<AnytypeException.InvalidInput> { flow.first() }.field)
    }

    // ---------------------------------------------------------------- Sequence (blocking pagers)

    private fun sequenceOf(pager: () -> FakePager): Sequence<Int> =
        pageSequence(pager, FakePager::nextPage).items { page: List<Int> -> page }

    @Test
    fun `the sequence is lazy, walks every page and closes the pager at the end`() {
        val opened = mutableListOf<FakePager>()
        val sequence = sequenceOf { FakePager(threePages).also { opened += it } }
        assertTrue(opened.isEmpty(), "nothing opened before iteration")
        assertEquals(listOf(1, 2, 3, 4, 5), sequence.toList())
        assertEquals(listOf(1, 2, 3, 4, 5), sequence.toList(), "each iteration starts over")
        assertEquals(2, opened.size)
        assertTrue(opened.all { it.closed == 1 && it.calls == 4 }, "3 pages + the null, closed once")

        // Asking again after the end neither fetches nor closes again.
        val pager = FakePager(threePages)
        val iterator = sequenceOf { pager }.iterator()
        while (iterator.hasNext()) iterator.next()
        assertFalse(iterator.hasNext())
        assertFailsWith<NoSuchElementException> { iterator.next() }
        assertEquals(4, pager.calls)
        assertEquals(1, pager.closed)
    }

    @Test
    fun `the sequence closes the pager on errors, and its iterator closes it when stopped early`() {
        val failing = FakePager(threePages, failAt = 2)
        val seen = mutableListOf<Int>()
        assertFailsWith<AnytypeException.Network> { sequenceOf { failing }.forEach { seen += it } }
        assertEquals(listOf(1, 2, 3, 4), seen)
        assertEquals(1, failing.closed)

        // Stopped early: fetches only what is needed; the pager stays open until the iterator is closed.
        val early = FakePager(threePages)
        val iterator = sequenceOf { early }.iterator()
        assertEquals(listOf(1, 2, 3), List(3) { iterator.next() })
        assertEquals(2, early.calls)
        assertEquals(0, early.closed)
        val closeable = assertIs<AutoCloseable>(iterator)
        closeable.close()
        assertEquals(1, early.closed)
        assertFalse(iterator.hasNext(), "a closed iterator is done")
        closeable.close()
        assertEquals(1, early.closed, "closing twice closes the pager once")

        // The pages' own iterator closes the same way.
        val pages = FakePager(threePages)
        val pageIterator = pageSequence({ pages }, FakePager::nextPage).iterator()
        assertEquals(listOf(1, 2), pageIterator.next())
        assertIs<AutoCloseable>(pageIterator).close()
        assertEquals(1, pages.closed)
    }

    @Test
    fun `an error opening the blocking pager is thrown when the iteration starts`() {
        val sequence = pageSequence<FakePager, List<Int>>({ throw AnytypeException.InvalidInput("page_size", "bad") }, FakePager::nextPage)
        assertEquals("page_size", assertFailsWith<AnytypeException.InvalidInput> { sequence.firstOrNull() }.field)
    }

    // ---------------------------------------------------------------- every pager has its helpers

    /** The classes of package dev.anytype.sdk, read from where the compiled SpacePager class lives. */
    private fun packageClasses(): List<Class<*>> {
        val location = URI(SpacePager::class.java.protectionDomain.codeSource.location.toString())
        val prefix = "dev/anytype/sdk/"
        val names = File(location).let { root ->
            if (root.isDirectory) {
                File(root, prefix).listFiles().orEmpty().map { prefix + it.name }
            } else {
                JarFile(root).use { jar -> jar.entries().asSequence().map { it.name }.toList() }
            }
        }
        return names
            .filter { it.startsWith(prefix) && it.endsWith(".class") && '/' !in it.removePrefix(prefix) && '$' !in it }
            .map { Class.forName(it.removeSuffix(".class").replace('/', '.'), false, SpacePager::class.java.classLoader) }
    }

    /**
     * The helpers of each method that makes a pager: `pager` (every list) and `searchPager` make
     * `all` / `pages`, `viewPager` `viewsOf` / `viewPages`, `objectPager` `objectsOf` / `objectPages`.
     * A new pager-making method needs its names here and its two lines per twin in Paging.kt.
     */
    private val helperNames = mapOf(
        "pager" to listOf("all", "pages"),
        "searchPager" to listOf("all", "pages"),
        "viewPager" to listOf("viewsOf", "viewPages"),
        "objectPager" to listOf("objectsOf", "objectPages"),
        "messagePager" to listOf("allMessages", "messagePages"),
        // By resource where one maker name means two things.
        "Chats.searchPager" to listOf("allSearchHits", "searchPages"),
    )

    @Test
    fun `every generated pager has its all and pages helpers`() {
        val classes = packageClasses()
        val pagers = classes.filter { it.simpleName.endsWith("Pager") && !it.isInterface && AutoCloseable::class.java.isAssignableFrom(it) }
        assertTrue(
            pagers.map { it.simpleName }.containsAll(
                listOf("SpacePager", "BlockingSpacePager", "ObjectPager", "BlockingObjectPager", "ViewPager", "BlockingViewPager"),
            ),
            "found the generated pagers: $pagers",
        )
        val helpers: List<Method> = classes
            .flatMap { it.declaredMethods.toList() }
            .filter { Modifier.isStatic(it.modifiers) && Modifier.isPublic(it.modifiers) && it.name in helperNames.values.flatten() }

        val missing = mutableListOf<String>()
        var checked = 0
        for (pager in pagers) {
            // Every method of a resource class that makes this pager: `pager`, `searchPager`, ...
            val makers = classes
                .filter { !it.isInterface && it !in pagers }
                .flatMap { resource -> resource.declaredMethods.map { resource to it } }
                .filter { (_, m) -> m.returnType == pager && (m.name == "pager" || m.name.endsWith("Pager")) && Modifier.isPublic(m.modifiers) }
            if (makers.isEmpty()) {
                missing += "${pager.simpleName}: no resource class has a method returning it"
                continue
            }
            val blocking = pager.methods.none { m -> m.name == "nextPage" && m.parameterTypes.lastOrNull() == Continuation::class.java }
            val returns = if (blocking) Sequence::class.java else Flow::class.java
            for ((resource, maker) in makers) {
                val names = helperNames["${resource.simpleName.removePrefix("Blocking")}.${maker.name}"] ?: helperNames[maker.name]
                if (names == null) {
                    missing += "${resource.simpleName}.${maker.name}: no helper names for it in PagingTest.helperNames"
                    continue
                }
                // The helper takes the resource and exactly the maker's arguments (so nothing is dropped).
                val parameters = listOf(resource) + maker.parameterTypes.toList()
                for (name in names) {
                    checked++
                    val found = helpers.any { it.name == name && it.parameterTypes.toList() == parameters && it.returnType == returns }
                    if (!found) {
                        missing += "${resource.simpleName}.${maker.name}: no `fun ${resource.simpleName}.$name(" +
                            maker.parameterTypes.joinToString { it.simpleName } + "): ${returns.simpleName}<...>` in Paging.kt"
                    }
                }
            }
        }
        if (missing.isNotEmpty()) fail("generated pagers without their one-line helpers:\n" + missing.joinToString("\n"))
        // 7 list resources x 2 twins x 2 helpers, plus search (space and global), views and view objects.
        assertTrue(checked >= 7 * 2 * 2 + 4 * 2 * 2, "checked $checked helpers")
    }
}
