// Every generated pager has its adapter: Swift can't enumerate types at run time, so this reads the
// generated source for the pager classes (and their page types) and the hand-written sources for
// the three lines each needs (Sources/Anytype/Paging.swift).

import Foundation
import XCTest

final class PagingCoverageTests: XCTestCase {
    private let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // AnytypeTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // swift
        .appendingPathComponent("Sources/Anytype")

    func testEveryGeneratedPagerHasAnAdapter() throws {
        let generated = try String(
            contentsOf: sources.appendingPathComponent("Generated/Anytype.swift"), encoding: .utf8)
        let pagers = try generatedPagers(in: generated)
        XCTAssertTrue(pagers.contains { $0.pager == "SpacePager" && $0.page == "SpacePage" },
                      "the scan finds the generated SpacePager: \(pagers)")

        let handWritten = try handWrittenSource()
        for (pager, page) in pagers {
            let needed = [
                ("extension \(pager): AnytypePager {}", #"extension\s+\#(pager)\s*:\s*AnytypePager\b"#),
                ("extension \(page): AnytypePage {}", #"extension\s+\#(page)\s*:\s*AnytypePage\b"#),
                ("a helper returning PageSequence<\(pager)>", #"->\s*PageSequence<\s*\#(pager)\s*>"#),
            ]
            for (what, pattern) in needed {
                XCTAssertNotNil(
                    handWritten.range(of: pattern, options: .regularExpression),
                    "the generated \(pager) has no adapter: add `\(what)` to Sources/Anytype/Paging.swift")
            }
        }
    }

    /// Every generated method that hands out a pager (`Spaces.pager`, `Objects.searchPager`,
    /// `Search.pager`, `Lists.viewPager`, `Lists.objectPager`, ...) is called by a helper in an
    /// extension of its class, so each walk has its `AsyncSequence`.
    func testEveryGeneratedPagerMethodHasAHelper() throws {
        let generated = try String(
            contentsOf: sources.appendingPathComponent("Generated/Anytype.swift"), encoding: .utf8)
        let methods = try generatedPagerMethods(in: generated)
        for expected in ["Spaces.pager", "Objects.searchPager", "Search.pager", "Lists.viewPager", "Lists.objectPager"] {
            XCTAssertTrue(methods.contains { "\($0.owner).\($0.method)" == expected },
                          "the scan finds the generated \(expected): \(methods)")
        }
        let handWritten = try handWrittenSource()
        for (owner, method, pager) in methods {
            let helpers = extensionBodies(of: owner, in: handWritten)
            XCTAssertTrue(
                helpers.contains { $0.contains("self.\(method)(") && $0.contains("PageSequence<\(pager)>") },
                "the generated \(owner).\(method) (-> \(pager)) has no helper: add one line to the `extension \(owner)` "
                    + "in Sources/Anytype/Paging.swift returning `PageSequence { try self.\(method)(...) }`")
        }
    }

    /// `(class, method, pager)` for every generated `open func m(...) throws -> XPager` of an `open class`.
    private func generatedPagerMethods(in source: String) throws -> [(owner: String, method: String, pager: String)] {
        let classes = try NSRegularExpression(pattern: #"^open class (\w+)\b"#, options: .anchorsMatchLines)
        let methods = try NSRegularExpression(pattern: #"^open func (\w+)\(.*\)\s*throws\s*->\s*(\w+Pager)\s*\{"#,
                                              options: .anchorsMatchLines)
        let whole = source as NSString
        let all = NSRange(location: 0, length: whole.length)
        let starts = classes.matches(in: source, range: all).map { ($0.range.location, whole.substring(with: $0.range(at: 1))) }
        return methods.matches(in: source, range: all).compactMap { match in
            guard let owner = starts.last(where: { $0.0 < match.range.location })?.1 else { return nil }
            return (owner, whole.substring(with: match.range(at: 1)), whole.substring(with: match.range(at: 2)))
        }
    }

    /// The bodies of the hand-written `extension <type> {` blocks (each up to its closing `}` line).
    private func extensionBodies(of type: String, in source: String) -> [String] {
        source.components(separatedBy: "\nextension \(type) {").dropFirst().map {
            $0.components(separatedBy: "\n}").first ?? $0
        }
    }

    /// `(pager, page)` for every generated `class XPager`, the page being what its `nextPage()` returns.
    private func generatedPagers(in source: String) throws -> [(pager: String, page: String)] {
        let classes = try NSRegularExpression(pattern: #"^(?:open |public )?(?:final )?class (\w+Pager)\b"#,
                                              options: .anchorsMatchLines)
        let nextPage = try NSRegularExpression(pattern: #"func nextPage\(\)\s*async\s+throws\s*->\s*(\w+)\?"#)
        let whole = source as NSString
        var found: [(String, String)] = []
        for match in classes.matches(in: source, range: NSRange(location: 0, length: whole.length)) {
            let pager = whole.substring(with: match.range(at: 1))
            // The class body: up to the first line that is just "}".
            let rest = NSRange(location: match.range.location, length: whole.length - match.range.location)
            let end = whole.range(of: "\n}\n", range: rest)
            let body = NSRange(location: match.range.location,
                               length: (end.location == NSNotFound ? whole.length : end.location) - match.range.location)
            guard let page = nextPage.firstMatch(in: source, range: body) else {
                XCTFail("the generated \(pager) has no `func nextPage() async throws -> Page?`")
                continue
            }
            found.append((pager, whole.substring(with: page.range(at: 1))))
        }
        return found
    }

    /// The hand-written Swift layer (everything in Sources/Anytype but Generated/), comment lines dropped.
    private func handWrittenSource() throws -> String {
        let files = try FileManager.default.contentsOfDirectory(at: sources, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
        XCTAssertFalse(files.isEmpty, "no hand-written sources in \(sources.path)")
        return try files.map { try String(contentsOf: $0, encoding: .utf8) }
            .joined(separator: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            .joined(separator: "\n")
    }
}
