// Members, types, templates, properties, tags and objects of a space, against the sandbox server:
// every resource at least once, and each shape (one page, every page with `for try await`, a typed
// value round trip, clearing a value, exhaustive `switch`es over `Value` and over the open enums,
// the errors). Expected values are computed from what the test sent.

import Anytype
import Foundation
import XCTest

extension SandboxTestCase {
    /// The demo space "Personal": besides the built-ins it has a `task` type (with `status`,
    /// `due_date`, `done` and `tag`), a few objects, more members and a task template.
    func demoSpace(_ client: AnytypeClient) async throws -> Space {
        let spaces = try await client.spaces().listAll()
        return try XCTUnwrap(spaces.first { $0.name == "Personal" }, "the demo space: \(spaces.map(\.name))")
    }

    /// A new space, as a fresh account has: the built-in types and properties only.
    func freshSpace(_ client: AnytypeClient, name: String = "Fresh space") async throws -> Space {
        try await client.spaces().create(request: CreateSpaceRequest(name: name))
    }

    /// The property `key` of the space `spaceId`.
    func property(_ key: String, of client: AnytypeClient, in spaceId: String) async throws -> Property {
        let all = try await client.properties(spaceId: spaceId).listAll()
        return try XCTUnwrap(all.first { $0.key == key }, "no property \(key) in \(all.map(\.key))")
    }

    /// The requests of the API itself (`/v1/...`) the sandbox has seen so far.
    func apiRequests() async throws -> Int {
        try await sandbox.requestCounts()
            .filter { $0.key.split(separator: " ").dropFirst().first?.hasPrefix("/v1/") == true }
            .values.reduce(0, +)
    }
}

/// The lines of a markdown body that carry text, trailing spaces dropped: the server ends every
/// line of a body with spaces and drops the blank ones.
func textLines(_ markdown: String?) -> [String] {
    (markdown ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        .map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        .filter { !$0.isEmpty }
}

/// `date` as the server keeps it: whole seconds.
func wholeSeconds(_ date: Date) -> Date {
    Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
}

/// A value as one line of text: an exhaustive `switch` (no `default`), so a new case in a future
/// SDK version makes this stop compiling instead of going unnoticed.
func describe(_ value: Value) -> String {
    switch value {
    case .text(let text): return "text \(text)"
    case .number(let number): return "number \(number.map { "\($0)" } ?? "none")"
    case .select(let tag): return "select \(tag?.name ?? "none")"
    case .multiSelect(let tags): return "multi_select \(tags.map(\.name).joined(separator: ","))"
    case .date(let date): return "date \(date.map { "\(Int64($0.timeIntervalSince1970))" } ?? "none")"
    case .files(let files): return "files \(files.joined(separator: ","))"
    case .checkbox(let checked): return "checkbox \(checked)"
    case .url(let url): return "url \(url)"
    case .email(let email): return "email \(email)"
    case .phone(let phone): return "phone \(phone)"
    case .objects(let objects): return "objects \(objects.joined(separator: ","))"
    case .other(let format, let raw): return "other \(format) \(raw)"
    }
}

/// A layout's wire name: exhaustive over the open enum, `.other` carrying the names this SDK
/// version doesn't know.
func wireName(_ layout: Layout) -> String {
    switch layout {
    case .basic: return "basic"
    case .profile: return "profile"
    case .action: return "action"
    case .note: return "note"
    case .bookmark: return "bookmark"
    case .set: return "set"
    case .collection: return "collection"
    case .participant: return "participant"
    case .other(let value): return value
    }
}

func wireName(_ color: Color) -> String {
    switch color {
    case .grey: return "grey"
    case .yellow: return "yellow"
    case .orange: return "orange"
    case .red: return "red"
    case .pink: return "pink"
    case .purple: return "purple"
    case .blue: return "blue"
    case .ice: return "ice"
    case .teal: return "teal"
    case .lime: return "lime"
    case .other(let value): return value
    }
}

func wireName(_ format: PropertyFormat) -> String {
    switch format {
    case .text: return "text"
    case .number: return "number"
    case .select: return "select"
    case .multiSelect: return "multi_select"
    case .date: return "date"
    case .files: return "files"
    case .checkbox: return "checkbox"
    case .url: return "url"
    case .email: return "email"
    case .phone: return "phone"
    case .objects: return "objects"
    case .other(let value): return value
    }
}

/// Whether a role may change the space's objects.
func canEdit(_ role: MemberRole) -> Bool {
    switch role {
    case .owner, .admin, .editor: return true
    case .viewer, .noPermission: return false
    case .other: return false // a role newer than this SDK: assume the least
    }
}

// MARK: - Members

final class MembersTests: SandboxTestCase {
    func testMembersPageEveryPageAndGet() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let members = client.members(spaceId: space.id)

        let all = try await members.listAll()
        XCTAssertGreaterThanOrEqual(all.count, 2, "the demo space has the owner and more members")
        let page = try await members.list(offset: 0, limit: 1)
        XCTAssertEqual(page.data, [all[0]])
        XCTAssertEqual(page.pagination, Pagination(total: Int64(all.count), offset: 0, limit: 1, hasMore: true))

        var walked: [Member] = []
        for try await member in members.all(pageSize: 1) { // one page per member
            walked.append(member)
        }
        XCTAssertEqual(walked, all)
        let pages = try await sandbox.requestCount("GET /v1/spaces/\(space.id)/members")
        XCTAssertEqual(pages, 1 + 1 + all.count, "listAll, list, then one request per page")

        let owners = all.filter { $0.role == .owner }
        XCTAssertEqual(owners.count, 1, "\(all)")
        XCTAssertEqual(owners.first?.status, .active)
        XCTAssertTrue(all.allSatisfy { !$0.id.isEmpty && !$0.identity.isEmpty })
        XCTAssertTrue(owners.allSatisfy { canEdit($0.role) })

        let got = try await members.get(memberId: all[all.count - 1].id)
        XCTAssertEqual(got, all[all.count - 1])
    }
}

