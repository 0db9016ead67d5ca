// Search (a space's and the global one), filters on list endpoints, lists and their views, and
// bad filters, against the sandbox server. Each test creates its own objects and computes the
// expected results from them with plain Swift predicates; the filters are built with the
// package's spellings (`Filters.swift`) and walked with `for try await` (`Paging.swift`).

import Anytype
import Foundation
import XCTest

/// One task a test creates.
struct TaskSpec {
    let name: String
    let done: Bool
    /// Days from the test's `now`; `nil`: no due date.
    let dueInDays: Double?
    let tags: [Tag]
}

extension SandboxTestCase {
    /// New tags of the `tag` (multi-select) property of the space `spaceId`.
    func newTags(_ names: [String], client: AnytypeClient, spaceId: String) async throws -> [Tag] {
        let tagProperty = try await property("tag", of: client, in: spaceId)
        let tags = client.tags(spaceId: spaceId, propertyId: tagProperty.id)
        var made: [Tag] = []
        for name in names {
            made.append(try await tags.create(request: CreateTagRequest(name: name, color: .teal)))
        }
        return made
    }

    /// Create the tasks of `specs` in `spaceId` (due dates relative to `now`), in order.
    func createTasks(_ specs: [TaskSpec], client: AnytypeClient, spaceId: String, now: Date) async throws -> [Object] {
        let objects = client.objects(spaceId: spaceId)
        var made: [Object] = []
        for spec in specs {
            var properties: [PropertyInput] = [.checkbox(key: "done", checked: spec.done)]
            if let days = spec.dueInDays {
                properties.append(.date(key: "due_date", date: now.addingTimeInterval(days * 86_400)))
            }
            if !spec.tags.isEmpty {
                properties.append(.multiSelect(key: "tag", tags: spec.tags.map(\.id)))
            }
            made.append(try await objects.create(request: CreateObjectRequest(
                typeKey: "task", name: spec.name, properties: properties)))
        }
        return made
    }
}

// The values the expected sets are computed from (as the test created them).
private func isDone(_ o: Object) -> Bool { o.checkbox(key: "done") ?? false }
private func tagIds(_ o: Object) -> Set<String> { Set(o.tags(key: "tag").map(\.id)) }
private func byName(_ objects: [Object]) -> [String] {
    objects.map(\.name).sorted { $0.lowercased() < $1.lowercased() }
}

final class SearchTests: SandboxTestCase {
    /// A nested `and`/`or` filter with a sort, in one space: the exact set, in the sort's order,
    /// through every way of walking it.
    func testNestedFilterAndSortInASpace() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let now = wholeSeconds(Date())
        let tags = try await newTags(["Sprout A", "Sprout B"], client: client, spaceId: space.id)
        let (a, b) = (tags[0], tags[1])
        let created = try await createTasks([
            TaskSpec(name: "sprout apple", done: false, dueInDays: 1, tags: [a]),
            TaskSpec(name: "Sprout banana", done: true, dueInDays: 2, tags: [a]),
            TaskSpec(name: "sprout cherry", done: false, dueInDays: 3, tags: [b]),
            TaskSpec(name: "Sprout date", done: false, dueInDays: nil, tags: []),
            TaskSpec(name: "sprout elder URGENT", done: true, dueInDays: 4, tags: []),
            TaskSpec(name: "Sprout fig", done: false, dueInDays: 5, tags: [a, b]),
            TaskSpec(name: "sprout grape urgent", done: false, dueInDays: -1, tags: []),
            TaskSpec(name: "Sprout honeydew", done: false, dueInDays: 1, tags: [b]),
        ], client: client, spaceId: space.id, now: now)
        // Another type with the same words: `types` leaves it out.
        _ = try await client.objects(spaceId: space.id).create(request: CreateObjectRequest(typeKey: "page", name: "sprout page urgent"))

        let cutoff = now.addingTimeInterval(2.5 * 86_400)
        // not done, and (tagged A, or "urgent" in the name, or due after the cutoff)
        let filter: Filter = .checkbox("done", equals: false) && .any([
            .multiSelect("tag", anyOf: [a]),
            .text("name", contains: "urgent"),
            .date("due_date", after: cutoff),
        ])
        let expected = byName(created.filter { o in
            !isDone(o) && (tagIds(o).contains(a.id) || o.name.lowercased().contains("urgent")
                || (o.date(key: "due_date").map { $0 > cutoff } ?? false))
        })
        XCTAssertEqual(expected, ["sprout apple", "sprout cherry", "Sprout fig", "sprout grape urgent"],
                       "the test's own predicate (a sanity check of the fixture)")

