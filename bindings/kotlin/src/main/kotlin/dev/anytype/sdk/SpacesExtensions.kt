// Hand-written conveniences over the generated bindings (anytype_ffi.kt, same package).
//
// Nothing here builds requests or decodes answers: that all happens once, in the Rust core. These
// functions only adapt the generated API to Kotlin idioms (Flow, named arguments).

package dev.anytype.sdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Every space, as a cold [Flow] that fetches [pageSize] (1..=1000) spaces per request.
 *
 * Each collection starts over with a new [SpacePager], so collecting twice requests the pages twice.
 * Pages are fetched lazily: a collector that stops early (for example with `take(n)`) sends no
 * further requests, and the pager is closed when the collection ends, however it ends.
 *
 * ```kotlin
 * client.spaces().all(pageSize = 100).collect { space -> println(space.name) }
 * ```
 *
 * @throws AnytypeException.InvalidInput when the collection starts, if [pageSize] is out of range
 *   (no request is sent).
 * @throws AnytypeException from the collection, for any failed page request.
 */
fun Spaces.all(pageSize: Long = 100): Flow<Space> = flow {
    pages(pageSize).collect { page ->
        for (space in page.data) emit(space)
    }
}

/**
 * The spaces one [SpacePage] at a time, as a cold [Flow]: like [all], but keeps each page's
 * [Pagination] (total count, offset, whether more follow).
 *
 * @throws AnytypeException.InvalidInput when the collection starts, if [pageSize] is out of range.
 */
fun Spaces.pages(pageSize: Long = 100): Flow<SpacePage> = flow {
    pager(pageSize).use { pager ->
        while (true) {
            val page = pager.nextPage() ?: break
            emit(page)
        }
    }
}

/**
 * Create a space named [name], with an optional [description]; returns the new space.
 *
 * Shorthand for `create(CreateSpaceRequest(name, description))`. Never retried once the request
 * may have reached the server.
 *
 * @throws AnytypeException.InvalidInput if [name] is blank (no request is sent).
 */
suspend fun Spaces.create(name: String, description: String? = null): Space =
    create(CreateSpaceRequest(name = name, description = description))

/**
 * Change the [name] and/or [description] of space [spaceId]; a `null` argument leaves that field
 * as it is. Returns the updated space.
 *
 * Shorthand for `update(spaceId, UpdateSpaceRequest(name, description))`.
 *
 * @throws AnytypeException.NotFound if there is no space [spaceId].
 */
suspend fun Spaces.update(spaceId: String, name: String? = null, description: String? = null): Space =
    update(spaceId, UpdateSpaceRequest(name = name, description = description))
