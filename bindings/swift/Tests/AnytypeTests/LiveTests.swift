// The live tier: the README quickstart flow against a real Anytype server.
//
// Runs only when ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY are set (scripts/live.sh sets them and
// bindings/swift/test.sh passes them into the Swift environment); the challenge flow also needs
// ANYTYPE_LIVE_CODES, a file with one line "CODE APP_NAME" per challenge. It writes only inside
// the space "anytype-sdk live tests" (found, or created once, and reused).

import Anytype
import Foundation
import XCTest

final class LiveTests: XCTestCase {
    static let testSpace = "anytype-sdk live tests"
    static let testSpaceDescription =
        "Made by the anytype-sdk live tests (scripts/live.sh). They write only inside this space and reuse it on every run."

    private func env(_ name: String) -> String {
        (ProcessInfo.processInfo.environment[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func liveConfig() throws -> ClientConfig {
        let url = env("ANYTYPE_LIVE_URL")
        try XCTSkipIf(url.isEmpty || env("ANYTYPE_LIVE_KEY").isEmpty,
                      "no real server configured (set ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY)")
        // At most one write per run here (creating the test space once): no pacing needed.
        return ClientConfig(baseUrl: url)
    }

    private func waitForCode(codes: String, since: Int, appName: String) async throws -> String {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: codes))) ?? Data()
            let fresh = String(decoding: data.dropFirst(min(since, data.count)), as: UTF8.self)
            for line in fresh.split(separator: "\n") {
                let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                if parts.count == 2 && String(parts[1]) == appName { return String(parts[0]) }
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        XCTFail("no code for \(appName) appeared in \(codes)")
        return ""
    }

    private func findOrCreateTestSpace(_ client: AnytypeClient) async throws -> Space {
        let spaces = client.spaces()
        if let found = try await spaces.listAll(pageSize: 1000).first(where: { $0.name == Self.testSpace }) {
            return found
        }
        return try await spaces.create(
            request: CreateSpaceRequest(name: Self.testSpace, description: Self.testSpaceDescription))
    }

    func testQuickstartFlowAgainstTheRealServer() async throws {
        let config = try liveConfig()
        let codes = env("ANYTYPE_LIVE_CODES")
        try XCTSkipIf(codes.isEmpty || !FileManager.default.fileExists(atPath: codes), "no codes file (ANYTYPE_LIVE_CODES)")
        let auth = try Auth(config: config)
        let appName = "anytype-sdk-test-swift-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970 * 1000))"
        let since = ((try? FileManager.default.attributesOfItem(atPath: codes)[.size]) as? Int) ?? 0
        let challengeId = try await auth.createChallenge(appName: appName)
        let code = try await waitForCode(codes: codes, since: since, appName: appName)
        let apiKey = try await auth.createApiKey(challengeId: challengeId, code: code)
        XCTAssertFalse(apiKey.isEmpty)
        let client = try AnytypeClient(apiKey: apiKey, config: config)
        let page = try await client.spaces().list(offset: 0, limit: 10)
        XCTAssertLessThanOrEqual(page.data.count, 10)
        XCTAssertGreaterThanOrEqual(Int(page.pagination.total), page.data.count)
    }

    func testTestSpaceIsFoundOrCreatedThenGot() async throws {
        let config = try liveConfig()
        let client = try AnytypeClient(apiKey: env("ANYTYPE_LIVE_KEY"), config: config)
        let space = try await findOrCreateTestSpace(client)
        XCTAssertEqual(space.name, Self.testSpace)
        let got = try await client.spaces().get(spaceId: space.id)
        XCTAssertEqual(got.id, space.id)
        XCTAssertEqual(got.name, Self.testSpace)
        let named = try await client.spaces().listAll(pageSize: 1000).filter { $0.name == Self.testSpace }
        XCTAssertEqual(named.map(\.id), [space.id], "one test space, reused across runs")
    }

    func testErrorsMapToCases() async throws {
        let config = try liveConfig()
        let client = try AnytypeClient(apiKey: env("ANYTYPE_LIVE_KEY"), config: config)
        do {
            _ = try await client.spaces().get(spaceId: "bafyreinotaspace.123")
            XCTFail("a missing space must throw")
        } catch AnytypeError.NotFound {
        }
        let stranger = try AnytypeClient(apiKey: "not-a-real-key", config: config)
        do {
            _ = try await stranger.spaces().list(offset: 0, limit: 1)
            XCTFail("an unknown key must throw")
        } catch AnytypeError.Unauthorized {
        }
    }
}
