// Kotlin benchmarks: the Anytype SDK (dev.anytype.sdk) against java.net.http + kotlinx.serialization
// (Raw.kt), on one running sandbox. The Kotlin counterpart of bench/python/bench.py.
//
//   suite --url URL --space-id ID [--total N] [--runs 5] [--sequential 2000] [--concurrent 20000]
//         [--in-flight 64] [--page-size 1000] [--ffi-sync 500000] [--ffi-async 20000]
//         [--objects-space-id ID [--objects-total 10000] [--objects-properties 10]]
//         [--file-path PATH --file-mb N [--download-object-id ID]] [--messages N]
//         [--scenarios a,b,...] [--jvm-flags "..."] [--out FILE]
//   one SCENARIO IMPL (same options)
//
// The API key comes from ANYTYPE_BENCH_KEY. `suite` runs every measurement --runs times, each run of
// each implementation in a fresh JVM (`one`, started with --jvm-flags), so VmHWM is that scenario's
// own peak RSS, and writes {"records": [...], "versions": {...}, "notes": []} to --out (or stdout).
// `one` prints one JSON line. With --objects-space-id (a space of --objects-total generated objects with
// --objects-properties values each) the suite also runs list_all_objects, search_all_objects and
// search_all_objects_blocking (the SDK against OkHttp and java.net.http); with --file-path upload_file
// (and download_file with --download-object-id, a file object of the same --file-mb MiB); with
// --messages N > 0 chat_stream (Transfers.kt; the same three). --scenarios runs only those.

package dev.anytype.bench

import dev.anytype.sdk.AnytypeClient
import dev.anytype.sdk.BlockingAnytypeClient
import dev.anytype.sdk.ClientConfig
import dev.anytype.sdk.SearchRequest
import dev.anytype.sdk.Sort
import dev.anytype.sdk.SortProperty
import dev.anytype.sdk.anyOf
import dev.anytype.sdk.asc
import dev.anytype.sdk.noop
import dev.anytype.sdk.noopAsync
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import kotlinx.serialization.json.Json
import java.io.File
import java.util.Properties
import java.util.concurrent.atomic.AtomicInteger
import kotlin.system.exitProcess

// --------------------------------------------------------------------------------------------
// Options
// --------------------------------------------------------------------------------------------

class Options(args: List<String>) {
    val positional = mutableListOf<String>()
    private val named = mutableMapOf<String, String>()

    init {
        var i = 0
        while (i < args.size) {
            val arg = args[i]
            if (arg.startsWith("--")) {
                require(i + 1 < args.size) { "$arg needs a value" }
                named[arg.removePrefix("--")] = args[i + 1]
                i += 2
            } else {
                positional += arg
                i += 1
            }
        }
        val unknown = named.keys - KNOWN
        require(unknown.isEmpty()) { "unknown option(s): ${unknown.joinToString { "--$it" }}" }
    }

    private fun int(name: String, default: Int) = named[name]?.toInt() ?: default

    val url: String = named["url"] ?: System.getenv("ANYTYPE_BENCH_URL") ?: throw IllegalArgumentException("--url is required")
    val spaceId: String = named["space-id"] ?: System.getenv("ANYTYPE_BENCH_SPACE_ID") ?: throw IllegalArgumentException("--space-id is required")
    val total = int("total", 10_000)
    val runs = int("runs", 5)
    val sequential = int("sequential", 2_000)
    val concurrent = int("concurrent", 20_000)
    val inFlight = int("in-flight", 64)
    val pageSize = int("page-size", 1_000)
    val ffiSync = int("ffi-sync", 500_000)
    val ffiAsync = int("ffi-async", 20_000)
    val objectsSpaceId: String? = named["objects-space-id"]
    val objectsTotal = int("objects-total", 10_000)
    val objectsProperties = int("objects-properties", 10)
    /** How many objects match the search (the driver counts them with a listing and passes it on). */
    val searchMatches = int("search-matches", -1)
    /** The file of upload_file (--file-mb MiB of random bytes); absent or empty: no file scenarios. */
    val filePath: String? = named["file-path"]?.takeIf { it.isNotEmpty() }
    val fileMb: Int = named["file-mb"]?.toInt() ?: filePath?.let { (File(it).length() shr 20).toInt() } ?: 0
    /** A file object of [spaceId] holding the same bytes: download_file fetches it. */
    val downloadObjectId: String? = named["download-object-id"]?.takeIf { it.isNotEmpty() }
    /** The messages of chat_stream; 0: no stream scenario. */
    val messages = int("messages", 0)
    val scenarios: Set<String>? = named["scenarios"]?.split(',')?.map { it.trim() }?.filter { it.isNotEmpty() }?.toSet()
    val jvmFlags: List<String> = (named["jvm-flags"] ?: DEFAULT_JVM_FLAGS).split(' ').filter { it.isNotBlank() }
    val out: String? = named["out"]
    val key: String = System.getenv("ANYTYPE_BENCH_KEY")?.takeIf { it.isNotEmpty() }
        ?: throw IllegalArgumentException("set ANYTYPE_BENCH_KEY to the API key")

