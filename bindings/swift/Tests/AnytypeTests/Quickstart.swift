// The README's quickstart, compiled and run by `QuickstartTests`. The code between the markers
// must stay identical to the block in README.md (a test checks it).

import Anytype

// quickstart:begin
/// Authenticate against the server at `baseUrl` and use the spaces API.
/// `code` is the 4-digit code the Anytype app shows for the challenge.
func quickstart(baseUrl: String, code: String) async throws -> (all: [Space], renamed: Space) {
    let config = ClientConfig(baseUrl: baseUrl) // the desktop app: http://127.0.0.1:31009
    let auth = try Auth(config: config)
    let challengeId = try await auth.createChallenge(appName: "SwiftTest")
    let apiKey = try await auth.createApiKey(challengeId: challengeId, code: code)

    let client = try AnytypeClient(apiKey: apiKey, config: config)
    let spaces = client.spaces()

    let page = try await spaces.list(offset: 0, limit: 2)
    print("\(page.data.count) of \(page.pagination.total) spaces, more: \(page.pagination.hasMore)")

    var all: [Space] = []
    for try await space in spaces.all(pageSize: 100) { // fetches page after page
        all.append(space)
    }

    let space = try await spaces.create(request: CreateSpaceRequest(name: "Notes", description: "Scratch"))
    let renamed = try await spaces.update(spaceId: space.id, request: UpdateSpaceRequest(name: "Notes 2"))

    do {
        _ = try await spaces.get(spaceId: "no-such-space")
    } catch AnytypeError.NotFound(_, let detail) {
        print("not found: \(detail)")
    }
    return (all, renamed)
}
// quickstart:end