        let objects = client.objects(spaceId: space.id)
        let request = SearchRequest(query: "sprout", types: ["task"], filter: filter, sort: .ascending(.name))
        let all = try await objects.searchAll(request: request)
        XCTAssertEqual(all.map(\.name), expected)

        var walked: [String] = []
        for try await object in objects.all(matching: request, pageSize: 2) {
            walked.append(object.name)
        }
        XCTAssertEqual(walked, expected)

        var pages = 0
        var fromPages: [String] = []
        for try await page in objects.all(matching: request, pageSize: 2).pages {
            pages += 1
            XCTAssertLessThanOrEqual(page.data.count, 2)
            fromPages += page.data.map(\.name)
        }
        XCTAssertEqual(fromPages, expected)
        XCTAssertGreaterThanOrEqual(pages, 2)

        let first = try await objects.search(request: request, offset: 0, limit: 2)
        XCTAssertEqual(first.data.map(\.name), Array(expected.prefix(first.data.count)))
        XCTAssertTrue(first.pagination.hasMore)

        let descending = SearchRequest(query: "sprout", types: ["task"], filter: filter, sort: .descending(.name))
        let reversed = try await objects.searchAll(request: descending, pageSize: 3)
        XCTAssertEqual(reversed.map(\.name), expected.reversed())

        // The same filter spelt with the generated cases is the same value.
        XCTAssertEqual(filter, .and(filters: [
            .condition(key: "done", condition: .eq, value: .checkbox(checked: false)),
            .or(filters: [
                .condition(key: "tag", condition: .anyOf, value: .multiSelect(tags: [a.id])),
                .condition(key: "name", condition: .contains, value: .text(text: "urgent")),
                .condition(key: "due_date", condition: .gt, value: .date(date: cutoff)),
            ]),
        ]))