// MARK: - Types and templates

final class TypesTests: SandboxTestCase {
    func testTypesCreateGetUpdateDelete() async throws {
        let client = try await client()
        let space = try await freshSpace(client)
        let types = client.types(spaceId: space.id)

        let builtIn = try await types.listAll()
        XCTAssertTrue(builtIn.contains { $0.key == "page" }, "\(builtIn.map(\.key))")
        XCTAssertFalse(builtIn.contains { $0.key == "recipe" })

        let created = try await types.create(request: CreateTypeRequest(
            name: "Recipe", pluralName: "Recipes", layout: .basic, key: "recipe", icon: .emoji(emoji: "🍲"),
            properties: [PropertyLink(key: "servings", name: "Servings", format: .number)]))
        XCTAssertEqual(created.key, "recipe")
        XCTAssertEqual(created.name, "Recipe")
        XCTAssertEqual(created.pluralName, "Recipes")
        XCTAssertEqual(created.layout, .basic)
        XCTAssertEqual(created.icon, .emoji(emoji: "🍲"))
        XCTAssertFalse(created.archived)
        let servings = try XCTUnwrap(created.properties.first { $0.key == "servings" }, "\(created.properties)")
        XCTAssertEqual(servings.name, "Servings")
        XCTAssertEqual(servings.format, .number)
        // The link made the property of the space.
        let property = try await client.properties(spaceId: space.id).get(propertyId: servings.id)
        XCTAssertEqual(property, servings)

        let got = try await types.get(typeId: created.id)
        XCTAssertEqual(got, created)

        // Only what the request names changes.
        let updated = try await types.update(typeId: created.id, request: UpdateTypeRequest(name: "Dish", layout: .note))
        XCTAssertEqual(updated.id, created.id)
        XCTAssertEqual(updated.name, "Dish")
        XCTAssertEqual(updated.layout, .note)
        XCTAssertEqual(updated.pluralName, "Recipes")
        XCTAssertEqual(updated.key, "recipe")

        var listed: [String] = []
        for try await type in types.all(pageSize: 5) { listed.append(type.id) }
        XCTAssertEqual(listed, builtIn.map(\.id) + [created.id])

        // Delete archives: the answer is the type; a later get says archived; lists leave it out.
        let deleted = try await types.delete(typeId: created.id)
        XCTAssertEqual(deleted.id, created.id)
        XCTAssertEqual(deleted.name, "Dish")
        let archived = try await types.get(typeId: created.id)
        XCTAssertTrue(archived.archived)
        let after = try await types.listAll()
        XCTAssertEqual(after.map(\.id), builtIn.map(\.id))
    }