    /** The options a child `one` gets (all but --runs, --jvm-flags and --out). */
    fun forChild(searchMatches: Int? = null): List<String> = listOf(
        "--url", url, "--space-id", spaceId, "--total", "$total", "--sequential", "$sequential",
        "--concurrent", "$concurrent", "--in-flight", "$inFlight", "--page-size", "$pageSize",
        "--ffi-sync", "$ffiSync", "--ffi-async", "$ffiAsync",
    ) + (objectsSpaceId?.let {
        listOf("--objects-space-id", it, "--objects-total", "$objectsTotal", "--objects-properties", "$objectsProperties")
    } ?: emptyList()) + (searchMatches?.let { listOf("--search-matches", "$it") } ?: emptyList()) +
        (filePath?.let { listOf("--file-path", it, "--file-mb", "$fileMb") } ?: emptyList()) +
        (downloadObjectId?.let { listOf("--download-object-id", it) } ?: emptyList()) +
        (if (messages > 0) listOf("--messages", "$messages") else emptyList())

    companion object {
        val KNOWN = setOf(
            "url", "space-id", "total", "runs", "sequential", "concurrent", "in-flight", "page-size",
            "ffi-sync", "ffi-async", "jvm-flags", "out", "objects-space-id", "objects-total", "objects-properties",
            "search-matches", "scenarios", "file-path", "file-mb", "download-object-id", "messages",
        )
        const val DEFAULT_JVM_FLAGS = "-Xms64m -Xmx512m -XX:+UseSerialGC"
    }
}

// --------------------------------------------------------------------------------------------
// Scenarios. Each returns its value in the scenario's unit.
// --------------------------------------------------------------------------------------------

val UNITS = linkedMapOf(
    "ffi_noop_sync" to "ns/call",
    "ffi_noop_async" to "ns/call",
    "sequential_get" to "us/call",
    "concurrent_get" to "req/s",
    "list_all_pages" to "ms/listing",
    "list_all_objects" to "ms/listing",
    "search_all_objects" to "ms/listing",
    "search_all_objects_blocking" to "ms/listing",
    "upload_file" to "MiB/s",
    "download_file" to "MiB/s",
    "chat_stream" to "msg/s",
)

// Warm-up before timing, in calls (the JIT compiles the hot paths of both clients only after
// thousands of calls; Python's counts are smaller). The FFI ones are capped at the measured count.
const val WARMUP_FFI_SYNC = 100_000
const val WARMUP_FFI_ASYNC = 5_000
const val WARMUP_SEQUENTIAL = 1_000
const val WARMUP_CONCURRENT = 4_000
const val WARMUP_LISTINGS = 3
// A listing of 10,000 objects decodes ~160,000 property values: the JIT has compiled the paths
// after the first one.
const val WARMUP_OBJECT_LISTINGS = 2
const val WARMUP_SEARCHES = 2

fun ffiNoopSync(n: Int): Double {
    repeat(minOf(n, WARMUP_FFI_SYNC)) { noop() }
    val started = System.nanoTime()
    repeat(n) { noop() }
    return (System.nanoTime() - started).toDouble() / n
}

fun ffiNoopAsync(n: Int): Double = runBlocking {
    repeat(minOf(n, WARMUP_FFI_ASYNC)) { noopAsync() }
    val started = System.nanoTime()
    repeat(n) { noopAsync() }
    (System.nanoTime() - started).toDouble() / n
}