        // Without a filter, the query and the type alone: every created task.
        let everyTask = try await objects.searchAll(request: SearchRequest(query: "sprout", types: ["task"]))
        XCTAssertEqual(Set(everyTask.map(\.id)), Set(created.map(\.id)))
        let counts = try await sandbox.requestCounts()
        XCTAssertGreaterThanOrEqual(counts["POST /v1/spaces/\(space.id)/search"] ?? 0, 6)
    }

    /// Global search finds the matches of every space, walking page by page.
    func testGlobalSearchAcrossSpaces() async throws {
        let client = try await client()
        let spaces = try await client.spaces().listAll()
        let personal = try XCTUnwrap(spaces.first { $0.name == "Personal" })
        let work = try XCTUnwrap(spaces.first { $0.name == "Work" })
        var created: [Object] = []
        for (space, name) in [(personal, "Quasar one"), (work, "quasar two"), (work, "Quasar three"), (personal, "quasi not")] {
            created.append(try await client.objects(spaceId: space.id).create(
                request: CreateObjectRequest(typeKey: "page", name: name)))
        }
        let expected = created.filter { $0.name.lowercased().contains("quasar") }
        let request = SearchRequest(query: "quasar", sort: .ascending(.name))

        var found: [Object] = []
        for try await object in client.search().all(matching: request, pageSize: 1) {
            found.append(object)
        }
        XCTAssertEqual(found.map(\.name), byName(expected))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0.spaceId) }),
                       Dictionary(uniqueKeysWithValues: expected.map { ($0.id, $0.spaceId) }))
        XCTAssertEqual(Set(found.map(\.spaceId)), [personal.id, work.id])

        let listed = try await client.search().listAll(request: request, pageSize: 2)
        XCTAssertEqual(listed.map(\.id), found.map(\.id))
        // One page (its `total` and `has_more` are not true counts in a global search).
        let page = try await client.search().list(request: request, offset: 0, limit: 1)
        XCTAssertEqual(page.data.map(\.id), [found[0].id])
        let second = try await client.search().list(request: request, offset: 1, limit: 2)
        XCTAssertEqual(second.data.map(\.id), Array(found.map(\.id)[1...2]))

        // With a filter: the global search takes the same filters.
        let filtered = try await client.search().listAll(
            request: SearchRequest(query: "quasar", filter: .text("name", notContains: "two")))
        XCTAssertEqual(Set(filtered.map(\.id)), Set(expected.filter { !$0.name.contains("two") }.map(\.id)))

        let counts = try await sandbox.requestCounts()
        XCTAssertGreaterThanOrEqual(counts["POST /v1/search"] ?? 0, 3 + 1 + 1)
        XCTAssertNil(counts["POST /v1/spaces/\(personal.id)/search"], "global search, not the space's")
    }

    /// Filters on list endpoints: what the server evaluates (text, dates) and what the SDK does on
    /// each page (checkbox, tags, `or`), for objects; text filters on lists of other things.
    func testFiltersOnListEndpoints() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let now = wholeSeconds(Date())
        let tags = try await newTags(["Lentil A", "Lentil B"], client: client, spaceId: space.id)
        let created = try await createTasks([
            TaskSpec(name: "Lentil soup", done: false, dueInDays: 1, tags: [tags[0]]),
            TaskSpec(name: "lentil salad", done: true, dueInDays: 4, tags: [tags[1]]),
            TaskSpec(name: "Lentil stew", done: true, dueInDays: -2, tags: [tags[0], tags[1]]),
            TaskSpec(name: "lentil curry", done: false, dueInDays: 6, tags: []),
            TaskSpec(name: "Bean chili", done: false, dueInDays: 1, tags: [tags[0]]),
        ], client: client, spaceId: space.id, now: now)
        let objects = client.objects(spaceId: space.id)
        let lentil: Filter = .text("name", contains: "LENTIL")
        let lentils = created.filter { $0.name.lowercased().contains("lentil") }

        func ids(_ objects: [Object]) -> Set<String> { Set(objects.map(\.id)) }

        // Text: the server's.
        let byText = try await objects.listAll(filter: lentil)
        XCTAssertEqual(ids(byText), ids(lentils))
        // Checkbox: evaluated by the SDK on every page (pages of 2 from the server).
        var done: [Object] = []
        for try await object in objects.all(pageSize: 2, filter: lentil && .checkbox("done", equals: true)) {
            done.append(object)
        }
        XCTAssertEqual(ids(done), ids(lentils.filter(isDone)))
        // Date: the server's.
        let cutoff = now.addingTimeInterval(2 * 86_400)
        let dueSoon = try await objects.listAll(filter: lentil && .date("due_date", before: cutoff))
        XCTAssertEqual(ids(dueSoon), ids(lentils.filter { ($0.date(key: "due_date") ?? .distantPast) < cutoff }))
        // Tags, and an `or`: the SDK's.
        let tagged = try await objects.listAll(pageSize: 3, filter: .multiSelect("tag", allOf: tags))
        XCTAssertEqual(ids(tagged), ids(created.filter { tagIds($0).isSuperset(of: tags.map(\.id)) }))
        let either = try await objects.listAll(filter: .any([.text("name", equals: "Lentil soup"), .text("name", equals: "Bean chili")]))
        XCTAssertEqual(ids(either), ids(created.filter { ["Lentil soup", "Bean chili"].contains($0.name) }))
        let page = try await objects.list(offset: 0, limit: 100, filter: lentil && .checkbox("done", notEquals: true))
        XCTAssertEqual(ids(page.data), ids(lentils.filter { !isDone($0) }))

        // Lists of other things filter on their own fields, with the server's text conditions.
        let allTypes = try await client.types(spaceId: space.id).listAll()
        let types = try await client.types(spaceId: space.id).listAll(filter: .text("name", contains: "ask"))
        XCTAssertEqual(Set(types.map(\.key)), Set(allTypes.filter { $0.name.lowercased().contains("ask") }.map(\.key)))
        XCTAssertTrue(types.contains { $0.key == "task" })
        let spaces = try await client.spaces().listAll(filter: .text("name", equals: "Work"))
        XCTAssertEqual(spaces.map(\.name), ["Work"])
        let tagProperty = try await property("tag", of: client, in: space.id)
        var foundTags: [Tag] = []
        for try await tag in client.tags(spaceId: space.id, propertyId: tagProperty.id).all(filter: .text("name", contains: "lentil")) {
            foundTags.append(tag)
        }
        XCTAssertEqual(Set(foundTags.map(\.id)), Set(tags.map(\.id)))

        // On lists that aren't of objects the SDK can't evaluate a checkbox condition: refused
        // before sending.
        let before = try await apiRequests()
        let error = await anytypeError { try await client.types(spaceId: space.id).listAll(filter: .checkbox("done", equals: true)) }
        guard case .InvalidInput("filter", let detail)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertTrue(detail.contains("done") && detail.contains("eq") && detail.contains("checkbox"), detail)
        let after = try await apiRequests()
        XCTAssertEqual(after, before)
    }

    /// A collection: add and remove objects, its views (the default one and one the sandbox adds
    /// with a filter and a sort), and the objects each view shows, narrowed by a filter.
    func testListsAndViews() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let now = wholeSeconds(Date())
        let tags = try await newTags(["Shelf"], client: client, spaceId: space.id)
        let created = try await createTasks([
            TaskSpec(name: "Read Dune", done: false, dueInDays: 3, tags: tags),
            TaskSpec(name: "read Emma", done: true, dueInDays: 1, tags: []),
            TaskSpec(name: "Read Beloved", done: false, dueInDays: nil, tags: []),
            TaskSpec(name: "Read Carrie", done: true, dueInDays: 2, tags: tags),
            TaskSpec(name: "Read Anna", done: false, dueInDays: 5, tags: tags),
        ], client: client, spaceId: space.id, now: now)
        let objects = client.objects(spaceId: space.id)
        let list = try await objects.create(request: CreateObjectRequest(typeKey: "collection", name: "Reading queue"))
        let lists = client.lists(spaceId: space.id)
        let added = Array(created.prefix(4)) // not "Read Anna"
        try await lists.addObjects(listId: list.id, objectIds: added.map(\.id))

        // The default view: `All`, a grid by name.
        var views: [View] = []
        for try await view in lists.views(of: list.id) {
            views.append(view)
        }
        XCTAssertEqual(views.map(\.name), ["All"])
        let all = views[0]
        XCTAssertEqual(all.layout, .grid)
        XCTAssertEqual(all.filters, [])
        XCTAssertEqual(all.sorts.map(\.propertyKey), ["name"])
        XCTAssertEqual(all.sorts.map(\.sortType), [.asc])

        var shown: [String] = []
        for try await object in lists.objects(of: list.id, view: all.id, pageSize: 2) {
            shown.append(object.name)
        }
        XCTAssertEqual(shown, byName(added))

        // A view with a filter (not done) and a sort (name, descending).
        _ = try await sandbox.addView(spaceId: space.id, listId: list.id, [
            "name": "Open", "layout": "list",
            "filters": [["property_key": "done", "condition": "eq", "value": false]],
            "sorts": [["property_key": "name", "sort_type": "desc"]],
        ])
        let both = try await lists.allViews(listId: list.id)
        XCTAssertEqual(both.map(\.name), ["All", "Open"])
        let open = both[1]
        XCTAssertEqual(open.layout, .list)
        XCTAssertEqual(open.filters.map(\.propertyKey), ["done"])
        XCTAssertEqual(open.filters.map(\.condition), ["eq"])
        XCTAssertEqual(open.filters.map(\.format), [.checkbox])
        XCTAssertEqual(open.filters.first?.value, "false")
        XCTAssertEqual(open.sorts.map(\.sortType), [.desc])
        let viewPage = try await lists.views(listId: list.id, offset: 1, limit: 1)
        XCTAssertEqual(viewPage.data.map(\.id), [open.id])
        XCTAssertEqual(viewPage.pagination.total, 2)

        let openObjects = try await lists.allObjects(listId: list.id, viewId: open.id)
        XCTAssertEqual(openObjects.map(\.name), byName(added.filter { !isDone($0) }).reversed())

        // The view's objects, narrowed by a filter of ours (tags: evaluated by the SDK).
        let shelf: Filter = .multiSelect("tag", anyOf: tags)
        var onShelf: [String] = []
        for try await object in lists.objects(of: list.id, view: all.id, filter: shelf) {
            onShelf.append(object.name)
        }
        XCTAssertEqual(onShelf, byName(added.filter { tagIds($0).contains(tags[0].id) }))
        let soon = try await lists.objects(listId: list.id, viewId: open.id,
                                           filter: .date("due_date", onOrAfter: now.addingTimeInterval(2 * 86_400)))
        XCTAssertEqual(soon.data.map(\.name), byName(added.filter {
            !isDone($0) && ($0.date(key: "due_date").map { $0 >= now.addingTimeInterval(2 * 86_400) } ?? false)
        }).reversed())
        let firstPage = try await lists.objects(listId: list.id, viewId: all.id, limit: 1)
        XCTAssertEqual(firstPage.data.map(\.name), [byName(added)[0]])
        XCTAssertEqual(firstPage.pagination.total, Int64(added.count))

        // Remove one: the views show the rest.
        let removed = added[0]
        try await lists.removeObject(listId: list.id, objectId: removed.id)
        let rest = try await lists.allObjects(listId: list.id, viewId: all.id, pageSize: 2)
        XCTAssertEqual(rest.map(\.name), byName(added.filter { $0.id != removed.id }))

        let counts = try await sandbox.requestCounts()
        XCTAssertEqual(counts["POST /v1/spaces/\(space.id)/lists/\(list.id)/objects"], 1)
        XCTAssertEqual(counts["DELETE /v1/spaces/\(space.id)/lists/\(list.id)/objects/\(removed.id)"], 1)
    }
}