    func testTemplatesListGetAndUse() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let allTypes = try await client.types(spaceId: space.id).listAll()
        let task = try XCTUnwrap(allTypes.first { $0.key == "task" })
        XCTAssertEqual(task.layout, .action)
        let templates = client.templates(spaceId: space.id, typeId: task.id)

        let page = try await templates.list(offset: 0, limit: 100)
        XCTAssertFalse(page.data.isEmpty, "the demo task type has a template")
        XCTAssertEqual(page.pagination.total, Int64(page.data.count))
        var walked: [Object] = []
        for try await template in templates.all(pageSize: 1) { walked.append(template) }
        XCTAssertEqual(walked, page.data)
        let listed = try await templates.listAll(pageSize: 1)
        XCTAssertEqual(listed, page.data)

        let template = try await templates.get(templateId: page.data[0].id)
        XCTAssertEqual(template.id, page.data[0].id)
        XCTAssertEqual(template.name, page.data[0].name)
        XCTAssertNil(page.data[0].markdown, "lists leave the body out")
        XCTAssertFalse(textLines(template.markdown).isEmpty, "get gives the body")

        // A task made from the template starts with the template's body.
        let objects = client.objects(spaceId: space.id)
        let made = try await objects.create(request: CreateObjectRequest(typeKey: "task", name: "From the template", templateId: template.id))
        XCTAssertEqual(made.name, "From the template")
        XCTAssertEqual(made.objectType?.key, "task")
        XCTAssertEqual(textLines(made.markdown), textLines(template.markdown))
        let allObjects = try await objects.listAll()
        XCTAssertFalse(allObjects.contains { $0.id == template.id }, "templates are not listed with the objects")
    }
}

// MARK: - Properties and tags

final class PropertiesAndTagsTests: SandboxTestCase {
    func testPropertiesCreateGetUpdateDelete() async throws {
        let client = try await client()
        let space = try await freshSpace(client)
        let properties = client.properties(spaceId: space.id)

        let builtIn = try await properties.listAll()
        XCTAssertEqual(builtIn.first { $0.key == "tag" }?.format, .multiSelect, "\(builtIn.map(\.key))")
        XCTAssertFalse(builtIn.contains { $0.key == "due_date" }, "a fresh space has no due date")

        let created = try await properties.create(request: CreatePropertyRequest(name: "Effort", format: .number, key: "effort"))
        XCTAssertEqual(created.key, "effort")
        XCTAssertEqual(created.name, "Effort")
        XCTAssertEqual(created.format, .number)
        let got = try await properties.get(propertyId: created.id)
        XCTAssertEqual(got, created)

        let renamed = try await properties.update(propertyId: created.id, request: UpdatePropertyRequest(name: "Effort (hours)"))
        XCTAssertEqual(renamed, Property(id: created.id, key: "effort", name: "Effort (hours)", format: .number))

        let page = try await properties.list(offset: 0, limit: 5)
        XCTAssertEqual(page.data.count, 5)
        XCTAssertEqual(page.pagination, Pagination(total: Int64(builtIn.count + 1), offset: 0, limit: 5, hasMore: true))
        var walked: [Property] = []
        for try await property in properties.all(pageSize: 7) { walked.append(property) }
        XCTAssertEqual(walked.count, builtIn.count + 1)
        XCTAssertEqual(Set(walked.map(\.id)).count, walked.count, "no property twice")
        XCTAssertTrue(walked.contains(renamed))
        XCTAssertEqual(Array(walked.prefix(5)), page.data)

        let deleted = try await properties.delete(propertyId: created.id)
        XCTAssertEqual(deleted.id, created.id)
        let after = try await properties.listAll()
        XCTAssertEqual(after.map(\.id), builtIn.map(\.id))

        // A select property with its first tags.
        let stage = try await properties.create(request: CreatePropertyRequest(
            name: "Stage", format: .select,
            tags: [CreateTagRequest(name: "Draft", color: .grey), CreateTagRequest(name: "Final", color: .lime)]))
        XCTAssertEqual(stage.format, .select)
        let tags = try await client.tags(spaceId: space.id, propertyId: stage.id).listAll()
        XCTAssertEqual(tags.map(\.name).sorted(), ["Draft", "Final"])
        XCTAssertEqual(tags.first { $0.name == "Final" }?.color, .lime)
    }