fun checkId(got: String, want: String) {
    if (got != want) throw IllegalStateException("got space $got, asked for $want")
}

suspend fun sequential(n: Int, spaceId: String, get: suspend () -> String): Double {
    repeat(WARMUP_SEQUENTIAL) { checkId(get(), spaceId) }
    val started = System.nanoTime()
    repeat(n) { checkId(get(), spaceId) }
    return (System.nanoTime() - started) / 1e3 / n
}

/** [n] gets from [inFlight] coroutines sharing one client; requests per second. */
suspend fun concurrent(n: Int, inFlight: Int, spaceId: String, get: suspend () -> String): Double = coroutineScope {
    val counter = AtomicInteger()
    val started = System.nanoTime()
    List(inFlight) {
        launch {
            while (counter.getAndIncrement() < n) checkId(get(), spaceId)
        }
    }.joinAll()
    n / ((System.nanoTime() - started) / 1e9)
}

suspend fun listing(total: Int, list: suspend () -> Int): Double {
    repeat(WARMUP_LISTINGS) { list() }
    val started = System.nanoTime()
    val count = list()
    val elapsed = (System.nanoTime() - started) / 1e6
    if (count != total) throw IllegalStateException("listed $count spaces, expected $total")
    return elapsed
}

/** What both implementations' object listings are checked for: the count, and per object its number of
 *  property values and whether one of them is a parsed date. */
fun checkObjects(o: Options, listed: Int, perObject: Sequence<Pair<Int, Boolean>>, total: Int = o.objectsTotal) {
    if (listed != total) throw IllegalStateException("listed $listed objects, expected $total")
    perObject.forEachIndexed { i, (values, dated) ->
        if (values < o.objectsProperties || !dated) {
            throw IllegalStateException("object $i: $values property values (expected at least ${o.objectsProperties}), parsed date: $dated")
        }
    }
}

/** list_all_objects: warm-up listings, then one timed listing (ms), checked after the clock stops. */
fun objectListing(o: Options, impl: String): Double = runBlocking(Dispatchers.Default) {
    val spaceId = o.objectsSpaceId ?: throw IllegalArgumentException("--objects-space-id is required for list_all_objects")
    when (impl) {
        "sdk" -> AnytypeClient(o.key, ClientConfig(baseUrl = o.url)).use { client ->
            client.objects(spaceId).use { objects ->
                repeat(WARMUP_OBJECT_LISTINGS) { objects.listAll(o.pageSize.toLong()) }
                val started = System.nanoTime()
                val all = objects.listAll(o.pageSize.toLong())
                val elapsed = (System.nanoTime() - started) / 1e6
                checkObjects(o, all.size, all.asSequence().map { obj ->
                    obj.properties.size to obj.properties.any { (it.value as? dev.anytype.sdk.Value.Date)?.date != null }
                })
                elapsed
            }
        }
        "alternative" -> RawClient(o.url, o.key).use { client ->
            repeat(WARMUP_OBJECT_LISTINGS) { client.listAllObjects(spaceId, o.pageSize) }
            val started = System.nanoTime()
            val all = client.listAllObjects(spaceId, o.pageSize)
            val elapsed = (System.nanoTime() - started) / 1e6
            checkObjects(o, all.size, all.asSequence().map { obj ->
                obj.properties.size to obj.properties.any { (it.value as? RawValue.Date)?.date != null }
            })
            elapsed
        }
        else -> error("impl must be sdk or alternative, not $impl")
    }
}

// --------------------------------------------------------------------------------------------
// search_all_objects(_blocking): every match of one search (Raw.kt's SEARCH_BODY), in pages
// --------------------------------------------------------------------------------------------

/** The SDK's form of SEARCH_BODY: it compiles to the same expression (both conditions go to the server). */
fun sdkSearchRequest() = SearchRequest(
    query = "generated object",
    types = listOf("page"),
    filter = anyOf {
        number(SEARCH_NUMBER_KEY) gte SEARCH_AT_LEAST
        checkbox(SEARCH_CHECKBOX_KEY) eq true
    },
    sort = Sort.asc(SortProperty.NAME),
)

