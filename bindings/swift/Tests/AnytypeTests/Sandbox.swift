// Test support: runs the sandbox server (`anytype-sandbox`) as a child process and talks to its
// `/_sandbox/...` admin routes.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking // URLSession lives here on Linux
#endif
import XCTest

/// The repository root, found from this file's path (bindings/swift/Tests/AnytypeTests/...).
let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent() // AnytypeTests
    .deletingLastPathComponent() // Tests
    .deletingLastPathComponent() // swift
    .deletingLastPathComponent() // bindings
    .deletingLastPathComponent() // repository

struct SandboxError: Error, CustomStringConvertible {
    let description: String
}

/// One running `anytype-sandbox --port 0 --auth-code 1234`; `stop()` ends it.
///
/// The server runs under a small `/bin/sh` watchdog that kills it as soon as its standard input
/// (a pipe whose write end only this process holds) is closed: by `stop()`, or by the kernel when
/// the test process dies, even by a crash. An orphaned server would otherwise keep running and
/// keep `swift test` waiting for the end of the output it inherited.
final class Sandbox {
    static let authCode = "1234"

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    let url: String
    private let process: Process
    private let lifeline: Pipe
    private var stopped = false

    /// `$ANYTYPE_SANDBOX_BIN`, or `<repo>/target/release/anytype-sandbox`.
    static var binary: String {
        ProcessInfo.processInfo.environment["ANYTYPE_SANDBOX_BIN"]
            ?? repoRoot.appendingPathComponent("target/release/anytype-sandbox").path
    }

    /// `sh -c <watchdog> <binary> <args...>`: start the server in the background (its stdin is
    /// /dev/null), wait for EOF on stdin, then kill it and reap it.
    private static let watchdog = #""$0" "$@" & child=$!; read -r line; kill -9 "$child"; wait "$child" 2>/dev/null"#

    init() throws {
        let bin = Sandbox.binary
        guard FileManager.default.isExecutableFile(atPath: bin) else {
            throw SandboxError(description: "no sandbox binary at \(bin) (build it: cargo build-sdk, or set ANYTYPE_SANDBOX_BIN)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", Sandbox.watchdog, bin, "--port", "0", "--auth-code", Sandbox.authCode]
        let stdout = Pipe()
        let lifeline = Pipe()
        process.standardOutput = stdout
        process.standardInput = lifeline
        try Sandbox.withUnblockedSignals { try process.run() }
        self.process = process
        self.lifeline = lifeline

        // The first line is `listening on http://127.0.0.1:PORT`.
        var output = Data()
        while !output.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break } // EOF: the server exited
            output.append(chunk)
        }
        let firstLine = String(decoding: output, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let prefix = "listening on "
        guard firstLine.hasPrefix(prefix) else {
            url = ""
            stop()
            throw SandboxError(description: "the sandbox did not start; first line: \(firstLine.debugDescription)")
        }
        url = String(firstLine.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    /// Stop the server and wait until it is gone (idempotent).
    func stop() {
        guard !stopped else { return }
        stopped = true
        lifeline.fileHandleForWriting.closeFile()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Runs `body` with no signal blocked on the current thread.
    ///
    /// A child process inherits the signal mask of the thread that starts it, and on Linux the
    /// threads that run Swift tasks (libdispatch workers) block most signals, SIGTERM and SIGCHLD
    /// included. A server started from an async test would then ignore SIGTERM, and the watchdog
    /// shell would wait forever for its child (SIGCHLD never arrives).
    private static func withUnblockedSignals<T>(_ body: () throws -> T) rethrows -> T {
        var none = sigset_t()
        var saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }

    // MARK: admin routes

    /// Add `count` generated spaces.
    func addSpaces(_ count: Int) async throws {
        _ = try await request("POST", "/_sandbox/spaces?count=\(count)", expect: 201)
    }

    /// Add a fault rule (JSON as in tests/sandbox/src/faults.rs).
    func addFault(_ rule: [String: Any]) async throws {
        let body = try JSONSerialization.data(withJSONObject: rule)
        _ = try await request("POST", "/_sandbox/faults", body: body, expect: 204)
    }

    /// Add a view to the list `listId` of the space `spaceId` (the API can't make views):
    /// `{name, layout, filters: [{property_key, condition, value}], sorts: [{property_key, sort_type}]}`
    /// as in tests/sandbox/src/lists.rs. Returns the view's JSON.
    func addView(spaceId: String, listId: String, _ view: [String: Any]) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: view)
        let data = try await request("POST", "/_sandbox/spaces/\(spaceId)/lists/\(listId)/views", body: body, expect: 201)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SandboxError(description: "unexpected view: \(String(decoding: data, as: UTF8.self))")
        }
        return json
    }

    /// How many requests arrived for `"METHOD /path"` (e.g. `"GET /v1/spaces"`).
    func requestCount(_ key: String) async throws -> Int {
        try await requestCounts()[key] ?? 0
    }

    /// Requests the server is handling now (one whose client hung up no longer counts).
    func inFlight() async throws -> Int {
        let data = try await request("GET", "/_sandbox/stats", expect: 200)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let value = (json["in_flight"] as? NSNumber)?.intValue
        else { throw SandboxError(description: "unexpected stats: \(String(decoding: data, as: UTF8.self))") }
        return value
    }

    /// Every request count, keyed by `"METHOD /path"`.
    func requestCounts() async throws -> [String: Int] {
        let data = try await request("GET", "/_sandbox/stats", expect: 200)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let requests = json["requests"] as? [String: Any]
        else { throw SandboxError(description: "unexpected stats: \(String(decoding: data, as: UTF8.self))") }
        return requests.compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    private func request(_ method: String, _ path: String, body: Data? = nil, expect status: Int) async throws -> Data {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        // The callback API works on every Foundation (the async one is newer on Linux).
        let (data, response): (Data, URLResponse) = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: (data ?? Data(), response!))
                }
            }.resume()
        }
        let code = (response as? HTTPURLResponse)?.statusCode ?? -1
        guard code == status else {
            throw SandboxError(description: "\(method) \(path): HTTP \(code), expected \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }
}