    func testTagsCreateGetUpdateDelete() async throws {
        let client = try await client()
        let space = try await freshSpace(client)
        let tagProperty = try await property("tag", of: client, in: space.id)
        let tags = client.tags(spaceId: space.id, propertyId: tagProperty.id)
        let before = try await tags.listAll()

        let urgent = try await tags.create(request: CreateTagRequest(name: "Urgent", color: .red, key: "urgent"))
        XCTAssertEqual(urgent.key, "urgent")
        XCTAssertEqual(urgent.name, "Urgent")
        XCTAssertEqual(urgent.color, .red)
        let home = try await tags.create(request: CreateTagRequest(name: "Home", color: .blue))
        XCTAssertFalse(home.key.isEmpty, "the server makes a key")
        XCTAssertEqual(wireName(home.color), "blue")

        let got = try await tags.get(tagId: urgent.id)
        XCTAssertEqual(got, urgent)

        let updated = try await tags.update(tagId: urgent.id, request: UpdateTagRequest(name: "Very urgent", color: .orange))
        XCTAssertEqual(updated, Tag(id: urgent.id, key: "urgent", name: "Very urgent", color: .orange))

        let page = try await tags.list(offset: 0, limit: 1)
        XCTAssertEqual(page.pagination.total, Int64(before.count + 2))
        XCTAssertTrue(page.pagination.hasMore)
        var walked: [Tag] = []
        for try await tag in tags.all(pageSize: 1) { walked.append(tag) }
        XCTAssertEqual(walked, before + [updated, home])

        let deleted = try await tags.delete(tagId: home.id)
        XCTAssertEqual(deleted.id, home.id)
        let after = try await tags.listAll()
        XCTAssertEqual(after, before + [updated])
    }
}

// MARK: - Objects

final class ObjectsTests: SandboxTestCase {
    func testObjectsPageAndEveryPage() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let objects = client.objects(spaceId: space.id)

        let all = try await objects.listAll(pageSize: 1000)
        XCTAssertGreaterThanOrEqual(all.count, 5, "the demo space has objects")
        XCTAssertEqual(Set(all.map(\.id)).count, all.count)
        XCTAssertTrue(all.allSatisfy { $0.spaceId == space.id && $0.markdown == nil }, "lists leave the body out")

        let first = try await objects.list(offset: 0, limit: 2)
        XCTAssertEqual(first.data, Array(all.prefix(2)))
        XCTAssertEqual(first.pagination, Pagination(total: Int64(all.count), offset: 0, limit: 2, hasMore: true))

        let path = "GET /v1/spaces/\(space.id)/objects"
        let before = try await sandbox.requestCount(path)
        var walked: [Object] = []
        for try await object in objects.all(pageSize: 2) { walked.append(object) }
        XCTAssertEqual(walked, all)
        let requests = try await sandbox.requestCount(path) - before
        XCTAssertEqual(requests, (all.count + 1) / 2, "one request per page of 2, none after the last")