/** How many objects of [spaceId] match the search, from a listing (a page at a time, nothing kept). */
fun countSearchMatches(o: Options, spaceId: String): Int = runBlocking(Dispatchers.Default) {
    RawClient(o.url, o.key).use { client ->
        val path = "/v1/spaces/" + java.net.URLEncoder.encode(spaceId, Charsets.UTF_8) + "/objects"
        var offset = 0
        var matches = 0
        while (true) {
            val page = client.decodeObjectPage(client.fetch("$path?offset=$offset&limit=1000"))
            matches += page.data.count { obj ->
                val values = obj.properties.orEmpty().associateBy { it.key }
                val number = values[SEARCH_NUMBER_KEY]?.number
                val generated = obj.name.orEmpty().contains("generated object", ignoreCase = true)
                generated && ((number != null && number >= SEARCH_AT_LEAST) || values[SEARCH_CHECKBOX_KEY]?.checkbox == true)
            }
            offset += page.data.size
            if (!page.pagination.hasMore || page.data.isEmpty()) break
        }
        matches
    }
}

/** One found object as the checks see it: id, name, the number, the checkbox, its value count, a parsed date. */
class Found(val id: String, val name: String, val number: Double?, val checked: Boolean, val values: Int, val dated: Boolean)

/** After the clock: as many as the listing counted, no id twice, each a match, sorted by name (ignoring case). */
fun checkSearch(o: Options, found: List<Found>) {
    val expected = o.searchMatches
    if (expected <= 0) throw IllegalStateException("nothing matches the search (--search-matches $expected): are there --objects-properties >= 5?")
    if (found.size != expected) throw IllegalStateException("found ${found.size} objects, expected $expected matches")
    if (found.map { it.id }.toSet().size != found.size) throw IllegalStateException("an object was found twice")
    for (f in found) {
        if (!((f.number != null && f.number >= SEARCH_AT_LEAST) || f.checked)) throw IllegalStateException("${f.name} does not match the filter")
    }
    val names = found.map { it.name.lowercase() }
    if (names != names.sorted()) throw IllegalStateException("not sorted by name")
    checkObjects(o, found.size, found.asSequence().map { it.values to it.dated }, total = expected)
}

fun dev.anytype.sdk.Object.found() = Found(
    id, name, number(SEARCH_NUMBER_KEY), checkbox(SEARCH_CHECKBOX_KEY) == true, properties.size,
    properties.any { (it.value as? dev.anytype.sdk.Value.Date)?.date != null },
)

fun RawObject.found(): Found {
    val values = properties.associateBy { it.key }
    return Found(
        id, name, (values[SEARCH_NUMBER_KEY]?.value as? RawValue.Number)?.number,
        (values[SEARCH_CHECKBOX_KEY]?.value as? RawValue.Checkbox)?.checked == true, properties.size,
        properties.any { (it.value as? RawValue.Date)?.date != null },
    )
}

/** Warm-up searches, then one timed search (ms), checked after the clock stops. */
inline fun <T> timedSearch(o: Options, search: () -> List<T>, found: (T) -> Found): Double {
    repeat(WARMUP_SEARCHES) { search() }
    val started = System.nanoTime()
    val all = search()
    val elapsed = (System.nanoTime() - started) / 1e6
    checkSearch(o, all.map(found))
    return elapsed
}

/** search_all_objects (suspend, on the default dispatcher) or its blocking twin, with one implementation. */
fun objectSearch(o: Options, impl: String, blocking: Boolean): Double {
    val spaceId = o.objectsSpaceId ?: throw IllegalArgumentException("--objects-space-id is required for the search scenarios")
    val pageSize = o.pageSize
    if (blocking) {
        return when (impl) {
            "sdk" -> BlockingAnytypeClient(o.key, ClientConfig(baseUrl = o.url)).use { client ->
                client.objects(spaceId).use { objects ->
                    val request = sdkSearchRequest()
                    timedSearch(o, { objects.searchAll(request, pageSize.toLong()) }) { it.found() }
                }
            }
            "okhttp" -> OkClient(o.url, o.key).use { client ->
                timedSearch(o, { client.searchAllObjectsBlocking(spaceId, pageSize) }) { it.found() }
            }
            "jdk" -> RawClient(o.url, o.key).use { client ->
                timedSearch(o, { client.searchAllObjectsBlocking(spaceId, pageSize) }) { it.found() }
            }
            else -> error("impl must be sdk, okhttp or jdk, not $impl")
        }
    }
    return runBlocking(Dispatchers.Default) {
        when (impl) {
            "sdk" -> AnytypeClient(o.key, ClientConfig(baseUrl = o.url)).use { client ->
                client.objects(spaceId).use { objects ->
                    val request = sdkSearchRequest()
                    timedSearch(o, { objects.searchAll(request, pageSize.toLong()) }) { it.found() }
                }
            }
            "okhttp" -> OkClient(o.url, o.key).use { client ->
                timedSearch(o, { client.searchAllObjects(spaceId, pageSize) }) { it.found() }
            }
            "jdk" -> RawClient(o.url, o.key).use { client ->
                timedSearch(o, { client.searchAllObjects(spaceId, pageSize) }) { it.found() }
            }
            else -> error("impl must be sdk, okhttp or jdk, not $impl")
        }
    }
}

