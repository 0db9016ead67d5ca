// End-to-end tests of the Swift package against the sandbox server (a real HTTP server, in a child
// process). Every call crosses the FFI into the Rust core.

import Anytype
import Foundation
import XCTest

class SandboxTestCase: XCTestCase {
    var sandbox: Sandbox!

    override func setUpWithError() throws {
        sandbox = try Sandbox()
    }

    override func tearDown() {
        sandbox?.stop()
        sandbox = nil
    }

    /// Authenticate through the real challenge flow and return the key and a client.
    func login(_ config: ClientConfig? = nil) async throws -> (apiKey: String, client: AnytypeClient) {
        let config = config ?? ClientConfig(baseUrl: sandbox.url)
        let auth = try Auth(config: config)
        let challengeId = try await auth.createChallenge(appName: "SwiftTest")
        let apiKey = try await auth.createApiKey(challengeId: challengeId, code: Sandbox.authCode)
        return (apiKey, try AnytypeClient(apiKey: apiKey, config: config))
    }

    /// A client with a key minted for this test.
    func client(_ config: ClientConfig? = nil) async throws -> AnytypeClient {
        try await login(config).client
    }
}

/// Runs `body`, which must throw an `AnytypeError`, and returns that error.
func anytypeError<T>(
    _ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line
) async -> AnytypeError? {
    do {
        let value = try await body()
        XCTFail("expected an AnytypeError, got a result: \(value)", file: file, line: line)
    } catch let error as AnytypeError {
        return error
    } catch {
        XCTFail("expected an AnytypeError, got \(type(of: error)): \(error)", file: file, line: line)
    }
    return nil
}

// MARK: - The happy path

final class FlowTests: SandboxTestCase {
    func testAuthAndSpacesFlow() async throws {
        let auth = try Auth(config: ClientConfig(baseUrl: sandbox.url))
        let challengeId = try await auth.createChallenge(appName: "SwiftTest")
        XCTAssertFalse(challengeId.isEmpty)
        let apiKey = try await auth.createApiKey(challengeId: challengeId, code: Sandbox.authCode)
        XCTAssertFalse(apiKey.isEmpty)

        let client = try AnytypeClient(apiKey: apiKey, config: ClientConfig(baseUrl: sandbox.url))
        let spaces = client.spaces()

        // 3 demo spaces: a page of 2 says there are more.
        let first = try await spaces.list(offset: 0, limit: 2)
        XCTAssertEqual(first.data.count, 2)
        XCTAssertEqual(first.pagination, Pagination(total: 3, offset: 0, limit: 2, hasMore: true))
        XCTAssertEqual(first.data.map(\.name), ["Personal", "Work"])
        XCTAssertEqual(first.data[0].icon, .emoji(emoji: "🏠"))
        XCTAssertEqual(first.data[0].kind, .space)
        let second = try await spaces.list(offset: 2, limit: 2)
        XCTAssertEqual(second.data.map(\.name), ["Reading list"])
        XCTAssertFalse(second.pagination.hasMore)

        let all = try await spaces.listAll(pageSize: 2)
        XCTAssertEqual(all, first.data + second.data)

        let got = try await spaces.get(spaceId: all[1].id)
        XCTAssertEqual(got, all[1])

        let created = try await spaces.create(request: CreateSpaceRequest(name: "Swift space", description: "made by XCTest"))
        XCTAssertEqual(created.name, "Swift space")
        XCTAssertEqual(created.description, "made by XCTest")
        XCTAssertFalse(created.id.isEmpty)

        // Only the name changes; the description stays.
        let updated = try await spaces.update(spaceId: created.id, request: UpdateSpaceRequest(name: "Renamed"))
        XCTAssertEqual(updated.id, created.id)
        XCTAssertEqual(updated.name, "Renamed")
        XCTAssertEqual(updated.description, "made by XCTest")
        let fetched = try await spaces.get(spaceId: created.id)
        XCTAssertEqual(fetched, updated)
        let total = try await spaces.list(offset: 0, limit: 1).pagination.total
        XCTAssertEqual(total, 4)
    }