        var sizes: [Int] = []
        for try await page in objects.all(pageSize: 3).pages { sizes.append(page.data.count) }
        XCTAssertEqual(sizes.reduce(0, +), all.count)
        XCTAssertEqual(sizes.count, (all.count + 2) / 3)
    }

    func testTypedValuesRoundTrip() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let properties = try await client.properties(spaceId: space.id).listAll()
        let tagProperty = try XCTUnwrap(properties.first { $0.key == "tag" })
        let status = try XCTUnwrap(properties.first { $0.key == "status" }, "the demo space has a status property")
        let tags = client.tags(spaceId: space.id, propertyId: tagProperty.id)
        let errand = try await tags.create(request: CreateTagRequest(name: "Errand", color: .teal))
        let home = try await tags.create(request: CreateTagRequest(name: "At home", color: .pink))
        let blocked = try await client.tags(spaceId: space.id, propertyId: status.id)
            .create(request: CreateTagRequest(name: "Blocked", color: .purple))

        let due = Date(timeIntervalSince1970: 1_797_000_123.625) // fractional seconds on purpose
        let body = "# Groceries\n\nFor the weekend.\n\n- [ ] milk\n- [ ] bread\n"
        let objects = client.objects(spaceId: space.id)
        let created = try await objects.create(request: CreateObjectRequest(
            typeKey: "task", name: "Buy groceries", icon: .emoji(emoji: "🛒"), body: body,
            properties: [
                .date(key: "due_date", date: due),
                .multiSelect(key: "tag", tags: [errand.key, home.key]), // by key
                .select(key: "status", tag: blocked.id), // by id
                .checkbox(key: "done", checked: true),
                .text(key: "description", text: "  milk and bread  "), // the server trims text
            ]))

        for task in [created, try await objects.get(objectId: created.id)] {
            XCTAssertEqual(task.name, "Buy groceries")
            XCTAssertEqual(task.icon, .emoji(emoji: "🛒"))
            XCTAssertEqual(task.objectType?.key, "task")
            XCTAssertEqual(task.layout, .action)
            XCTAssertFalse(task.archived)
            XCTAssertEqual(task.date(key: "due_date"), wholeSeconds(due))
            XCTAssertEqual(task.value(key: "due_date"), .date(date: wholeSeconds(due)))
            XCTAssertEqual(task.property(key: "due_date")?.format, .date)
            XCTAssertEqual(task.tags(key: "tag").map(\.name), ["Errand", "At home"])
            XCTAssertEqual(task.tags(key: "tag"), [errand, home])
            XCTAssertEqual(task.select(key: "status"), blocked)
            XCTAssertEqual(task.checkbox(key: "done"), true)
            XCTAssertEqual(task.text(key: "description"), "milk and bread")
            XCTAssertEqual(textLines(task.markdown), textLines(body))
            // Accessors for a property the object lacks, or of another format, give nothing.
            XCTAssertNil(task.value(key: "no_such_property"))
            XCTAssertNil(task.number(key: "due_date"))
            XCTAssertEqual(task.ids(key: "no_such_property"), [])
        }

        let listed = try await objects.listAll()
        let inList = try XCTUnwrap(listed.first { $0.id == created.id })
        XCTAssertEqual(inList.date(key: "due_date"), wholeSeconds(due))
        XCTAssertNil(inList.markdown)
    }

    func testClearUpdateAndArchive() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let objects = client.objects(spaceId: space.id)
        let task = try await objects.create(request: CreateObjectRequest(
            typeKey: "task", name: "Call the bank", body: "Ask about the fees",
            properties: [.date(key: "due_date", date: Date()), .multiSelect(key: "tag", tags: ["later"]), .checkbox(key: "done", checked: false)]))
        XCTAssertEqual(task.tags(key: "tag").count, 1)
        XCTAssertNotNil(task.date(key: "due_date"))

        let updated = try await objects.update(objectId: task.id, request: UpdateObjectRequest(
            name: "Call the bank again", markdown: "Ask about the fees\n\nAnd the card",
            properties: [.clear(key: "tag", format: .multiSelect), .clear(key: "due_date", format: .date),
                         .checkbox(key: "done", checked: true)]))
        for object in [updated, try await objects.get(objectId: task.id)] {
            XCTAssertEqual(object.name, "Call the bank again")
            XCTAssertEqual(textLines(object.markdown), ["Ask about the fees", "And the card"])
            XCTAssertEqual(object.tags(key: "tag"), [], "cleared")
            XCTAssertNil(object.date(key: "due_date"), "cleared")
            XCTAssertEqual(object.checkbox(key: "done"), true)
        }

        // Delete archives: the answer is the object, a later get says archived, lists leave it out.
        let deleted = try await objects.delete(objectId: task.id)
        XCTAssertEqual(deleted.id, task.id)
        let archived = try await objects.get(objectId: task.id)
        XCTAssertTrue(archived.archived)
        let listed = try await objects.listAll()
        XCTAssertFalse(listed.contains { $0.id == task.id })
    }

    /// One value of every format, each read back through the exhaustive `switch` of `describe`.
    func testEveryFormatThroughAnExhaustiveSwitch() async throws {
        let client = try await client()
        let space = try await freshSpace(client)
        let properties = client.properties(spaceId: space.id)
        let formats: [(String, PropertyFormat)] = [
            ("pages", .number), ("stage", .select), ("deadline", .date), ("attachments", .files),
            ("contact", .email), ("hotline", .phone), ("related", .objects),
        ]
        for (key, format) in formats {
            let made = try await properties.create(request: CreatePropertyRequest(name: key.capitalized, format: format, key: key))
            XCTAssertEqual(wireName(made.format), wireName(format))
        }
        let stageId = try await property("stage", of: client, in: space.id).id
        let final = try await client.tags(spaceId: space.id, propertyId: stageId).create(request: CreateTagRequest(name: "Final", color: .yellow))
        let tagId = try await property("tag", of: client, in: space.id).id
        let idea = try await client.tags(spaceId: space.id, propertyId: tagId).create(request: CreateTagRequest(name: "Idea", color: .ice))

        let objects = client.objects(spaceId: space.id)
        let other = try await objects.create(request: CreateObjectRequest(typeKey: "page", name: "Linked"))
        let deadline = Date(timeIntervalSince1970: 1_800_000_000)
        let inputs: [PropertyInput] = [
            .text(key: "description", text: "every format"),
            .number(key: "pages", number: 12.5),
            .select(key: "stage", tag: final.key),
            .multiSelect(key: "tag", tags: [idea.id]),
            .date(key: "deadline", date: deadline),
            .files(key: "attachments", files: [other.id]),
            .checkbox(key: "done", checked: true),
            .url(key: "source", url: "https://anytype.io/"),
            .email(key: "contact", email: "someone@example.com"),
            .phone(key: "hotline", phone: "+1 555 0100"),
            .objects(key: "related", objects: [other.id]),
        ]
        let object = try await objects.create(request: CreateObjectRequest(typeKey: "page", name: "Every format", properties: inputs))
        let expected: [String: String] = [
            "description": "text every format",
            "pages": "number 12.5",
            "stage": "select Final",
            "tag": "multi_select Idea",
            "deadline": "date 1800000000",
            "attachments": "files \(other.id)",
            "done": "checkbox true",
            "source": "url https://anytype.io/",
            "contact": "email someone@example.com",
            "hotline": "phone +1 555 0100",
            "related": "objects \(other.id)",
        ]
        var seen: [String: String] = [:]
        for property in object.properties where expected[property.key] != nil {
            seen[property.key] = describe(property.value)
        }
        XCTAssertEqual(seen, expected)
        XCTAssertEqual(object.number(key: "pages"), 12.5)
        XCTAssertEqual(object.ids(key: "related"), [other.id])
        XCTAssertEqual(object.ids(key: "attachments"), [other.id])
        XCTAssertEqual(object.text(key: "contact"), "someone@example.com")
        XCTAssertEqual(object.select(key: "stage")?.color, .yellow)
    }

    /// What a newer server may send (a layout, a property format, a colour this SDK doesn't know,
    /// a value that doesn't fit its format) arrives as `.other`, never as an error.
    func testUnknownKindsArriveAsOther() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let id = "bafyreinewerserverobject"
        let object: [String: Any] = [
            "object": "object", "id": id, "name": "From a newer server", "icon": NSNull(), "archived": false,
            "space_id": space.id, "snippet": "", "layout": "chat", "type": NSNull(), "markdown": "",
            "properties": [
                ["object": "property", "id": "p1", "key": "mood", "name": "Mood", "format": "rich_text",
                 "rich_text": ["blocks": [1, 2]]],
                ["object": "property", "id": "p2", "key": "pages", "name": "Pages", "format": "number", "number": "twelve"],
                ["object": "property", "id": "p3", "key": "tag", "name": "Tag", "format": "multi_select",
                 "multi_select": [["object": "tag", "id": "t1", "key": "odd", "name": "Odd", "color": "chartreuse"]]],
            ],
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["object": object]), as: UTF8.self)
        try await sandbox.addFault(["method": "GET", "path": "/v1/spaces/\(space.id)/objects/\(id)", "times": 1,
                                    "fault": ["kind": "status", "status": 200, "body": body]])

        let got = try await client.objects(spaceId: space.id).get(objectId: id)
        XCTAssertEqual(got.layout, .other(value: "chat"))
        XCTAssertEqual(wireName(got.layout), "chat")
        XCTAssertNil(got.objectType)

        let mood = try XCTUnwrap(got.property(key: "mood"))
        XCTAssertEqual(mood.format, .other(value: "rich_text"))
        XCTAssertEqual(wireName(mood.format), "rich_text")
        guard case .other(let format, let raw) = mood.value else { return XCTFail(describe(mood.value)) }
        XCTAssertEqual(format, "rich_text")
        let parsed = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: [Int]]
        XCTAssertEqual(parsed, ["blocks": [1, 2]], "raw is the value's JSON text")

        XCTAssertEqual(got.value(key: "pages"), .other(format: "number", raw: "\"twelve\""))
        XCTAssertNil(got.number(key: "pages"))

        let odd = try XCTUnwrap(got.tags(key: "tag").first)
        XCTAssertEqual(odd.color, .other(value: "chartreuse"))
        XCTAssertEqual(wireName(odd.color), "chartreuse")
    }
}

