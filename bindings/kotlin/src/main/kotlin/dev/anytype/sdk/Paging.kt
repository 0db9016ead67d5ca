// Paging helpers over the generated pagers (anytype_ffi.kt, same package).
//
// The paging itself (offsets, read-ahead, when to stop) is the Rust core's: every generated pager
// (`SpacePager`, `BlockingSpacePager`, ...) only has `nextPage()`, which returns null after the
// last page. This file adapts any of them, with one generic adapter per style:
//
//   * suspend pagers -> a cold `Flow` of pages ([pageFlow]), flattened to items with [items];
//   * blocking pagers -> a `Sequence` of pages ([pageSequence]), flattened with [items].
//
// Each method that makes a pager then gets one line per helper, in the section at the bottom,
// taking the same arguments: `pager(...)` and `searchPager(request, ...)` → `all` / `pages`,
// `viewPager(...)` → `viewsOf` / `viewPages`, `objectPager(...)` → `objectsOf` / `objectPages`.
// PagingTest fails when a method returning a generated `...Pager` has no such helpers here.
@file:JvmName("Paging")

package dev.anytype.sdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.transform

// --------------------------------------------------------------------------------------------
// The generic adapters
// --------------------------------------------------------------------------------------------

/**
 * The pages of a suspend pager as a cold [Flow]: each collection calls [open] for a new pager,
 * emits `next(pager)` until it returns null, and closes the pager when the collection ends,
 * however it ends (the last page, an error, the collector stopping early, cancellation).
 * Nothing is sent before the collection starts; an error from [open] (a bad page size) is thrown
 * from the collection.
 */
internal fun <P : AutoCloseable, Page : Any> pageFlow(open: () -> P, next: suspend (P) -> Page?): Flow<Page> =
    flow {
        open().use { pager ->
            while (true) emit(next(pager) ?: break)
        }
    }

/** The items of each page, in order: one flow of items out of a flow of pages. */
internal fun <Page, Item> Flow<Page>.items(data: (Page) -> List<Item>): Flow<Item> =
    transform { page -> for (item in data(page)) emit(item) }

/**
 * The pages of a blocking pager as a [Sequence]: each iteration ([Sequence.iterator]) calls [open]
 * for a new pager, so an error from [open] (a bad page size) is thrown when the iteration starts,
 * and nothing is sent before. Pages are fetched as the iteration reaches them.
 *
 * The iterator is [AutoCloseable]: it closes the pager itself after the last page or when
 * `nextPage` throws; an iteration abandoned before that (a `take(n)`, a `break`) leaves the pager
 * to the garbage collector (its `Cleaner`) unless the iterator is closed.
 */
internal fun <P : AutoCloseable, Page : Any> pageSequence(open: () -> P, next: (P) -> Page?): Sequence<Page> =
    Sequence { PageIterator(open(), next) }

/** The items of each page, in order; the iterator closes the pages' iterator (and so the pager). */
internal fun <Page, Item> Sequence<Page>.items(data: (Page) -> List<Item>): Sequence<Item> =
    Sequence { ItemIterator(iterator(), data) }

private class PageIterator<P : AutoCloseable, Page : Any>(
    private var pager: P?,
    private val next: (P) -> Page?,
) : Iterator<Page>, AutoCloseable {
    private var ahead: Page? = null

    override fun hasNext(): Boolean {
        if (ahead != null) return true
        val current = pager ?: return false
        val page = try {
            next(current)
        } catch (e: Throwable) {
            close()
            throw e
        }
        if (page == null) close() else ahead = page
        return page != null
    }

    override fun next(): Page {
        if (!hasNext()) throw NoSuchElementException("no more pages")
        return ahead!!.also { ahead = null }
    }

    override fun close() {
        val current = pager ?: return
        pager = null
        ahead = null
        current.close()
    }
}

private class ItemIterator<Page, Item>(
    private val pages: Iterator<Page>,
    private val data: (Page) -> List<Item>,
) : Iterator<Item>, AutoCloseable {
    private var items: Iterator<Item> = emptyList<Item>().iterator()

    override fun hasNext(): Boolean {
        while (!items.hasNext()) {
            if (!pages.hasNext()) return false
            items = data(pages.next()).iterator()
        }
        return true
    }

    override fun next(): Item {
        if (!hasNext()) throw NoSuchElementException("no more items")
        return items.next()
    }

    override fun close() {
        items = emptyList<Item>().iterator()
        (pages as? AutoCloseable)?.close()
    }
}