    func testListDefaultsAndSdkInfo() async throws {
        let page = try await client().spaces().list() // offset 0, limit 100
        XCTAssertEqual(page.pagination, Pagination(total: 3, offset: 0, limit: 100, hasMore: false))
        XCTAssertFalse(sdkVersion().isEmpty)
        XCTAssertEqual(apiVersion(), "2025-11-08")
    }
}

// MARK: - Paging with the AsyncSequence

final class PagingTests: SandboxTestCase {
    func testAllWalksEveryPage() async throws {
        try await sandbox.addSpaces(250)
        let spaces = try await client().spaces()
        let before = try await sandbox.requestCount("GET /v1/spaces")

        var seen: [Space] = []
        for try await space in spaces.all(pageSize: 100) {
            seen.append(space)
        }
        XCTAssertEqual(seen.count, 253)
        XCTAssertEqual(Set(seen.map(\.id)).count, 253, "no space twice")
        XCTAssertEqual(seen.first?.name, "Personal")
        XCTAssertEqual(seen.last?.name, "Generated space 253")
        // 100 + 100 + 53: the last page says has_more = false, so no fourth request.
        let requests = try await sandbox.requestCount("GET /v1/spaces") - before
        XCTAssertEqual(requests, 3)

        let listed = try await spaces.listAll(pageSize: 1000)
        XCTAssertEqual(listed, seen)
    }

    func testBreakingOutStopsRequesting() async throws {
        try await sandbox.addSpaces(250)
        let spaces = try await client().spaces()
        var taken = 0
        for try await _ in spaces.all(pageSize: 10) {
            taken += 1
            if taken == 15 { break }
        }
        XCTAssertEqual(taken, 15)
        // Pages 1 and 2 were handed out; the pager may have started reading page 3 ahead (and
        // the dropped sequence cancelled it), but no further: pages are fetched lazily.
        let requests = try await sandbox.requestCount("GET /v1/spaces")
        XCTAssertTrue((2...3).contains(requests), "\(requests) page requests")
    }

    func testEachIterationStartsOver() async throws {
        let all = try await client().spaces().all(pageSize: 2)
        var first: [String] = []
        for try await space in all { first.append(space.id) }
        var second: [String] = []
        for try await space in all { second.append(space.id) }
        XCTAssertEqual(first.count, 3)
        XCTAssertEqual(first, second)
    }

    func testPagesHandsOutWholePages() async throws {
        try await sandbox.addSpaces(7) // 10 spaces
        let spaces = try await client().spaces()
        var pages: [SpacePage] = []
        for try await page in spaces.all(pageSize: 4).pages {
            pages.append(page)
        }
        XCTAssertEqual(pages.map(\.data.count), [4, 4, 2])
        XCTAssertEqual(pages.map(\.pagination.offset), [0, 4, 8])
        XCTAssertEqual(pages.map(\.pagination.hasMore), [true, true, false])
        var items: [Space] = []
        for try await space in spaces.all(pageSize: 4) { items.append(space) }
        XCTAssertEqual(pages.flatMap(\.data), items, "the pages hold the same items, in order")
        let requests = try await sandbox.requestCount("GET /v1/spaces")
        XCTAssertEqual(requests, 6, "3 pages per walk")
    }

    func testBadPageSizeThrowsOnFirstNext() async throws {
        let spaces = try await client().spaces()
        for size: Int64 in [0, 1001, -1] {
            var iterator = spaces.all(pageSize: size).makeAsyncIterator()
            let error = await anytypeError { try await iterator.next() }
            guard case .InvalidInput(let field, _)? = error else {
                return XCTFail("pageSize \(size): \(String(describing: error))")
            }
            XCTAssertEqual(field, "page_size", "the error names the caller's argument")
            let next = try await iterator.next()
            XCTAssertNil(next, "the iterator is finished after an error")
        }
        let requests = try await sandbox.requestCount("GET /v1/spaces")
        XCTAssertEqual(requests, 0)
    }