/** One network scenario with one implementation, on the default dispatcher (as application code would). */
fun network(o: Options, scenario: String, impl: String): Double = runBlocking(Dispatchers.Default) {
    when (impl) {
        "sdk" -> AnytypeClient(o.key, ClientConfig(baseUrl = o.url)).use { client ->
            client.spaces().use { spaces ->
                scenario(o, scenario, { spaces.get(o.spaceId).id }, { spaces.listAll(o.pageSize.toLong()).size })
            }
        }
        "alternative" -> RawClient(o.url, o.key).use { client ->
            scenario(o, scenario, { client.get(o.spaceId).id }, { client.listAll(o.pageSize).size })
        }
        else -> error("impl must be sdk or alternative, not $impl")
    }
}

/** Run `scenario` with one implementation's get (returning the id) and full listing (returning the count). */
private suspend fun scenario(o: Options, scenario: String, get: suspend () -> String, listAll: suspend () -> Int): Double =
    when (scenario) {
        "sequential_get" -> sequential(o.sequential, o.spaceId, get)
        "concurrent_get" -> {
            concurrent(WARMUP_CONCURRENT, o.inFlight, o.spaceId, get)
            concurrent(o.concurrent, o.inFlight, o.spaceId, get)
        }
        "list_all_pages" -> listing(o.total) { listAll() }
        else -> error("no scenario $scenario")
    }

/** This process's peak resident set size (VmHWM), in KiB. */
fun peakRssKib(): Long =
    File("/proc/self/status").readLines().first { it.startsWith("VmHWM:") }
        .removePrefix("VmHWM:").trim().removeSuffix("kB").trim().toLong()

fun one(o: Options, scenario: String, impl: String): JsonObject {
    val unit = UNITS[scenario] ?: throw IllegalArgumentException("scenario must be one of ${UNITS.keys.joinToString()}")
    var baselineKib: Long? = null
    val value = when (scenario) {
        "upload_file", "download_file" -> fileTransfer(o, scenario, impl).also { baselineKib = it.baselineKib }.value
        "chat_stream" -> chatStream(o, impl).value
        "ffi_noop_sync" -> ffiNoopSync(o.ffiSync)
        "ffi_noop_async" -> ffiNoopAsync(o.ffiAsync)
        "list_all_objects" -> objectListing(o, impl)
        "search_all_objects" -> objectSearch(o, impl, blocking = false)
        "search_all_objects_blocking" -> objectSearch(o, impl, blocking = true)
        else -> network(o, scenario, impl)
    }
    return buildJsonObject {
        put("scenario", scenario)
        put("impl", impl)
        put("unit", unit)
        put("value", value)
        put("peak_rss_kib", peakRssKib())
        baselineKib?.let { put("baseline_rss_kib", it) }
    }
}

// --------------------------------------------------------------------------------------------
// The suite
// --------------------------------------------------------------------------------------------