final class FilterErrorTests: SandboxTestCase {
    /// Bad filters throw `InvalidInput` (field `filter`) naming the property, the condition and
    /// the format, from every call that takes a filter, and nothing is sent.
    func testBadFiltersAreRejectedBeforeSending() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let objects = client.objects(spaceId: space.id)
        let lists = client.lists(spaceId: space.id)
        let before = try await apiRequests()

        // (filter, what the message must name)
        let cases: [(Filter, [String])] = [
            (.condition(key: "name", condition: .gt, value: .text(text: "a")), ["name", "gt", "text"]),
            (.multiSelect("tag", anyOf: [String]()), ["tag", "in", "multi_select"]),
            (.select("status", anyOf: ["ok", " "]), ["status", "in", "select"]),
            (.number("estimate", greaterThan: .nan), ["estimate", "gt", "number"]),
            (.number("estimate", atMost: .infinity), ["estimate", "lte", "number"]),
            (.condition(key: "done", condition: .contains, value: .checkbox(checked: true)), ["done", "contains", "checkbox"]),
            (.condition(key: "due_date", condition: .anyOf, value: .date(date: Date())), ["due_date", "in", "date"]),
            (.select("status", equals: ""), ["status", "eq", "select"]),
            (.text("name", contains: ""), ["name", "contains", "text"]),
            (.text("name", contains: "ok") && .any([.text("title", equals: "x"),
                                                    .condition(key: "pages", condition: .contains, value: .number(number: 1))]),
             ["pages", "contains", "number"]),
            (.text("  ", equals: "x"), ["eq", "text"]),
            (.any([]), ["or"]),
        ]
        for (filter, names) in cases {
            let calls: [(String, () async throws -> Any)] = [
                ("objects.search", { try await objects.search(request: SearchRequest(filter: filter)) }),
                ("objects.searchAll", { try await objects.searchAll(request: SearchRequest(query: "x", filter: filter)) }),
                ("search.list", { try await client.search().list(request: SearchRequest(filter: filter)) }),
                ("objects.listAll", { try await objects.listAll(filter: filter) }),
                ("lists.objects", { try await lists.objects(listId: "list", viewId: "view", filter: filter) }),
                ("objects.all(matching:)", {
                    var iterator = objects.all(matching: SearchRequest(filter: filter)).makeAsyncIterator()
                    return try await iterator.next() as Any
                }),
                ("search.all(matching:)", {
                    var iterator = client.search().all(matching: SearchRequest(filter: filter)).makeAsyncIterator()
                    return try await iterator.next() as Any
                }),
                ("lists.objects(of:)", {
                    var iterator = lists.objects(of: "list", view: "view", filter: filter).makeAsyncIterator()
                    return try await iterator.next() as Any
                }),
            ]
            for (name, call) in calls {
                let error = await anytypeError { try await call() }
                guard case .InvalidInput(let field, let detail)? = error else {
                    XCTFail("\(name), \(names): expected InvalidInput, got \(String(describing: error))")
                    continue
                }
                XCTAssertEqual(field, "filter", "\(name): \(detail)")
                for word in names {
                    XCTAssertTrue(detail.contains(word), "\(name): the message names `\(word)`: \(detail)")
                }
            }
        }
        // Each grammar's raw piece is refused in the other.
        let raw = await anytypeError { try await objects.searchAll(request: SearchRequest(filter: .rawQuery(name: "name[contains]", value: "x"))) }
        guard case .InvalidInput("filter", _)? = raw else { return XCTFail(String(describing: raw)) }
        let rawList = await anytypeError { try await objects.listAll(filter: .rawExpression(expression: #"{"operator": "and"}"#)) }
        guard case .InvalidInput("filter", _)? = rawList else { return XCTFail(String(describing: rawList)) }

        let after = try await apiRequests()
        XCTAssertEqual(after, before, "nothing reached the server")
    }

    /// The spellings produce the generated values the core defines (construction only).
    func testSpellingsBuildTheGeneratedValues() {
        let friday = Date(timeIntervalSince1970: 1_797_000_000)
        let tag = Tag(id: "t1", key: "urgent", name: "Urgent", color: .red)
        let pairs: [(Filter, Filter)] = [
            (.text("name", notEquals: "x"), .condition(key: "name", condition: .ne, value: .text(text: "x"))),
            (.url("site", contains: "anytype"), .condition(key: "site", condition: .contains, value: .url(url: "anytype"))),
            (.email("mail", equals: "a@b.c"), .condition(key: "mail", condition: .eq, value: .email(email: "a@b.c"))),
            (.phone("tel", notContains: "+1"), .condition(key: "tel", condition: .notContains, value: .phone(phone: "+1"))),
            (.number("n", atLeast: 2), .condition(key: "n", condition: .gte, value: .number(number: 2))),
            (.number("n", lessThan: -1.5), .condition(key: "n", condition: .lt, value: .number(number: -1.5))),
            (.date("due", onOrBefore: friday), .condition(key: "due", condition: .lte, value: .date(date: friday))),
            (.date("due", notEquals: friday), .condition(key: "due", condition: .ne, value: .date(date: friday))),
            (.checkbox("done", notEquals: true), .condition(key: "done", condition: .ne, value: .checkbox(checked: true))),
            (.select("status", equals: tag), .condition(key: "status", condition: .eq, value: .select(tags: ["t1"]))),
            (.select("status", noneOf: ["a", "b"]), .condition(key: "status", condition: .noneOf, value: .select(tags: ["a", "b"]))),
            (.multiSelect("tag", noneOf: [tag]), .condition(key: "tag", condition: .noneOf, value: .multiSelect(tags: ["t1"]))),
            (.objects("links", allOf: ["o1"]), .condition(key: "links", condition: .allOf, value: .objects(ids: ["o1"]))),
            (.files("attachments", anyOf: ["f1"]), .condition(key: "attachments", condition: .anyOf, value: .files(ids: ["f1"]))),
            (.empty("due", format: .date), .condition(key: "due", condition: .empty, value: .unset(format: .date))),
            (.notEmpty("tag", format: .multiSelect), .condition(key: "tag", condition: .notEmpty, value: .unset(format: .multiSelect))),
        ]
        for (built, generated) in pairs {
            XCTAssertEqual(built, generated)
        }
        // Groups flatten like the core's `Filter::and` / `Filter::or`.
        let (x, y, z) = (Filter.text("a", equals: "1"), Filter.text("b", equals: "2"), Filter.text("c", equals: "3"))
        XCTAssertEqual(x && y && z, .and(filters: [x, y, z]))
        XCTAssertEqual(x || y || z, .or(filters: [x, y, z]))
        XCTAssertEqual(x && (y || z), .and(filters: [x, .or(filters: [y, z])]))
        XCTAssertEqual(.all([x, .all([y, z])]), Filter.and(filters: [x, y, z]))
        XCTAssertEqual(Sort.descending(.createdDate), Sort(property: .createdDate, direction: .desc))
        XCTAssertEqual(Sort.ascending(.name), Sort(property: .name, direction: .asc))
    }
}

// Runs the README's search and lists examples (SearchExample.swift) and checks that the README shows exactly them.
final class SearchExampleTests: SandboxTestCase {
    func testSearchExampleFindsOpenTasksDueSoonTaggedAOrB() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let now = wholeSeconds(Date())
        let tags = try await newTags(["Errand A", "Errand B", "Errand C"], client: client, spaceId: space.id)
        let (a, b, c) = (tags[0], tags[1], tags[2])
        let friday = now.addingTimeInterval(4 * 86_400)
        let older = try await createTasks([
            TaskSpec(name: "Post the letters", done: false, dueInDays: 1, tags: [a]),        // yes
            TaskSpec(name: "Return the books", done: true, dueInDays: 2, tags: [a]),         // done
            TaskSpec(name: "Pick up the suit", done: false, dueInDays: 6, tags: [b]),        // due later
            TaskSpec(name: "Buy stamps", done: false, dueInDays: -1, tags: [b, c]),          // yes (overdue)
        ], client: client, spaceId: space.id, now: now)
        // A second later, so "newest first" has creation times to order by.
        try await Task.sleep(nanoseconds: 1_100_000_000)
        let newer = try await createTasks([
            TaskSpec(name: "Water the plants", done: false, dueInDays: 2, tags: [c]),        // neither tag
            TaskSpec(name: "Renew the parking permit", done: false, dueInDays: 3, tags: [a, b]), // yes
            TaskSpec(name: "Fix the bike", done: false, dueInDays: 1, tags: []),             // no tag
            TaskSpec(name: "Call the plumber", done: false, dueInDays: 0.5, tags: [b]),      // yes
        ], client: client, spaceId: space.id, now: now)
        let created = older + newer

        let tasks = try await openTasks(client: client, spaceId: space.id, dueBefore: friday, taggedWith: a, or: b)

        let expected = created.filter { o in
            !isDone(o) && (o.date(key: "due_date").map { $0 < friday } ?? true) && !tagIds(o).isDisjoint(with: [a.id, b.id])
        }
        XCTAssertEqual(Set(tasks.map(\.id)), Set(expected.map(\.id)), "got \(tasks.map(\.name))")
        XCTAssertEqual(expected.count, 4)
        // Newest first: creation times never increase, and the second batch comes before the first.
        let createdAt = tasks.map { $0.date(key: "created_date") }
        XCTAssertFalse(createdAt.contains(nil), "every task has its created_date")
        let times = createdAt.compactMap { $0 }
        XCTAssertEqual(times, times.sorted(by: >))
        let newerIds = Set(newer.map(\.id))
        let firstOlder = tasks.firstIndex { !newerIds.contains($0.id) } ?? tasks.count
        XCTAssertTrue(tasks[firstOlder...].allSatisfy { !newerIds.contains($0.id) },
                      "the newer tasks first: \(tasks.map(\.name))")
        XCTAssertEqual(firstOlder, expected.filter { newerIds.contains($0.id) }.count)

        let counts = try await sandbox.requestCounts()
        XCTAssertGreaterThanOrEqual(counts["POST /v1/spaces/\(space.id)/search"] ?? 0, 1)
    }

    func testListsExampleShowsWhatEachViewHasOpen() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let created = try await createTasks([
            TaskSpec(name: "pack", done: false, dueInDays: 1, tags: []),
            TaskSpec(name: "Lock up", done: true, dueInDays: 1, tags: []),
            TaskSpec(name: "Book the taxi", done: false, dueInDays: nil, tags: []),
            TaskSpec(name: "water plants", done: false, dueInDays: 2, tags: []),
        ], client: client, spaceId: space.id, now: wholeSeconds(Date()))
        let list = try await client.objects(spaceId: space.id).create(
            request: CreateObjectRequest(typeKey: "collection", name: "Before the trip"))
        let added = Array(created.prefix(3))
        let shown = try await openItemsByView(client: client, spaceId: space.id, listId: list.id, adding: added.map(\.id))
        XCTAssertEqual(shown, ["All": byName(added.filter { !isDone($0) })])
    }

    func testReadmeShowsTheTestedSearchExample() throws {
        try assertReadmeShows(marker: "search", from: "SearchExample.swift", function: "func openTasks(")
        try assertReadmeShows(marker: "lists", from: "SearchExample.swift", function: "func openItemsByView(", imports: false)
    }
}