    /// The hand-written sequence (`PageSequence`) checks for cancellation before it asks for a page.
    func testCancelledIterationStopsBeforeTheNextPage() async throws {
        let spaces = try await client().spaces()
        let task = Task { () -> (Int, Error?) in
            var count = 0
            do {
                for try await _ in spaces.all(pageSize: 1) {
                    count += 1
                    if count == 2 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            } catch {
                return (count, error)
            }
            return (count, nil)
        }
        let (count, error) = await task.value
        XCTAssertEqual(count, 2)
        XCTAssertTrue(error is CancellationError, "got \(String(describing: error))")
        // Pages 1 and 2, plus at most the read-ahead of page 3 that the pager started when it
        // handed out page 2 (cancelled when the sequence was dropped); never a fourth.
        let requests = try await sandbox.requestCount("GET /v1/spaces")
        XCTAssertTrue((2...3).contains(requests), "\(requests) page requests")
    }
}

// MARK: - Errors

final class ErrorTests: SandboxTestCase {
    func testWrongCode() async throws {
        let auth = try Auth(config: ClientConfig(baseUrl: sandbox.url))
        let challengeId = try await auth.createChallenge(appName: "SwiftTest")
        let error = await anytypeError { try await auth.createApiKey(challengeId: challengeId, code: "0000") }
        guard case .WrongCode(let detail)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertFalse(detail.isEmpty)
    }

    func testInvalidLimitIsRejectedBeforeSending() async throws {
        let spaces = try await client().spaces()
        for (offset, limit): (Int64, Int64) in [(0, 0), (0, 1001), (-1, 10)] {
            let error = await anytypeError { try await spaces.list(offset: offset, limit: limit) }
            guard case .InvalidInput(let field, let detail)? = error else {
                return XCTFail("offset \(offset) limit \(limit): \(String(describing: error))")
            }
            XCTAssertEqual(field, limit == 10 ? "offset" : "limit")
            XCTAssertFalse(detail.isEmpty)
        }
        let error = await anytypeError { try await spaces.listAll(pageSize: 0) }
        guard case .InvalidInput(let field, _)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(field, "page_size")
        XCTAssertThrowsError(try spaces.pager(pageSize: 1001)) { error in
            guard case AnytypeError.InvalidInput(let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "page_size")
        }

        let counts = try await sandbox.requestCounts()
        XCTAssertEqual(counts["GET /v1/spaces"] ?? 0, 0, "no list request reached the server: \(counts)")
        XCTAssertEqual(counts["POST /v1/auth/api_keys"], 1, "the stats do count requests")
    }

    func testUnknownIdIsNotFound() async throws {
        let (apiKey, client) = try await login()
        let error = await anytypeError { try await client.spaces().get(spaceId: "no-such-space") }
        guard case .NotFound(let status, let detail)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(status, 404)
        XCTAssertTrue(detail.contains("no-such-space"), detail)
        XCTAssertFalse("\(error!)".contains(apiKey))

        let update = await anytypeError {
            try await client.spaces().update(spaceId: "no-such-space", request: UpdateSpaceRequest(description: "x"))
        }
        guard case .NotFound? = update else { return XCTFail(String(describing: update)) }
    }

    func testBadKeyIsUnauthorized() async throws {
        let badKey = "not-a-key-5f3a9c"
        let client = try AnytypeClient(apiKey: badKey, config: ClientConfig(baseUrl: sandbox.url))
        let error = await anytypeError { try await client.spaces().list(offset: 0, limit: 10) }
        guard case .Unauthorized(let detail)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertFalse(detail.isEmpty)
        for text in [String(describing: error!), String(reflecting: error!), error!.localizedDescription, "\(error!)"] {
            XCTAssertFalse(text.contains(badKey), text)
        }
    }