val BASE_PLAN = listOf(
    "ffi_noop_sync" to listOf("ffi"),
    "ffi_noop_async" to listOf("ffi"),
    "sequential_get" to listOf("sdk", "alternative"),
    "concurrent_get" to listOf("sdk", "alternative"),
    "list_all_pages" to listOf("sdk", "alternative"),
)
val OBJECTS_PLAN = listOf(
    "list_all_objects" to listOf("sdk", "alternative"),
    "search_all_objects" to listOf("sdk", "okhttp", "jdk"),
    "search_all_objects_blocking" to listOf("sdk", "okhttp", "jdk"),
)
/** Each against OkHttp and java.net.http (Transfers.kt). */
val TRANSFER_IMPLS = listOf("sdk", "okhttp", "jdk")
fun plan(o: Options) = (
    BASE_PLAN + (if (o.objectsSpaceId != null) OBJECTS_PLAN else emptyList()) +
        (if (o.filePath != null) listOf("upload_file" to TRANSFER_IMPLS) else emptyList()) +
        (if (o.filePath != null && o.downloadObjectId != null) listOf("download_file" to TRANSFER_IMPLS) else emptyList()) +
        (if (o.messages > 0) listOf("chat_stream" to TRANSFER_IMPLS) else emptyList())
    ).filter { (scenario, _) -> o.scenarios == null || scenario in o.scenarios }
val RSS_SCENARIOS = setOf(
    "concurrent_get", "list_all_pages", "list_all_objects", "search_all_objects", "search_all_objects_blocking",
    "upload_file", "download_file", "chat_stream",
)
/** Also rss_growth_*: the peak at the end minus the one read just before the clock started (same process). */
val GROWTH_SCENARIOS = setOf("upload_file", "download_file")
/** The alternatives of the search scenarios, by the name the results give them. */
val ALTERNATIVE_NAMES = mapOf("okhttp" to "OkHttp", "jdk" to "java.net.http")

fun versions(): Map<String, String> {
    val props = Properties()
    Options::class.java.getResourceAsStream("/bench-versions.properties")?.use { props.load(it) }
    return mapOf(
        "anytype-sdk (kotlin)" to props.getProperty("anytype-sdk", "?"),
        "kotlin-stdlib" to KotlinVersion.CURRENT.toString(),
        "kotlinx-coroutines" to props.getProperty("kotlinx-coroutines", "?"),
        "kotlinx-serialization-json" to props.getProperty("kotlinx-serialization-json", "?"),
        "okhttp" to props.getProperty("okhttp", "?"),
        "okhttp-sse" to props.getProperty("okhttp-sse", "?"),
        "jna" to com.sun.jna.Native.VERSION,
        "jdk" to "${System.getProperty("java.vm.name")} ${System.getProperty("java.runtime.version")}",
    )
}