// --------------------------------------------------------------------------------------------
// One line per helper, per paged endpoint. `pageSize` is 1..=1000; outside that range the helper
// throws AnytypeException.InvalidInput (field `page_size`) when the collection / iteration starts,
// before anything is sent, and so does a bad `filter` (field `filter`, see Filters.kt). A `filter`
// narrows a list as it does in `list` / `listAll`: on lists of objects the core evaluates what
// the server can't (a page can then hold fewer items than `pageSize`); on other lists such a
// filter is refused.
// --------------------------------------------------------------------------------------------

/**
 * Every space, as a cold [Flow] that fetches [pageSize] (1..=1000) spaces per request: each
 * collection starts over with a new [SpacePager], fetches pages only as the collector needs them,
 * and closes the pager when it ends, however it ends.
 *
 * ```kotlin
 * client.spaces().all(pageSize = 100).collect { space -> println(space.name) }
 * client.spaces().all(filter = allOf { text("name") contains "work" }).toList()
 * ```
 */
@JvmOverloads fun Spaces.all(pageSize: Long = 100, filter: Filter? = null): Flow<Space> = pages(pageSize, filter).items(SpacePage::data)

/** The spaces one [SpacePage] at a time, as a cold [Flow]: like [all], with each page's [Pagination]. */
@JvmOverloads fun Spaces.pages(pageSize: Long = 100, filter: Filter? = null): Flow<SpacePage> = pageFlow({ pager(pageSize, filter) }, SpacePager::nextPage)

/**
 * Every space, as a [Sequence] that fetches [pageSize] (1..=1000) spaces per request, blocking the
 * iterating thread: each iteration starts over with a new [BlockingSpacePager]. Its iterator is
 * [AutoCloseable] and closes the pager after the last page or an error; an iteration stopped
 * early leaves the pager to the garbage collector unless the iterator is closed.
 *
 * ```java
 * for (Space space : SequencesKt.asIterable(Paging.all(client.spaces()))) System.out.println(space.getName());
 * ```
 */
@JvmOverloads fun BlockingSpaces.all(pageSize: Long = 100, filter: Filter? = null): Sequence<Space> = pages(pageSize, filter).items(SpacePage::data)

/** The spaces one [SpacePage] at a time, as a blocking [Sequence]: like [all], with each page's [Pagination]. */
@JvmOverloads fun BlockingSpaces.pages(pageSize: Long = 100, filter: Filter? = null): Sequence<SpacePage> = pageSequence({ pager(pageSize, filter) }, BlockingSpacePager::nextPage)

// The other paged endpoints: the same two helpers per twin, each like the spaces' above
// (a cold Flow for the suspend resource, a lazy Sequence for the blocking twin).

