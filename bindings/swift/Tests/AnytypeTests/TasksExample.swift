// The README's objects example ("Objects, types, properties and tags"), compiled and run by
// `TasksExampleTests`. The code between the markers must stay identical to the block in
// README.md (a test checks it).

import Anytype
import Foundation

// tasks:begin
/// In the space `spaceId`: create a task due at `due` with two tags and a markdown body, list the
/// space's objects, read the due date back, clear the tags and archive the task.
func tasksExample(client: AnytypeClient, spaceId: String, due: Date) async throws
    -> (listed: [String], task: Object, cleared: Object) {
    let properties = client.properties(spaceId: spaceId)
    let types = client.types(spaceId: spaceId)

    // A new space (e.g. a fresh headless account's) has no `due_date` and no `task` type yet.
    let knownProperties = try await properties.listAll()
    if !knownProperties.contains(where: { $0.key == "due_date" }) {
        _ = try await properties.create(request: CreatePropertyRequest(name: "Due date", format: .date, key: "due_date"))
    }
    let knownTypes = try await types.listAll()
    if !knownTypes.contains(where: { $0.key == "task" }) {
        _ = try await types.create(request: CreateTypeRequest(
            name: "Task", pluralName: "Tasks", layout: .action, key: "task",
            properties: [PropertyLink(key: "due_date", name: "Due date", format: .date)]))
    }

    // Tags belong to a (multi-)select property: here the built-in `tag`.
    guard let tagProperty = knownProperties.first(where: { $0.key == "tag" }) else {
        throw AnytypeError.NotFound(status: 404, detail: "the space has no tag property")
    }
    let tags = client.tags(spaceId: spaceId, propertyId: tagProperty.id)
    let urgent = try await tags.create(request: CreateTagRequest(name: "Urgent", color: .red))
    let home = try await tags.create(request: CreateTagRequest(name: "Home", color: .blue))

    let objects = client.objects(spaceId: spaceId)
    let created = try await objects.create(request: CreateObjectRequest(
        typeKey: "task", name: "Pay the rent",
        body: "# Rent\n\n- [ ] transfer the money\n- [ ] keep the receipt",
        properties: [
            .date(key: "due_date", date: due), // sent in UTC; the server keeps whole seconds
            .multiSelect(key: "tag", tags: [urgent.key, home.key]), // tag keys or ids
        ]))

    var listed: [String] = []
    for try await object in objects.all(pageSize: 100) { // the space's objects, page after page
        listed.append(object.name)
    }

    let task = try await objects.get(objectId: created.id) // with its markdown body
    if let dueDate = task.date(key: "due_date") {
        print("\(task.name) is due \(dueDate), tagged \(task.tags(key: "tag").map(\.name))")
    }

    let cleared = try await objects.update(objectId: task.id, request: UpdateObjectRequest(
        properties: [.clear(key: "tag", format: .multiSelect)]))
    _ = try await objects.delete(objectId: task.id) // archives it: `get` now says `archived`
    return (listed, task, cleared)
}
// tasks:end

// values:begin
/// A property value as text, for display.
func displayText(_ value: Value) -> String {
    switch value { // no `default`: a case added by a later SDK version won't go unnoticed
    case .text(let text), .url(let text), .email(let text), .phone(let text): return text
    case .number(let number): return number.map { "\($0)" } ?? ""
    case .date(let date): return date.map { ISO8601DateFormatter().string(from: $0) } ?? ""
    case .checkbox(let checked): return checked ? "yes" : "no"
    case .select(let tag): return tag?.name ?? ""
    case .multiSelect(let tags): return tags.map(\.name).joined(separator: ", ")
    case .files(let ids), .objects(let ids): return "\(ids.count) linked"
    case .other(let format, let raw): return "\(format): \(raw)" // a format newer than this SDK
    }
}
// values:end