// MARK: - Errors

final class ObjectErrorTests: SandboxTestCase {
    /// Bad input throws `InvalidInput` naming the field, and nothing is sent.
    func testBadInputIsRejectedBeforeSending() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let sid = space.id
        let before = try await apiRequests()

        let cases: [(String, () async throws -> Any)] = [
            ("space_id", { try await client.objects(spaceId: "").list() }),
            ("space_id", { try await client.members(spaceId: " ").listAll() }),
            ("object_id", { try await client.objects(spaceId: sid).get(objectId: "") }),
            ("object_id", { try await client.objects(spaceId: sid).delete(objectId: "") }),
            ("type_id", { try await client.types(spaceId: sid).get(typeId: "") }),
            ("type_id", { try await client.templates(spaceId: sid, typeId: "").list() }),
            ("template_id", { try await client.templates(spaceId: sid, typeId: "t").get(templateId: "") }),
            ("property_id", { try await client.properties(spaceId: sid).delete(propertyId: "") }),
            ("property_id", { try await client.tags(spaceId: sid, propertyId: "").list() }),
            ("tag_id", { try await client.tags(spaceId: sid, propertyId: "p").update(tagId: "", request: UpdateTagRequest(name: "x")) }),
            ("member_id", { try await client.members(spaceId: sid).get(memberId: "") }),
            ("type_key", { try await client.objects(spaceId: sid).create(request: CreateObjectRequest(typeKey: "")) }),
            ("name", { try await client.types(spaceId: sid).create(request: CreateTypeRequest(name: "  ", pluralName: "Things", layout: .basic)) }),
            ("name", { try await client.properties(spaceId: sid).create(request: CreatePropertyRequest(name: "", format: .text)) }),
            ("color", { try await client.tags(spaceId: sid, propertyId: "p").create(request: CreateTagRequest(name: "Odd", color: .other(value: "chartreuse"))) }),
            ("color", { try await client.tags(spaceId: sid, propertyId: "p").update(tagId: "t", request: UpdateTagRequest(color: .other(value: "chartreuse"))) }),
            ("format", { try await client.properties(spaceId: sid).create(request: CreatePropertyRequest(name: "Rich", format: .other(value: "rich_text"))) }),
            ("properties[0] (pages, number)", {
                try await client.objects(spaceId: sid).create(request: CreateObjectRequest(typeKey: "page", properties: [.number(key: "pages", number: .nan)]))
            }),
            ("properties[1] (contact, email)", {
                try await client.objects(spaceId: sid).update(objectId: "o", request: UpdateObjectRequest(
                    properties: [.text(key: "description", text: "fine"), .email(key: "contact", email: "not-an-address")]))
            }),
            ("properties[0] (mood, rich_text)", {
                try await client.objects(spaceId: sid).create(request: CreateObjectRequest(
                    typeKey: "page", properties: [.clear(key: "mood", format: .other(value: "rich_text"))]))
            }),
        ]
        for (field, call) in cases {
            let error = await anytypeError { try await call() }
            guard case .InvalidInput(let got, let detail)? = error else {
                XCTFail("\(field): expected InvalidInput, got \(String(describing: error))")
                continue
            }
            XCTAssertEqual(got, field)
            XCTAssertFalse(detail.isEmpty)
        }
        // A bad id or page size in `all` throws on the first `next()`.
        var iterator = client.tags(spaceId: sid, propertyId: "").all().makeAsyncIterator()
        let error = await anytypeError { try await iterator.next() }
        guard case .InvalidInput("property_id", _)? = error else { return XCTFail(String(describing: error)) }

