// Runs the README's examples (Quickstart.swift, TasksExample.swift) and checks that the README
// shows exactly them.

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
        try assertReadmeShows(marker: "quickstart", from: "Quickstart.swift", function: "func quickstart(")
    }
}

// Runs the README's objects example (TasksExample.swift) and checks that the README shows exactly it.
final class TasksExampleTests: SandboxTestCase {
    /// A fresh space, as a new headless account has: no `task` type, no `due_date`. The example
    /// makes both, then the rest of the flow.
    func testTasksExampleRunsInAFreshSpace() async throws {
        let client = try await client()
        let space = try await freshSpace(client, name: "Tasks")
        let before = try await client.types(spaceId: space.id).listAll()
        XCTAssertFalse(before.contains { $0.key == "task" })
        let builtInProperties = try await client.properties(spaceId: space.id).listAll()
        XCTAssertFalse(builtInProperties.contains { $0.key == "due_date" })

        let due = Date().addingTimeInterval(3 * 86_400 + 0.75) // in three days, not on a whole second
        let (listed, task, cleared) = try await tasksExample(client: client, spaceId: space.id, due: due)

        let types = try await client.types(spaceId: space.id).listAll()
        let taskType = try XCTUnwrap(types.first { $0.key == "task" })
        XCTAssertEqual(taskType.layout, .action)
        XCTAssertTrue(taskType.properties.contains { $0.key == "due_date" && $0.format == .date })
        let dueDate = try await property("due_date", of: client, in: space.id)
        XCTAssertEqual(dueDate.format, .date)

        XCTAssertTrue(listed.contains("Pay the rent"), "\(listed)")
        XCTAssertEqual(task.objectType?.key, "task")
        XCTAssertEqual(task.date(key: "due_date"), wholeSeconds(due), "the Date sent, in whole seconds")
        XCTAssertEqual(task.tags(key: "tag").map(\.name), ["Urgent", "Home"])
        XCTAssertEqual(task.tags(key: "tag").map(\.color), [.red, .blue])
        XCTAssertEqual(textLines(task.markdown), ["# Rent", "- [ ] transfer the money", "- [ ] keep the receipt"])
        XCTAssertEqual(cleared.tags(key: "tag"), [])
        XCTAssertEqual(cleared.date(key: "due_date"), wholeSeconds(due), "clearing the tags keeps the date")

        let archived = try await client.objects(spaceId: space.id).get(objectId: task.id)
        XCTAssertTrue(archived.archived)
        let objects = try await client.objects(spaceId: space.id).listAll()
        XCTAssertFalse(objects.contains { $0.id == task.id })
        let counts = try await sandbox.requestCounts()
        XCTAssertEqual(counts["POST /v1/spaces/\(space.id)/types"], 1)
        XCTAssertEqual(counts["POST /v1/spaces/\(space.id)/properties"], 1)
    }

    /// A space that has the task type and the due date already: the example only uses them.
    func testTasksExampleUsesWhatTheSpaceHas() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let due = Date(timeIntervalSince1970: 1_797_000_000.5)
        let (_, task, cleared) = try await tasksExample(client: client, spaceId: space.id, due: due)
        XCTAssertEqual(task.date(key: "due_date"), Date(timeIntervalSince1970: 1_797_000_000))
        XCTAssertEqual(task.tags(key: "tag").map(\.name), ["Urgent", "Home"])
        XCTAssertEqual(cleared.tags(key: "tag"), [])
        let counts = try await sandbox.requestCounts()
        XCTAssertNil(counts["POST /v1/spaces/\(space.id)/types"])
        XCTAssertNil(counts["POST /v1/spaces/\(space.id)/properties"])
    }

    func testReadmeShowsTheTestedTasksExample() throws {
        try assertReadmeShows(marker: "tasks", from: "TasksExample.swift", function: "func tasksExample(")
        try assertReadmeShows(marker: "values", from: "TasksExample.swift", function: "func displayText(", imports: false)
    }

    func testDisplayText() {
        let tag = Tag(id: "t1", key: "urgent", name: "Urgent", color: .red)
        let cases: [(Value, String)] = [
            (.text(text: "hello"), "hello"),
            (.url(url: "https://anytype.io"), "https://anytype.io"),
            (.number(number: 2.5), "2.5"),
            (.number(number: nil), ""),
            (.date(date: Date(timeIntervalSince1970: 1_797_000_000)), "2026-12-11T14:40:00Z"),
            (.checkbox(checked: true), "yes"),
            (.select(tag: tag), "Urgent"),
            (.multiSelect(tags: [tag, Tag(id: "t2", key: "home", name: "Home", color: .other(value: "chartreuse"))]), "Urgent, Home"),
            (.objects(objects: ["a", "b"]), "2 linked"),
            (.other(format: "rich_text", raw: "{\"blocks\":[]}"), "rich_text: {\"blocks\":[]}"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(displayText(value), text, "\(value)")
        }
    }
}

/// The code between `// <marker>:begin` and `// <marker>:end` in `file` (next to this one) is the
/// README's block between `<!-- <marker>:begin -->` and `<!-- <marker>:end -->` (after the file's
/// `import`s, unless `imports` is false).
func assertReadmeShows(marker: String, from file: String, function: String, imports: Bool = true,
                       file testFile: StaticString = #filePath, line: UInt = #line) throws {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let source = try String(contentsOf: here.appendingPathComponent(file), encoding: .utf8)
    let readme = try String(
        contentsOf: here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"),
        encoding: .utf8)
    let tested = try XCTUnwrap(between("// \(marker):begin\n", "// \(marker):end", in: source), file: testFile, line: line)
    let shown = try XCTUnwrap(between("<!-- \(marker):begin -->\n```swift\n", "```\n<!-- \(marker):end -->", in: readme),
                              "README.md has no \(marker) block", file: testFile, line: line)
    XCTAssertTrue(tested.contains(function), file: testFile, line: line)
    let header = imports
        ? source.split(separator: "\n").filter { $0.hasPrefix("import ") }.joined(separator: "\n") + "\n\n"
        : ""
    XCTAssertEqual(shown, header + tested,
                   "README.md's \(marker) block differs from Tests/AnytypeTests/\(file)", file: testFile, line: line)
}

private func between(_ start: String, _ end: String, in text: String) -> String? {
    guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex)
    else { return nil }
    return String(text[from.upperBound..<to.lowerBound])
}
