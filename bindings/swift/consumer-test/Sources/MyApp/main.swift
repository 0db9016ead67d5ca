// Usage: MyApp <base URL> <4-digit code>  (consumer-test.sh runs it against the sandbox)
// Authenticates, creates a space and reads it back; prints "consumer ok: ..." and exits 0 only
// when the space read back is the one created.

import Anytype
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: MyApp <base URL> <code>\n".utf8))
    exit(2)
}

let config = ClientConfig(baseUrl: arguments[1])
let auth = try Auth(config: config)
let challengeId = try await auth.createChallenge(appName: "ConsumerTest")
let apiKey = try await auth.createApiKey(challengeId: challengeId, code: arguments[2])
let client = try AnytypeClient(apiKey: apiKey, config: config)

let spaces = client.spaces()
let created = try await spaces.create(request: CreateSpaceRequest(name: "From the bundle", description: "consumer-test"))
let fetched = try await spaces.get(spaceId: created.id)
var listed: [String] = []
for try await space in spaces.all(pageSize: 10) {
    listed.append(space.id)
}
guard fetched.name == "From the bundle", listed.contains(created.id) else {
    FileHandle.standardError.write(Data("unexpected: \(fetched) not in \(listed)\n".utf8))
    exit(1)
}
print("consumer ok: \(fetched.name) (\(fetched.id)), \(listed.count) spaces")