/** Every object of the space, as a cold [Flow] of [pageSize] (1..=1000) per request; see [Spaces.all]. */
@JvmOverloads fun Objects.all(pageSize: Long = 100, filter: Filter? = null): Flow<Object> = pages(pageSize, filter).items(ObjectPage::data)
/** The objects one [ObjectPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Objects.pages(pageSize: Long = 100, filter: Filter? = null): Flow<ObjectPage> = pageFlow({ pager(pageSize, filter) }, ObjectPager::nextPage)
/** Every object of the space, as a blocking [Sequence]; see [BlockingSpaces.all]. */
@JvmOverloads fun BlockingObjects.all(pageSize: Long = 100, filter: Filter? = null): Sequence<Object> = pages(pageSize, filter).items(ObjectPage::data)
/** The objects one [ObjectPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingObjects.pages(pageSize: Long = 100, filter: Filter? = null): Sequence<ObjectPage> = pageSequence({ pager(pageSize, filter) }, BlockingObjectPager::nextPage)

/** Every type of the space, as a cold [Flow]. */
@JvmOverloads fun Types.all(pageSize: Long = 100, filter: Filter? = null): Flow<Type> = pages(pageSize, filter).items(TypePage::data)
/** The types one [TypePage] at a time, as a cold [Flow]. */
@JvmOverloads fun Types.pages(pageSize: Long = 100, filter: Filter? = null): Flow<TypePage> = pageFlow({ pager(pageSize, filter) }, TypePager::nextPage)
/** Every type of the space, as a blocking [Sequence]. */
@JvmOverloads fun BlockingTypes.all(pageSize: Long = 100, filter: Filter? = null): Sequence<Type> = pages(pageSize, filter).items(TypePage::data)
/** The types one [TypePage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingTypes.pages(pageSize: Long = 100, filter: Filter? = null): Sequence<TypePage> = pageSequence({ pager(pageSize, filter) }, BlockingTypePager::nextPage)

/** Every property of the space, as a cold [Flow]. */
@JvmOverloads fun Properties.all(pageSize: Long = 100, filter: Filter? = null): Flow<Property> = pages(pageSize, filter).items(PropertyPage::data)
/** The properties one [PropertyPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Properties.pages(pageSize: Long = 100, filter: Filter? = null): Flow<PropertyPage> = pageFlow({ pager(pageSize, filter) }, PropertyPager::nextPage)
/** Every property of the space, as a blocking [Sequence]. */
@JvmOverloads fun BlockingProperties.all(pageSize: Long = 100, filter: Filter? = null): Sequence<Property> = pages(pageSize, filter).items(PropertyPage::data)
/** The properties one [PropertyPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingProperties.pages(pageSize: Long = 100, filter: Filter? = null): Sequence<PropertyPage> = pageSequence({ pager(pageSize, filter) }, BlockingPropertyPager::nextPage)

/** Every tag of the property, as a cold [Flow]. */
@JvmOverloads fun Tags.all(pageSize: Long = 100, filter: Filter? = null): Flow<Tag> = pages(pageSize, filter).items(TagPage::data)
/** The tags one [TagPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Tags.pages(pageSize: Long = 100, filter: Filter? = null): Flow<TagPage> = pageFlow({ pager(pageSize, filter) }, TagPager::nextPage)
/** Every tag of the property, as a blocking [Sequence]. */
@JvmOverloads fun BlockingTags.all(pageSize: Long = 100, filter: Filter? = null): Sequence<Tag> = pages(pageSize, filter).items(TagPage::data)
/** The tags one [TagPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingTags.pages(pageSize: Long = 100, filter: Filter? = null): Sequence<TagPage> = pageSequence({ pager(pageSize, filter) }, BlockingTagPager::nextPage)

/** Every template of the type (templates are objects), as a cold [Flow]. */
@JvmOverloads fun Templates.all(pageSize: Long = 100, filter: Filter? = null): Flow<Object> = pages(pageSize, filter).items(TemplatePage::data)
/** The templates one [TemplatePage] at a time, as a cold [Flow]. */
@JvmOverloads fun Templates.pages(pageSize: Long = 100, filter: Filter? = null): Flow<TemplatePage> = pageFlow({ pager(pageSize, filter) }, TemplatePager::nextPage)
/** Every template of the type, as a blocking [Sequence]. */
@JvmOverloads fun BlockingTemplates.all(pageSize: Long = 100, filter: Filter? = null): Sequence<Object> = pages(pageSize, filter).items(TemplatePage::data)
/** The templates one [TemplatePage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingTemplates.pages(pageSize: Long = 100, filter: Filter? = null): Sequence<TemplatePage> = pageSequence({ pager(pageSize, filter) }, BlockingTemplatePager::nextPage)

/** Every member of the space, as a cold [Flow]. */
@JvmOverloads fun Members.all(pageSize: Long = 100, filter: Filter? = null): Flow<Member> = pages(pageSize, filter).items(MemberPage::data)
/** The members one [MemberPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Members.pages(pageSize: Long = 100, filter: Filter? = null): Flow<MemberPage> = pageFlow({ pager(pageSize, filter) }, MemberPager::nextPage)
/** Every member of the space, as a blocking [Sequence]. */
@JvmOverloads fun BlockingMembers.all(pageSize: Long = 100, filter: Filter? = null): Sequence<Member> = pages(pageSize, filter).items(MemberPage::data)
/** The members one [MemberPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingMembers.pages(pageSize: Long = 100, filter: Filter? = null): Sequence<MemberPage> = pageSequence({ pager(pageSize, filter) }, BlockingMemberPager::nextPage)

// Search and lists.

/**
 * Every object of the space that matches [request] (text, types, filter, sort), as a cold [Flow] of
 * [pageSize] (1..=1000) per request, in the request's order; see [Spaces.all].
 *
 * ```kotlin
 * objects.all(SearchRequest(query = "report", sort = Sort.asc(SortProperty.NAME))).collect { println(it.name) }
 * ```
 */