        let after = try await apiRequests()
        XCTAssertEqual(after, before, "nothing reached the server")
    }

    func testMissingItemsAreNotFound() async throws {
        let client = try await client()
        let space = try await demoSpace(client)
        let missing = "bafyreimissingmissingmissing"
        let tagProperty = try await property("tag", of: client, in: space.id)

        // The real server answers a missing object, type, property or tag with 500 "failed to retrieve ...".
        let calls: [(String, () async throws -> Any)] = [
            ("object", { try await client.objects(spaceId: space.id).get(objectId: missing) }),
            ("object", { try await client.objects(spaceId: space.id).update(objectId: missing, request: UpdateObjectRequest(name: "x")) }),
            ("type", { try await client.types(spaceId: space.id).get(typeId: missing) }),
            ("property", { try await client.properties(spaceId: space.id).get(propertyId: missing) }),
            ("tag", { try await client.tags(spaceId: space.id, propertyId: tagProperty.id).get(tagId: missing) }),
        ]
        for (what, call) in calls {
            let error = await anytypeError { try await call() }
            guard case .NotFound(let status, let detail)? = error else {
                XCTFail("\(what): expected NotFound, got \(String(describing: error))")
                continue
            }
            XCTAssertEqual(status, 500, what)
            XCTAssertTrue(detail.contains(what), "\(what): \(detail)")
        }

        // A missing space is a 404.
        let error = await anytypeError { try await client.objects(spaceId: "no-such-space").list() }
        guard case .NotFound(404, _)? = error else { return XCTFail(String(describing: error)) }
    }

    /// `allowUnknownColor` sends a colour this SDK doesn't know; this server rejects it (400).
    func testAllowUnknownColorSendsIt() async throws {
        let client = try await client()
        let space = try await freshSpace(client)
        let tagProperty = try await property("tag", of: client, in: space.id)
        let tags = client.tags(spaceId: space.id, propertyId: tagProperty.id)
        let error = await anytypeError {
            try await tags.create(request: CreateTagRequest(name: "Odd", color: .other(value: "chartreuse"), allowUnknownColor: true))
        }
        guard case .Api(let status, _, let detail)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(status, 400)
        XCTAssertTrue(detail.contains("chartreuse"), detail)
        let posts = try await sandbox.requestCount("POST /v1/spaces/\(space.id)/properties/\(tagProperty.id)/tags")
        XCTAssertEqual(posts, 1)
    }
}