fun label(scenario: String, impl: String, v: Map<String, String>): String = when {
    scenario == "ffi_noop_sync" -> "dev.anytype.sdk.noop()"
    scenario == "ffi_noop_async" -> "dev.anytype.sdk.noopAsync() (suspend, runBlocking)"
    scenario == "list_all_objects" && impl == "sdk" -> "anytype-sdk ${v["anytype-sdk (kotlin)"]} objects(..).listAll (coroutines)"
    scenario == "search_all_objects" && impl == "sdk" -> "anytype-sdk ${v["anytype-sdk (kotlin)"]} objects(..).searchAll (coroutines)"
    scenario == "search_all_objects_blocking" && impl == "sdk" -> "anytype-sdk ${v["anytype-sdk (kotlin)"]} BlockingObjects.searchAll"
    scenario == "search_all_objects" && impl == "okhttp" ->
        "OkHttp ${v["okhttp"]} POST (execute() on Dispatchers.IO) + kotlinx.serialization ${v["kotlinx-serialization-json"]}"
    scenario == "search_all_objects_blocking" && impl == "okhttp" -> "OkHttp ${v["okhttp"]} POST (execute()) + kotlinx.serialization ${v["kotlinx-serialization-json"]}"
    scenario == "search_all_objects" && impl == "jdk" ->
        "java.net.http (JDK ${System.getProperty("java.version")}) POST (sendAsync) + kotlinx.serialization ${v["kotlinx-serialization-json"]}"
    scenario == "search_all_objects_blocking" && impl == "jdk" ->
        "java.net.http (JDK ${System.getProperty("java.version")}) POST (send) + kotlinx.serialization ${v["kotlinx-serialization-json"]}"
    scenario == "upload_file" && impl == "sdk" -> "anytype-sdk ${v["anytype-sdk (kotlin)"]} files(..).upload (coroutines, streamed from disk)"
    scenario == "upload_file" && impl == "okhttp" ->
        "OkHttp ${v["okhttp"]} MultipartBody + File.asRequestBody (streamed from disk; execute() on Dispatchers.IO)"
    scenario == "upload_file" && impl == "jdk" ->
        "java.net.http (JDK ${System.getProperty("java.version")}) multipart by hand: BodyPublishers.concat + ofFile (streamed from disk; sendAsync)"
    scenario == "download_file" && impl == "sdk" ->
        "anytype-sdk ${v["anytype-sdk (kotlin)"]} files(..).download (coroutines, streamed to disk via .part)"
    scenario == "download_file" && impl == "okhttp" ->
        "OkHttp ${v["okhttp"]} GET, body source written to an okio file sink (execute() on Dispatchers.IO)"
    scenario == "download_file" && impl == "jdk" ->
        "java.net.http (JDK ${System.getProperty("java.version")}) GET, BodyHandlers.ofFile (sendAsync)"
    scenario == "chat_stream" && impl == "sdk" ->
        "anytype-sdk ${v["anytype-sdk (kotlin)"]} chats(..).stream, ChatStream.next() as a Flow (coroutines)"
    scenario == "chat_stream" && impl == "okhttp" ->
        "okhttp-sse ${v["okhttp-sse"]} EventSource -> Channel + kotlinx.serialization ${v["kotlinx-serialization-json"]}"
    scenario == "chat_stream" && impl == "jdk" ->
        "java.net.http (JDK ${System.getProperty("java.version")}) BodyHandlers.ofLines, SSE lines parsed by hand + kotlinx.serialization ${v["kotlinx-serialization-json"]}"
    impl == "sdk" -> "anytype-sdk ${v["anytype-sdk (kotlin)"]} (coroutines)"
    else -> "java.net.http (JDK ${System.getProperty("java.version")}) + kotlinx.serialization ${v["kotlinx-serialization-json"]}"
}

fun child(o: Options, scenario: String, impl: String, searchMatches: Int?): JsonObject {
    val java = File(System.getProperty("java.home"), "bin/java").path
    val command = listOf(java) + o.jvmFlags +
        listOf("-cp", System.getProperty("java.class.path"), "dev.anytype.bench.BenchKt", "one", scenario, impl) +
        o.forChild(searchMatches)
    val errors = File.createTempFile("anytype-bench-kotlin", ".err")
    try {
        val process = ProcessBuilder(command).redirectError(errors).start()
        process.outputStream.close()
        val output = process.inputStream.bufferedReader().readText()
        val status = process.waitFor()
        if (status != 0) {
            throw IllegalStateException("$scenario $impl failed (exit $status): ${errors.readText().trim().takeLast(4000)}")
        }
        val line = output.trim().lines().lastOrNull()?.takeIf { it.startsWith("{") }
            ?: throw IllegalStateException("$scenario $impl printed no result: ${output.takeLast(2000)}")
        return Json.parseToJsonElement(line).jsonObject
    } finally {
        errors.delete()
    }
}

fun median(values: List<Double>): Double {
    val sorted = values.sorted()
    val mid = sorted.size / 2
    return if (sorted.size % 2 == 1) sorted[mid] else (sorted[mid - 1] + sorted[mid]) / 2
}