@JvmOverloads fun Objects.all(request: SearchRequest, pageSize: Long = 100): Flow<Object> = pages(request, pageSize).items(ObjectPage::data)
/** The search results one [ObjectPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Objects.pages(request: SearchRequest, pageSize: Long = 100): Flow<ObjectPage> = pageFlow({ searchPager(request, pageSize) }, ObjectPager::nextPage)
/** Every object of the space that matches [request], as a blocking [Sequence]. */
@JvmOverloads fun BlockingObjects.all(request: SearchRequest, pageSize: Long = 100): Sequence<Object> = pages(request, pageSize).items(ObjectPage::data)
/** The search results one [ObjectPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingObjects.pages(request: SearchRequest, pageSize: Long = 100): Sequence<ObjectPage> = pageSequence({ searchPager(request, pageSize) }, BlockingObjectPager::nextPage)

/**
 * Every object of every space that matches [request], as a cold [Flow]. The pages' `total` is not a
 * true count (the server caps each space at `offset + limit`); the walk goes on until the server
 * says nothing more follows.
 */
@JvmOverloads fun Search.all(request: SearchRequest, pageSize: Long = 100): Flow<Object> = pages(request, pageSize).items(ObjectPage::data)
/** The results of a search of every space one [ObjectPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Search.pages(request: SearchRequest, pageSize: Long = 100): Flow<ObjectPage> = pageFlow({ pager(request, pageSize) }, ObjectPager::nextPage)
/** Every object of every space that matches [request], as a blocking [Sequence]. */
@JvmOverloads fun BlockingSearch.all(request: SearchRequest, pageSize: Long = 100): Sequence<Object> = pages(request, pageSize).items(ObjectPage::data)
/** The results of a search of every space one [ObjectPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingSearch.pages(request: SearchRequest, pageSize: Long = 100): Sequence<ObjectPage> = pageSequence({ pager(request, pageSize) }, BlockingObjectPager::nextPage)

/** Every view of the list [listId], as a cold [Flow]. */
@JvmOverloads fun Lists.viewsOf(listId: String, pageSize: Long = 100): Flow<View> = viewPages(listId, pageSize).items(ViewPage::data)
/** The views of the list [listId] one [ViewPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Lists.viewPages(listId: String, pageSize: Long = 100): Flow<ViewPage> = pageFlow({ viewPager(listId, pageSize) }, ViewPager::nextPage)
/** Every view of the list [listId], as a blocking [Sequence]. */
@JvmOverloads fun BlockingLists.viewsOf(listId: String, pageSize: Long = 100): Sequence<View> = viewPages(listId, pageSize).items(ViewPage::data)
/** The views of the list [listId] one [ViewPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingLists.viewPages(listId: String, pageSize: Long = 100): Sequence<ViewPage> = pageSequence({ viewPager(listId, pageSize) }, BlockingViewPager::nextPage)

/**
 * The objects of the list [listId] as its view [viewId] shows them (its order, through its filters),
 * narrowed by [filter], as a cold [Flow].
 */
