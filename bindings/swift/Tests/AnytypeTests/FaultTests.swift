// The main faults, injected by the sandbox: what the client retries, and what it never sends twice.

import Anytype
import Foundation
import XCTest

final class FaultTests: SandboxTestCase {
    func testRateLimitedCreateIsRetriedAfterTheReset() async throws {
        try await sandbox.addFault(["method": "POST", "path": "/v1/spaces", "times": 1,
                                    "fault": ["kind": "rate_limit", "reset_seconds": 0.2]])
        let spaces = try await client().spaces()
        let space = try await spaces.create(request: CreateSpaceRequest(name: "After 429"))
        XCTAssertEqual(space.name, "After 429")
        let posts = try await sandbox.requestCount("POST /v1/spaces")
        XCTAssertEqual(posts, 2)
    }

    func testCreateAnswered500IsSentExactlyOnce() async throws {
        try await sandbox.addFault(["method": "POST", "path": "/v1/spaces", "times": 1,
                                    "fault": ["kind": "status", "status": 500, "after_handler": true]])
        let spaces = try await client().spaces()
        let error = await anytypeError { try await spaces.create(request: CreateSpaceRequest(name: "Exactly once")) }
        guard case .Api(let status, _, _)? = error else { return XCTFail("expected Api, got \(String(describing: error))") }
        XCTAssertEqual(status, 500)
        let posts = try await sandbox.requestCount("POST /v1/spaces")
        XCTAssertEqual(posts, 1)
        let all = try await spaces.listAll(pageSize: 100)
        XCTAssertEqual(all.filter { $0.name == "Exactly once" }.count, 1)
    }

    func testMalformedBodiesAreDecodeErrors() async throws {
        let spaces = try await client().spaces()
        for kind in ["malformed_json", "truncated_json", "non_json"] {
            try await sandbox.addFault(["method": "GET", "path": "/v1/spaces", "times": 1, "fault": ["kind": kind]])
            let error = await anytypeError { try await spaces.list(offset: 0, limit: 10) }
            guard case .Decode(let status, _, let snippet)? = error else {
                return XCTFail("\(kind): expected Decode, got \(String(describing: error))")
            }
            XCTAssertEqual(status, 200, kind)
            XCTAssertTrue(!snippet.isEmpty && snippet.utf8.count <= 256, kind)
        }
    }
}

final class PanicTests: SandboxTestCase {
    /// A Rust panic comes back as a thrown error; the test process (the app) keeps running.
    func testARustPanicNeverBringsTheProcessDown() async throws {
        XCTAssertThrowsError(try panicForTesting())
        let error = await anytypeError { try await panicForTestingAsync() }
        guard case .Internal? = error else { return XCTFail("expected Internal, got \(String(describing: error))") }
        let page = try await client().spaces().list(offset: 0, limit: 1)
        XCTAssertEqual(page.pagination.total, 3)
    }
}
