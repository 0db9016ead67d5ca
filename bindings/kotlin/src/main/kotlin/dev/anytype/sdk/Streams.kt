// The live chat stream as a Kotlin `Flow` (and a blocking `Sequence` for Java callers).
//
// Reconnecting, filling the gap after a drop, de-duplicating and watching heartbeats are the Rust
// core's (the generated `ChatStream`, whose `next()` returns null once it is closed); this only
// adapts it, and closes the connection when the collector ends, however it ends (cancellation,
// an exception, `take(n)`).
@file:JvmName("Streams")

package dev.anytype.sdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * The live events of the chat [chatId], as a cold [Flow]: each collection opens its own stream
 * (first the latest [replay] messages, or every message after [afterOrderId]) and closes it
 * when the collection ends.
 *
 * ```kotlin
 * client.chats(spaceId).events(chatId).collect { event ->
 *     if (event is ChatEvent.MessageAdded) println(event.message.content.text)
 * }
 * ```
 */
@JvmOverloads
fun Chats.events(
    chatId: String,
    replay: Long = 50,
    afterOrderId: String? = null,
    heartbeatSeconds: Long = 30,
    missedHeartbeats: Long = 3,
    reconnect: Boolean = true,
): Flow<ChatEvent> = flow {
    val stream = stream(chatId, replay, afterOrderId, heartbeatSeconds, missedHeartbeats, reconnect)
    try {
        while (true) emit(stream.next() ?: break)
    } finally {
        stream.disconnect()
        stream.close()
    }
}

/**
 * The live events of the chat [chatId], as a blocking [Sequence] (for Java callers): the stream
 * opens when the iteration starts and is closed after an error or when it ends; an iteration
 * stopped early leaves it to the garbage collector (or call `disconnect()` on a `stream(...)`).
 */
@JvmOverloads
fun BlockingChats.events(
    chatId: String,
    replay: Long = 50,
    afterOrderId: String? = null,
    heartbeatSeconds: Long = 30,
    missedHeartbeats: Long = 3,
    reconnect: Boolean = true,
): Sequence<ChatEvent> = sequence {
    val stream = stream(chatId, replay, afterOrderId, heartbeatSeconds, missedHeartbeats, reconnect)
    try {
        while (true) yield(stream.nextBlocking() ?: break)
    } finally {
        stream.disconnect()
        stream.close()
    }
}