@JvmOverloads fun Lists.objectsOf(listId: String, viewId: String, filter: Filter? = null, pageSize: Long = 100): Flow<Object> = objectPages(listId, viewId, filter, pageSize).items(ObjectPage::data)
/** The objects of a list's view one [ObjectPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Lists.objectPages(listId: String, viewId: String, filter: Filter? = null, pageSize: Long = 100): Flow<ObjectPage> = pageFlow({ objectPager(listId, viewId, filter, pageSize) }, ObjectPager::nextPage)
/** The objects of the list [listId] as its view [viewId] shows them, as a blocking [Sequence]. */
@JvmOverloads fun BlockingLists.objectsOf(listId: String, viewId: String, filter: Filter? = null, pageSize: Long = 100): Sequence<Object> = objectPages(listId, viewId, filter, pageSize).items(ObjectPage::data)
/** The objects of a list's view one [ObjectPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingLists.objectPages(listId: String, viewId: String, filter: Filter? = null, pageSize: Long = 100): Sequence<ObjectPage> = pageSequence({ objectPager(listId, viewId, filter, pageSize) }, BlockingObjectPager::nextPage)


/** Every chat of the space, as a cold [Flow]. */
@JvmOverloads fun Chats.all(pageSize: Long = 100): Flow<Object> = pages(pageSize).items(ObjectPage::data)
/** The chats one [ObjectPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Chats.pages(pageSize: Long = 100): Flow<ObjectPage> = pageFlow({ pager(pageSize) }, ChatPager::nextPage)
/** Every chat of the space, as a blocking [Sequence]. */
@JvmOverloads fun BlockingChats.all(pageSize: Long = 100): Sequence<Object> = pages(pageSize).items(ObjectPage::data)
/** The chats one [ObjectPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingChats.pages(pageSize: Long = 100): Sequence<ObjectPage> = pageSequence({ pager(pageSize) }, BlockingChatPager::nextPage)

/** Every message of the chat, newest first (or, with [afterOrderId], oldest first from there), as a cold [Flow]. */
@JvmOverloads fun Chats.allMessages(chatId: String, pageSize: Long = 50, beforeOrderId: String? = null, afterOrderId: String? = null): Flow<ChatMessage> =
    messagePages(chatId, pageSize, beforeOrderId, afterOrderId).items(MessagePage::data)
/** The messages one [MessagePage] at a time, as a cold [Flow]. */
@JvmOverloads fun Chats.messagePages(chatId: String, pageSize: Long = 50, beforeOrderId: String? = null, afterOrderId: String? = null): Flow<MessagePage> =
    pageFlow({ messagePager(chatId, pageSize, beforeOrderId, afterOrderId) }, MessagePager::nextPage)
/** Every message of the chat, as a blocking [Sequence]. */
@JvmOverloads fun BlockingChats.allMessages(chatId: String, pageSize: Long = 50, beforeOrderId: String? = null, afterOrderId: String? = null): Sequence<ChatMessage> =
    messagePages(chatId, pageSize, beforeOrderId, afterOrderId).items(MessagePage::data)
/** The messages one [MessagePage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingChats.messagePages(chatId: String, pageSize: Long = 50, beforeOrderId: String? = null, afterOrderId: String? = null): Sequence<MessagePage> =
    pageSequence({ messagePager(chatId, pageSize, beforeOrderId, afterOrderId) }, BlockingMessagePager::nextPage)

/** Every search hit of the chat, as a cold [Flow]. */
@JvmOverloads fun Chats.allSearchHits(chatId: String, query: String, pageSize: Long = 100): Flow<ChatSearchHit> =
    searchPages(chatId, query, pageSize).items(ChatSearchPage::data)
/** The search hits one [ChatSearchPage] at a time, as a cold [Flow]. */
@JvmOverloads fun Chats.searchPages(chatId: String, query: String, pageSize: Long = 100): Flow<ChatSearchPage> =
    pageFlow({ searchPager(chatId, query, pageSize) }, ChatSearchPager::nextPage)
/** Every search hit of the chat, as a blocking [Sequence]. */
@JvmOverloads fun BlockingChats.allSearchHits(chatId: String, query: String, pageSize: Long = 100): Sequence<ChatSearchHit> =
    searchPages(chatId, query, pageSize).items(ChatSearchPage::data)
/** The search hits one [ChatSearchPage] at a time, as a blocking [Sequence]. */
@JvmOverloads fun BlockingChats.searchPages(chatId: String, query: String, pageSize: Long = 100): Sequence<ChatSearchPage> =
    pageSequence({ searchPager(chatId, query, pageSize) }, BlockingChatSearchPager::nextPage)
