package dev.anytype.sdk

import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.nio.file.Files as NioFiles
import java.util.concurrent.atomic.AtomicLong
import kotlin.random.Random
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** Files and chat through Kotlin's idiom: suspend calls, the live stream as a `Flow`, blocking twins. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesChatsTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: AnytypeClient
    private lateinit var blocking: BlockingAnytypeClient
    private lateinit var space: String

    @BeforeAll
    fun start() = runBlocking {
        sandbox = Sandbox.start()
        val config = ClientConfig(baseUrl = sandbox.url)
        val auth = Auth(config)
        val key = auth.createApiKey(auth.createChallenge("KotlinFilesChats"), Sandbox.CODE)
        client = AnytypeClient(key, config)
        blocking = BlockingAnytypeClient(key, config)
        space = client.spaces().list(0, 1).data[0].id
    }

    @AfterAll
    fun stop() {
        client.close()
        blocking.close()
        sandbox.close()
    }

    @Test
    fun `upload and download stream through disk, with progress`() = runBlocking {
        val dir = NioFiles.createTempDirectory("anytype-kt")
        val data = Random(7).nextBytes(500_001)
        val source = dir.resolve("photo.png").also { NioFiles.write(it, data) }
        val last = AtomicLong()
        val progress = object : TransferProgress {
            override fun onProgress(done: Long, total: Long) { last.set(done); assertEquals(data.size.toLong(), total) }
        }
        val files = client.files(space)
        val uploaded = files.upload(source.toString(), progress)
        assertEquals("image/png", uploaded.media)
        assertEquals(data.size.toLong(), uploaded.sizeInBytes)
        assertEquals(data.size.toLong(), last.get())
        val target = dir.resolve("copy.png")
        val downloaded = files.download(uploaded.objectId, target.toString())
        assertEquals(data.size.toLong(), downloaded.sizeInBytes)
        assertContentEquals(data, NioFiles.readAllBytes(target))
        assertContentEquals("photo.png@32w".toByteArray(), files.downloadBytes(uploaded.objectId, 32))
        files.delete(uploaded.objectId, permanent = true)
        assertFailsWith<AnytypeException.NotFound> { files.downloadBytes(uploaded.objectId) }

        // Bad input is refused before anything is sent.
        val before = sandbox.apiRequestCount()
        assertFailsWith<AnytypeException.Io> { files.upload(dir.resolve("missing").toString()) }
        val directory = assertFailsWith<AnytypeException.InvalidInput> { files.upload(dir.toString()) }
        assertEquals("path", directory.field)
        val empty = assertFailsWith<AnytypeException.InvalidInput> { client.chats(space).addMessage("chat", NewMessage(text = " ")) }
        assertEquals("text", empty.field)
        assertEquals(before, sandbox.apiRequestCount())
    }

    @Test
    fun `chat operations and the lazy message walk`() = runBlocking {
        val chats = client.chats(space)
        val chat = chats.create(CreateChatRequest(name = "Kotlin")).id
        val ids = (0 until 12).map { chats.addMessage(chat, NewMessage(text = "m$it")) }
        assertEquals((7 until 12).map { "m$it" }, chats.messages(chat, limit = 5).map { it.content.text })
        assertEquals((0 until 12).reversed().map { "m$it" }, chats.allMessages(chat, pageSize = 5).map { it.content.text }.toList())
        assertEquals(listOf("m1", "m10", "m11"), chats.allSearchHits(chat, "m1").map { it.message.content.text }.toList().sorted())
        chats.editMessage(chat, ids[0], MessageEdit(text = "edited"))
        chats.toggleReaction(chat, ids[1], "👍")
        assertEquals(listOf("👍"), chats.getMessage(chat, ids[1]).reactions.map { it.emoji })
        assertEquals("edited", chats.getMessage(chat, ids[0]).content.text)
        chats.deleteMessage(chat, ids[2])
        assertFailsWith<AnytypeException.NotFound> { chats.getMessage(chat, ids[2]) }
        chats.readMessages(chat)
        chats.readReactions(chat)
        chats.readAll(chat)
        assertTrue(chats.all().toList().any { it.id == chat })
        assertEquals((0 until 12).reversed().map { "m$it" }.filter { it != "m2" }.size,
            blocking.chats(space).allMessages(chat).count())
    }

    @Test
    fun `a stream cut several times delivers every message once, in order`() = runBlocking {
        val chats = client.chats(space)
        val chat = chats.create(CreateChatRequest(name = "Live")).id
        val path = "/v1/spaces/$space/chats/$chat/messages/stream"
        for (n in 0 until 5) {
            sandbox.addFault("""{"method":"GET","path":"$path","times":1,"fault":{"kind":"cut_stream","after_events":${1 + 2 * n}}}""")
        }
        val count = 150
        val writer = Thread {
            val twin = blocking.chats(space)
            for (i in 0 until count) {
                twin.addMessage(chat, NewMessage(text = "live $i"))
                Thread.sleep(3)
            }
        }
        val flow = chats.events(chat, heartbeatSeconds = 1, missedHeartbeats = 2)
            .filterIsInstance<ChatEvent.MessageAdded>()
            .take(count)
        writer.start()
        val got = flow.toList().map { it.message }
        writer.join()
        assertEquals((0 until count).map { "live $it" }, got.map { it.content.text })
        assertTrue(got.zipWithNext().all { (a, b) -> a.orderId < b.orderId })
        assertTrue(sandbox.requestCount("GET", path) >= 4, "the stream was cut and reopened several times")
        // The collection ended (take): its connection is closed.
        var waited = 0
        while (Regex("\"in_flight\":(\\d+)").find(sandbox.stats())!!.groupValues[1] != "0" && waited++ < 50) Thread.sleep(100)
        assertEquals("0", Regex("\"in_flight\":(\\d+)").find(sandbox.stats())!!.groupValues[1])
    }

    @Test
    fun `the blocking stream sees typed events and disconnects`() {
        val chats = blocking.chats(space)
        val chat = chats.create(CreateChatRequest(name = "Blocking")).id
        val stream = chats.stream(chat, heartbeatSeconds = 1)
        val id = chats.addMessage(chat, NewMessage(text = "hello"))
        chats.toggleReaction(chat, id, "🎉")
        val added = stream.nextBlocking()
        assertTrue(added is ChatEvent.MessageAdded && added.message.id == id)
        val reacted = stream.nextBlocking()
        assertTrue(reacted is ChatEvent.ReactionsUpdated && reacted.reactions.single().emoji == "🎉")
        stream.disconnect()
        assertEquals(null, stream.nextBlocking())
        stream.close()
        assertFalse(chats.messages(chat).isEmpty())
    }

    /** Peak RSS of this JVM in KiB (VmHWM), or null off Linux. */
    private fun peakKib(): Long? = runCatching {
        java.io.File("/proc/self/status").readLines().first { it.startsWith("VmHWM:") }.split(Regex("\\s+"))[1].toLong()
    }.getOrNull()

    @Test
    fun `a 200 MB upload and download keep the peak RSS flat`() = runBlocking {
        if (peakKib() == null || !runCatching { java.io.File("/proc/self/clear_refs").writeText("5") }.isSuccess) return@runBlocking
        val megabytes = System.getenv("ANYTYPE_MEMORY_TEST_MB")?.toIntOrNull() ?: 200
        val dir = NioFiles.createTempDirectory("anytype-kt-memory")
        val source = dir.resolve("big.bin")
        val block = ByteArray(1 shl 20) { it.toByte() }
        NioFiles.newOutputStream(source).use { out -> repeat(megabytes) { out.write(block) } }
        val files = client.files(space)
        val warm = files.upload(dir.resolve("warm.bin").also { NioFiles.write(it, block) }.toString())
        files.download(warm.objectId, dir.resolve("warm.out").toString())
        System.gc()
        java.io.File("/proc/self/clear_refs").writeText("5")
        val idle = peakKib()!!
        val uploaded = files.upload(source.toString())
        val afterUpload = peakKib()!!
        val target = dir.resolve("big.out")
        files.download(uploaded.objectId, target.toString())
        val afterDownload = peakKib()!!
        assertEquals(megabytes.toLong() shl 20, NioFiles.size(target))
        println("kotlin $megabytes MB: peak RSS idle ${idle / 1024} MiB, +${(afterUpload - idle) / 1024.0} MiB after the upload, +${(afterDownload - idle) / 1024.0} MiB after the download")
        dir.toFile().deleteRecursively()
        assertTrue(afterUpload - idle < 16 * 1024, "the upload raised the peak by ${(afterUpload - idle) / 1024} MiB")
        assertTrue(afterDownload - idle < 16 * 1024, "the download raised the peak by ${(afterDownload - idle) / 1024} MiB")
    }
}
