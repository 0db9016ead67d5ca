// Runs the README's quickstart (Quickstart.swift) and checks that the README shows exactly it.

import Anytype
import Foundation
import XCTest

final class QuickstartTests: SandboxTestCase {
    func testQuickstartRuns() async throws {
        let (all, renamed) = try await quickstart(baseUrl: sandbox.url, code: Sandbox.authCode)
        XCTAssertEqual(all.map(\.name), ["Personal", "Work", "Reading list"])
        XCTAssertEqual(renamed.name, "Notes 2")
        XCTAssertEqual(renamed.description, "Scratch")
        let counts = try await sandbox.requestCounts()
        XCTAssertEqual(counts["GET /v1/spaces/no-such-space"], 1)
        XCTAssertEqual(counts["POST /v1/spaces"], 1)
    }

    func testReadmeShowsTheTestedQuickstart() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let source = try String(contentsOf: here.appendingPathComponent("Quickstart.swift"), encoding: .utf8)
        let readme = try String(
            contentsOf: here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"),
            encoding: .utf8)
        let tested = try XCTUnwrap(between("// quickstart:begin\n", "// quickstart:end", in: source))
        let shown = try XCTUnwrap(between("<!-- quickstart:begin -->\n```swift\n", "```\n<!-- quickstart:end -->", in: readme))
        XCTAssertTrue(tested.contains("func quickstart("))
        XCTAssertEqual(shown, "import Anytype\n\n" + tested, "README.md's quickstart differs from Tests/AnytypeTests/Quickstart.swift")
    }

    private func between(_ start: String, _ end: String, in text: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex)
        else { return nil }
        return String(text[from.upperBound..<to.lowerBound])
    }
}
