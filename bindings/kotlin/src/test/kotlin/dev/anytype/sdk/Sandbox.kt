package dev.anytype.sdk

import java.io.File
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * A running `anytype-sandbox` process (the in-memory Anytype API server built by the workspace).
 *
 * The binary is `$ANYTYPE_SANDBOX_BIN`, else the `anytype.sandbox.bin` system property that the pom
 * sets to `<libdir>/anytype-sandbox`. Every challenge accepts the code [CODE].
 */
class Sandbox private constructor(private val process: Process, val url: String) : AutoCloseable {
    private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    /** Add [count] generated spaces (after the 3 demo spaces). */
    fun addSpaces(count: Int) {
        val answer = send("POST", "/_sandbox/spaces?count=$count")
        check(answer.statusCode() == 201) { "adding spaces: ${answer.statusCode()} ${answer.body()}" }
    }

    /** Add a fault rule, e.g. `{"method":"GET","path":"/v1/spaces","times":1,"fault":{"kind":"hang"}}`. */
    fun addFault(ruleJson: String) {
        val answer = send("POST", "/_sandbox/faults", ruleJson)
        check(answer.statusCode() == 204) { "adding a fault: ${answer.statusCode()} ${answer.body()}" }
    }

    /**
     * Add a view to the list (collection or set) [listId] of [spaceId] (the API can't make views):
     * [viewJson] is `{name, layout, filters: [{property_key, condition, value}], sorts: [{property_key, sort_type}]}`.
     */
    fun addView(spaceId: String, listId: String, viewJson: String) {
        val answer = send("POST", "/_sandbox/spaces/$spaceId/lists/$listId/views", viewJson)
        check(answer.statusCode() == 201) { "adding a view: ${answer.statusCode()} ${answer.body()}" }
    }

    /** The `/_sandbox/stats` JSON, e.g. `{"requests":{"GET /v1/spaces":3}}`. */
    fun stats(): String {
        val answer = send("GET", "/_sandbox/stats")
        check(answer.statusCode() == 200) { "stats: ${answer.statusCode()} ${answer.body()}" }
        return answer.body()
    }

    /** How many `METHOD /path` requests the server has received, read from [stats]. */
    fun requestCount(method: String, path: String): Long {
        val key = Regex.escape("$method $path")
        val match = Regex("\"$key\"\\s*:\\s*(\\d+)").find(stats())
        return match?.groupValues?.get(1)?.toLong() ?: 0L
    }

    /** How many requests of the API itself (every route but `/_sandbox/...`) the server has received. */
    fun apiRequestCount(): Long =
        Regex("\"[A-Z]+ (/[^\"]*)\"\\s*:\\s*(\\d+)").findAll(stats())
            .filter { !it.groupValues[1].startsWith("/_sandbox") }
            .sumOf { it.groupValues[2].toLong() }

    private fun send(method: String, path: String, body: String? = null): HttpResponse<String> {
        val publisher = body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody()
        val request = HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build()
        return http.send(request, HttpResponse.BodyHandlers.ofString())
    }

    // Stops the server even if a test class never gets to close() (e.g. the JVM is shutting down).
    private val stopAtExit = Thread { process.destroyForcibly() }.also { Runtime.getRuntime().addShutdownHook(it) }

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor()
        runCatching { Runtime.getRuntime().removeShutdownHook(stopAtExit) }
    }

    companion object {
        const val CODE = "1234"

        /** The sandbox binary to run. */
        fun binary(): File {
            val path = System.getenv("ANYTYPE_SANDBOX_BIN")?.takeIf { it.isNotBlank() }
                ?: System.getProperty("anytype.sandbox.bin")
                ?: error("set ANYTYPE_SANDBOX_BIN to the anytype-sandbox binary")
            val file = File(path)
            check(file.canExecute()) {
                "no sandbox binary at $file: run `cargo build-sdk` " +
                    "or set ANYTYPE_SANDBOX_BIN"
            }
            return file
        }

        /** Start a fresh sandbox on a free port; it has the 3 demo spaces. */
        fun start(): Sandbox {
            val process = ProcessBuilder(binary().path, "--port", "0", "--auth-code", CODE)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
            try {
                val first = process.inputReader().readLine()
                    ?: error("the sandbox exited before printing its address (exit ${process.waitFor()})")
                val url = Regex("listening on (http://\\S+)").find(first)?.groupValues?.get(1)
                    ?: error("unexpected first line from the sandbox: $first")
                // Keep draining its output so it can never block on a full pipe.
                Thread { process.inputStream.transferTo(java.io.OutputStream.nullOutputStream()) }
                    .apply { isDaemon = true }
                    .start()
                return Sandbox(process, url)
            } catch (e: Throwable) {
                process.destroyForcibly()
                throw e
            }
        }

        /** A base URL on a local port nobody listens on. */
        fun deadUrl(): String {
            val port = ServerSocket(0).use { it.localPort }
            return "http://127.0.0.1:$port"
        }
    }
}