    func testServerDownIsNetwork() async throws {
        let stopped = try Sandbox() // start one to get a free port, then stop it
        let url = stopped.url
        stopped.stop()
        let client = try AnytypeClient(apiKey: "any-key", config: ClientConfig(baseUrl: url, maxRetries: 0))
        let started = Date()
        let error = await anytypeError { try await client.spaces().list(offset: 0, limit: 10) }
        guard case .Network(let errorUrl, let detail)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertTrue(errorUrl.hasPrefix(url), "\(errorUrl) should start with \(url)")
        XCTAssertFalse(detail.isEmpty)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "maxRetries 0: no retries")
    }

    func testBadConfigIsInvalidInputAtConstruction() throws {
        for bad in ["not a url", "ftp://127.0.0.1:31009", "http://user:pw@127.0.0.1:31009", ""] {
            XCTAssertThrowsError(try Auth(config: ClientConfig(baseUrl: bad)), bad) { error in
                guard case AnytypeError.InvalidInput(let field, _) = error else { return XCTFail("\(bad): \(error)") }
                XCTAssertEqual(field, "base_url")
            }
            XCTAssertThrowsError(try AnytypeClient(apiKey: "key", config: ClientConfig(baseUrl: bad)), bad) { error in
                guard case AnytypeError.InvalidInput(let field, _) = error else { return XCTFail("\(bad): \(error)") }
                XCTAssertEqual(field, "base_url")
            }
        }
        XCTAssertThrowsError(try AnytypeClient(apiKey: "", config: ClientConfig(baseUrl: sandbox.url))) { error in
            guard case AnytypeError.InvalidInput = error else { return XCTFail("\(error)") }
        }
    }

    func testApiKeyNeverPrinted() async throws {
        let (apiKey, client) = try await login(ClientConfig(baseUrl: sandbox.url, maxRetries: 0))
        XCTAssertGreaterThan(apiKey.count, 8)
        for text in [String(describing: client), String(reflecting: client), "\(client)"] {
            XCTAssertFalse(text.contains(apiKey), text)
            XCTAssertTrue(text.contains(sandbox.url) && text.contains("redacted"), "describes the client: \(text)")
        }
        try await sandbox.addFault(["method": "GET", "path": "/v1/spaces", "times": 1,
                                    "fault": ["kind": "status", "status": 500]])
        let error = await anytypeError { try await client.spaces().list(offset: 0, limit: 5) }
        guard case .Api(let status, _, _)? = error, let error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(status, 500)
        for text in [String(describing: error), error.localizedDescription, String(reflecting: error)] {
            XCTAssertFalse(text.contains(apiKey), text)
        }
    }

    /// Errors print as the Rust `Display` text (the generated code only reflects the enum case).
    func testErrorDescriptions() async throws {
        let error = await anytypeError { try await client().spaces().get(spaceId: "nope") }
        let expected = "not found (404): Space nope not found"
        XCTAssertEqual(error.map { String(describing: $0) }, expected)
        XCTAssertEqual(error?.localizedDescription, expected)
        XCTAssertEqual(error?.errorDescription, expected)
        XCTAssertEqual(error, .NotFound(status: 404, detail: "Space nope not found"), "errors are Equatable")
    }

    func testTimeout() async throws {
        try await sandbox.addFault(["method": "GET", "path": "/v1/spaces", "times": 1,
                                    "fault": ["kind": "latency", "ms": 3000]])
        let client = try await client(ClientConfig(baseUrl: sandbox.url, requestTimeout: 0.3, maxRetries: 0))
        let started = Date()
        let error = await anytypeError { try await client.spaces().list(offset: 0, limit: 2) }
        let elapsed = Date().timeIntervalSince(started)
        guard case .Timeout(let url, let after)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertTrue(url.contains("/v1/spaces"), url)
        XCTAssertEqual(after, 0.3, accuracy: 0.001, "TimeInterval in seconds")
        XCTAssertLessThan(elapsed, 2.0)
        // The fault was used up: the same client works again.
        let page = try await client.spaces().list(offset: 0, limit: 2)
        XCTAssertEqual(page.data.count, 2)
    }
}

