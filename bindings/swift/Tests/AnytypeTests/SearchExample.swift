// The README's examples of "Search and filters" (the search, the lists), compiled and run by
// `SearchExampleTests`. The code between each pair of markers must stay identical to its block in
// README.md (a test checks it).

import Anytype
import Foundation

// search:begin
/// Every task of the space `spaceId` that is not done, due before `date`, tagged `a` or `b`,
/// newest first.
func openTasks(client: AnytypeClient, spaceId: String, dueBefore date: Date,
               taggedWith a: Tag, or b: Tag) async throws -> [Object] {
    let request = SearchRequest(
        types: ["task"],
        filter: .checkbox("done", equals: false) && .date("due_date", before: date) && .multiSelect("tag", anyOf: [a, b]),
        sort: .descending(.createdDate))
    return try await client.objects(spaceId: spaceId).searchAll(request: request) // every page
}
// search:end

// lists:begin
/// Add `objectIds` to the collection `listId`; then, for each of its views, the names of the
/// objects it shows that are not done (in the view's order).
func openItemsByView(client: AnytypeClient, spaceId: String, listId: String,
                     adding objectIds: [String]) async throws -> [String: [String]] {
    let lists = client.lists(spaceId: spaceId)
    try await lists.addObjects(listId: listId, objectIds: objectIds)
    var shown: [String: [String]] = [:]
    for try await view in lists.views(of: listId) { // page after page
        for try await object in lists.objects(of: listId, view: view.id, filter: .checkbox("done", equals: false)) {
            shown[view.name, default: []].append(object.name)
        }
    }
    return shown
}
// lists:end