fun suite(o: Options): JsonObject {
    val values = linkedMapOf<Pair<String, String>, MutableList<Double>>()
    val rss = linkedMapOf<Pair<String, String>, MutableList<Double>>()
    val growth = linkedMapOf<Pair<String, String>, MutableList<Double>>()
    // The search scenarios check their results against a count made here, once, from a listing.
    val searchMatches = o.objectsSpaceId?.takeIf { plan(o).any { it.first.startsWith("search_") } }?.let { countSearchMatches(o, it) }
    for ((scenario, impls) in plan(o)) {
        for (run in 0 until o.runs) {
            // Alternate which implementation goes first, so neither always runs on a warmer machine.
            for (impl in if (run % 2 == 0) impls else impls.reversed()) {
                val result = child(o, scenario, impl, searchMatches)
                val value = result["value"]!!.jsonPrimitive.double
                val unit = UNITS.getValue(scenario)
                System.err.println("  kotlin ${scenario.padEnd(23)} ${impl.padEnd(11)} run ${run + 1}: ${"%.1f".format(value)} $unit")
                values.getOrPut(scenario to impl) { mutableListOf() } += value
                val peakKib = result["peak_rss_kib"]!!.jsonPrimitive.double
                rss.getOrPut(scenario to impl) { mutableListOf() } += peakKib / 1024.0
                result["baseline_rss_kib"]?.jsonPrimitive?.double?.let { baselineKib ->
                    growth.getOrPut(scenario to impl) { mutableListOf() } += (peakKib - baselineKib) / 1024.0
                }
            }
        }
    }
    val v = versions()
    val params = buildJsonObject {
        put("total", o.total)
        put("sequential", o.sequential)
        put("concurrent", o.concurrent)
        put("in_flight", o.inFlight)
        put("page_size", o.pageSize)
        put("ffi_sync", o.ffiSync)
        put("ffi_async", o.ffiAsync)
        if (o.objectsSpaceId != null) {
            put("objects_total", o.objectsTotal)
            put("objects_properties", o.objectsProperties)
        }
        if (o.filePath != null) put("file_mb", o.fileMb)
        if (o.messages > 0) put("messages", o.messages)
        put("jvm_flags", o.jvmFlags.joinToString(" "))
        put("dispatcher", "runBlocking(Dispatchers.Default)")
        put(
            "warmup",
            "ffi_sync $WARMUP_FFI_SYNC, ffi_async $WARMUP_FFI_ASYNC, sequential $WARMUP_SEQUENTIAL, " +
                "concurrent $WARMUP_CONCURRENT, listings $WARMUP_LISTINGS, object listings $WARMUP_OBJECT_LISTINGS, " +
                "searches $WARMUP_SEARCHES, files and stream: one GET of the space",
        )
    }
    fun record(scenario: String, impl: String, label: String, unit: String, runs: List<Double>) = buildJsonObject {
        put("language", "kotlin")
        put("scenario", scenario)
        // Several alternatives: each record says which (the harness compares the SDK with the fastest).
        val alternative = ALTERNATIVE_NAMES[impl]
        put("impl", if (alternative != null) "alternative" else impl)
        if (alternative != null) put("alternative", alternative)
        put("label", label)
        put("unit", unit)
        put("runs", buildJsonArray { runs.forEach { add(JsonPrimitive(it)) } })
        put("median", median(runs))
        put("params", params)
    }
    val records = mutableListOf<JsonObject>()
    for ((scenario, impls) in plan(o)) {
        for (impl in impls) {
            val label = label(scenario, impl, v)
            records += record(scenario, impl, label, UNITS.getValue(scenario), values.getValue(scenario to impl))
            if (scenario in RSS_SCENARIOS) {
                records += record("peak_rss_$scenario", impl, label, "MiB", rss.getValue(scenario to impl))
            }
            if (scenario in GROWTH_SCENARIOS) {
                records += record("rss_growth_$scenario", impl, label, "MiB", growth.getValue(scenario to impl))
            }
        }
    }
    return buildJsonObject {
        put("records", JsonArray(records))
        put("versions", JsonObject(v.mapValues { JsonPrimitive(it.value) }))
        put("notes", JsonArray(emptyList()))
    }
}

fun main(args: Array<String>) {
    val code = try {
        val o = Options(args.drop(1))
        when (args.firstOrNull()) {
            "one" -> {
                require(o.positional.size == 2) { "usage: one SCENARIO IMPL [options]" }
                println(one(o, o.positional[0], o.positional[1]))
            }
            "suite" -> {
                val text = suite(o).toString()
                if (o.out != null) File(o.out).writeText(text + "\n") else println(text)
            }
            else -> throw IllegalArgumentException("usage: suite|one ... (see bench/kotlin/README.md)")
        }
        0
    } catch (e: IllegalArgumentException) {
        System.err.println("bench: ${e.message}")
        2
    } catch (e: Exception) {
        System.err.println("bench: ${e.message ?: e}")
        if (args.firstOrNull() == "one") e.printStackTrace()
        1
    }
    System.out.flush()
    // The SDK's runtime and HttpClient's selector threads must not keep the JVM alive.
    exitProcess(code)
}