// MARK: - Concurrency and cancellation

final class ConcurrencyTests: SandboxTestCase {
    func testFiveHundredConcurrentGets() async throws {
        let spaces = try await client().spaces()
        let ids = try await spaces.listAll(pageSize: 100).map(\.id)
        XCTAssertEqual(ids.count, 3)

        let started = Date()
        let results = try await withThrowingTaskGroup(of: (String, Space).self) { group in
            for i in 0..<500 {
                let id = ids[i % ids.count]
                group.addTask { (id, try await spaces.get(spaceId: id)) }
            }
            var results: [(String, Space)] = []
            for try await result in group { results.append(result) }
            return results
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(results.count, 500)
        for (id, space) in results { XCTAssertEqual(space.id, id) }
        let counts = try await sandbox.requestCounts()
        let gets = ids.map { counts["GET /v1/spaces/\($0)"] ?? 0 }.reduce(0, +)
        XCTAssertEqual(gets, 500)
        print("500 concurrent gets: \(String(format: "%.3f", elapsed)) s")
    }

    /// Cancelling the Swift task cancels the Rust future: the call ends at once with
    /// `CancellationError`, and the server sees the connection close. (UniFFI's generated code
    /// can't do this by itself; `patch-generated.py` adds the cancellation handler.)
    func testTaskCancellationDropsTheRequest() async throws {
        try await sandbox.addFault(["method": "GET", "path": "/v1/spaces", "times": 1,
                                    "fault": ["kind": "hang"]])
        let spaces = try await client(ClientConfig(baseUrl: sandbox.url, requestTimeout: 20.0, maxRetries: 0)).spaces()

        let task = Task { try await spaces.list(offset: 0, limit: 2) }
        var waited = 0
        while try await sandbox.inFlight() == 0 && waited < 250 {
            try await Task.sleep(nanoseconds: 20_000_000)
            waited += 1
        }
        let reached = try await sandbox.inFlight()
        XCTAssertEqual(reached, 1, "the request reached the server")
        let started = Date()
        task.cancel()
        let result = await task.result
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, 2.0, "the call ended promptly")
        guard case .failure(let error) = result, error is CancellationError else {
            return XCTFail("expected CancellationError, got \(result)")
        }
        waited = 0
        while try await sandbox.inFlight() > 0 && waited < 250 {
            try await Task.sleep(nanoseconds: 20_000_000)
            waited += 1
        }
        let left = try await sandbox.inFlight()
        XCTAssertEqual(left, 0, "the server saw the connection close")
    }

    /// A task cancelled before the call starts gets `CancellationError` and sends nothing.
    func testAlreadyCancelledTaskSendsNothing() async throws {
        let spaces = try await client(ClientConfig(baseUrl: sandbox.url)).spaces()
        let before = try await sandbox.requestCount("GET /v1/spaces/never-sent")
        let task = Task {
            while !Task.isCancelled { await Task.yield() }
            return try await spaces.get(spaceId: "never-sent")
        }
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result, error is CancellationError else {
            return XCTFail("expected CancellationError, got \(result)")
        }
        let after = try await sandbox.requestCount("GET /v1/spaces/never-sent")
        XCTAssertEqual(after, before)
    }

    /// A negative or NaN duration is `InvalidInput`, not a crash of the app.
    func testBadDurationsAreInvalidInputNotACrash() throws {
        for bad in [-1.0, Double.nan, Double.infinity] {
            XCTAssertThrowsError(try AnytypeClient(apiKey: "key", config: ClientConfig(baseUrl: sandbox.url, requestTimeout: bad))) { error in
                guard case AnytypeError.InvalidInput(let field, _) = error else {
                    return XCTFail("\(bad): expected InvalidInput, got \(error)")
                }
                XCTAssertEqual(field, "request_timeout")
            }
        }
    }
}
