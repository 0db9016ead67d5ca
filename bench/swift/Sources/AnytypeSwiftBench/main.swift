// Swift benchmarks: the Anytype SDK against URLSession + JSONDecoder, on one running sandbox.
//
//   anytype-swift-bench suite --url URL --space-id ID [--total N] [--runs 5] [--sequential 2000]
//                             [--concurrent 20000] [--in-flight 64] [--page-size 1000]
//                             [--ffi-sync 500000] [--ffi-async 20000] [--swift-version 6.0.3]
//                             [--objects-space-id ID [--objects-total 10000] [--objects-properties 10]]
//                             [--file-path PATH --file-mb N [--download-object-id ID]] [--messages N]
//   (with --objects-space-id: list_all_objects and search_all_objects, over that space's objects;
//   with --file-path: upload_file and download_file; with --messages N > 0: chat_stream)
//   anytype-swift-bench one SCENARIO IMPL (same options)
//
// The API key comes from ANYTYPE_BENCH_KEY (never from the command line). `suite` runs every
// measurement `--runs` times, each run of each implementation in a fresh child process (this
// executable again, in `one` mode), so VmHWM is that scenario's own peak, and prints
// `{"records": [...], "versions": {...}, "notes": []}` in the format bench/harness.py reads.
// `one` runs a single measurement and prints one JSON line. The Swift twin of bench/python/bench.py.

import Anytype
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// ---------------------------------------------------------------------------------------------
// The alternative: URLSession + JSONDecoder into Codable structs with the same fields as the
// SDK's Space (id, name, description, icon, gateway URL, network id, kind).
// ---------------------------------------------------------------------------------------------

enum RawIcon: Decodable {
    case emoji(emoji: String)
    case file(file: String)
    case named(name: String, color: String?)
    case other(format: String)

    private enum CodingKeys: String, CodingKey { case format, emoji, file, name, color }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        switch format {
        case "emoji": self = .emoji(emoji: try c.decode(String.self, forKey: .emoji))
        case "file": self = .file(file: try c.decode(String.self, forKey: .file))
        case "icon":
            self = .named(name: try c.decode(String.self, forKey: .name),
                          color: try c.decodeIfPresent(String.self, forKey: .color))
        default: self = .other(format: format)
        }
    }
}

enum RawKind: Decodable {
    case space, chatSpace, oneToOne, techSpace
    case other(String)

    init(from decoder: Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        switch value {
        case "space", "anytype.space": self = .space
        case "chatspace", "anytype.chatspace": self = .chatSpace
        case "onetoone", "anytype.onetoone": self = .oneToOne
        case "techspace", "anytype.techspace": self = .techSpace
        default: self = .other(value)
        }
    }
}

struct RawSpace: Decodable {
    let id: String
    let name: String
    let description: String
    let icon: RawIcon?
    let gatewayUrl: String
    let networkId: String
    let kind: RawKind

    private enum CodingKeys: String, CodingKey {
        case id, name, description, icon
        case gatewayUrl = "gateway_url", networkId = "network_id", kind = "object"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        icon = try c.decodeIfPresent(RawIcon.self, forKey: .icon)
        gatewayUrl = try c.decodeIfPresent(String.self, forKey: .gatewayUrl) ?? ""
        networkId = try c.decodeIfPresent(String.self, forKey: .networkId) ?? ""
        kind = try c.decodeIfPresent(RawKind.self, forKey: .kind) ?? .space
    }
}

struct RawEnvelope: Decodable { let space: RawSpace }

struct RawPagination: Decodable {
    let hasMore: Bool
    private enum CodingKeys: String, CodingKey { case hasMore = "has_more" }
}

struct RawPage: Decodable {
    let data: [RawSpace]
    let pagination: RawPagination
}

// ---------------------------------------------------------------------------------------------
// The alternative for objects: Codable structs with the fields of the SDK's Object (id, name,
// icon, archived, space id, snippet, layout, type with its properties, property values as an
// enum tagged by format: select -> a tag, multi_select -> tags, date -> Date (JSONDecoder's
// .iso8601 strategy), null lists empty), markdown optional.
// ---------------------------------------------------------------------------------------------

struct RawTag: Decodable {
    let id: String
    let key: String
    let name: String
    let color: String

    private enum CodingKeys: String, CodingKey { case id, key, name, color }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        color = try c.decodeIfPresent(String.self, forKey: .color) ?? ""
    }
}

struct RawProperty: Decodable {
    let id: String
    let key: String
    let name: String
    let format: String

    private enum CodingKeys: String, CodingKey { case id, key, name, format }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        format = try c.decodeIfPresent(String.self, forKey: .format) ?? "text"
    }
}

struct RawType: Decodable {
    let id: String
    let key: String
    let name: String
    let pluralName: String
    let icon: RawIcon?
    let archived: Bool
    let layout: String
    let properties: [RawProperty]

    private enum CodingKeys: String, CodingKey {
        case id, key, name, icon, archived, layout, properties
        case pluralName = "plural_name"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        pluralName = try c.decodeIfPresent(String.self, forKey: .pluralName) ?? ""
        icon = try c.decodeIfPresent(RawIcon.self, forKey: .icon)
        archived = try c.decodeIfPresent(Bool.self, forKey: .archived) ?? false
        layout = try c.decodeIfPresent(String.self, forKey: .layout) ?? "basic"
        properties = try c.decodeIfPresent([RawProperty].self, forKey: .properties) ?? []
    }
}

enum RawValue {
    case text(String)
    case number(Double?)
    case select(RawTag?)
    case multiSelect([RawTag])
    case date(Date?)
    case files([String])
    case checkbox(Bool)
    case url(String)
    case email(String)
    case phone(String)
    case objects([String])
    case other(format: String)
}

struct RawPropertyValue: Decodable {
    let id: String
    let key: String
    let name: String
    let format: String
    let value: RawValue

    private enum CodingKeys: String, CodingKey {
        case id, key, name, format, text, number, select, date, files, checkbox, url, email, phone, objects
        case multiSelect = "multi_select"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        format = try c.decodeIfPresent(String.self, forKey: .format) ?? "text"
        switch format {
        case "text": value = .text(try c.decodeIfPresent(String.self, forKey: .text) ?? "")
        case "number": value = .number(try c.decodeIfPresent(Double.self, forKey: .number))
        case "select": value = .select(try c.decodeIfPresent(RawTag.self, forKey: .select))
        case "multi_select": value = .multiSelect(try c.decodeIfPresent([RawTag].self, forKey: .multiSelect) ?? [])
        case "date": value = .date(try c.decodeIfPresent(Date.self, forKey: .date))
        case "files": value = .files(try c.decodeIfPresent([String].self, forKey: .files) ?? [])
        case "checkbox": value = .checkbox(try c.decodeIfPresent(Bool.self, forKey: .checkbox) ?? false)
        case "url": value = .url(try c.decodeIfPresent(String.self, forKey: .url) ?? "")
        case "email": value = .email(try c.decodeIfPresent(String.self, forKey: .email) ?? "")
        case "phone": value = .phone(try c.decodeIfPresent(String.self, forKey: .phone) ?? "")
        case "objects": value = .objects(try c.decodeIfPresent([String].self, forKey: .objects) ?? [])
        default: value = .other(format: format)
        }
    }
}

struct RawObject: Decodable {
    let id: String
    let name: String
    let icon: RawIcon?
    let archived: Bool
    let spaceId: String
    let snippet: String
    let layout: String
    let type: RawType?
    let properties: [RawPropertyValue]
    let markdown: String?

    private enum CodingKeys: String, CodingKey {
        case id, name, icon, archived, snippet, layout, type, properties, markdown
        case spaceId = "space_id"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        icon = try c.decodeIfPresent(RawIcon.self, forKey: .icon)
        archived = try c.decodeIfPresent(Bool.self, forKey: .archived) ?? false
        spaceId = try c.decodeIfPresent(String.self, forKey: .spaceId) ?? ""
        snippet = try c.decodeIfPresent(String.self, forKey: .snippet) ?? ""
        layout = try c.decodeIfPresent(String.self, forKey: .layout) ?? "basic"
        type = try c.decodeIfPresent(RawType.self, forKey: .type)
        properties = try c.decodeIfPresent([RawPropertyValue].self, forKey: .properties) ?? []
        markdown = try c.decodeIfPresent(String.self, forKey: .markdown)
    }
}

struct RawObjectPage: Decodable {
    let data: [RawObject]
    let pagination: RawPagination
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One shared URLSession (up to `inFlight` connections to the host, no cache, no cookies) with the
/// SDK's headers.
final class RawClient: @unchecked Sendable {
    let session: URLSession
    let base: String
    let key: String
    let decoder = JSONDecoder()
    /// For objects: dates as `Date`, parsed from ISO 8601 / RFC 3339 (ISO8601DateFormatter underneath).
    let objectDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    init(base: String, key: String, inFlight: Int) {
        let config = URLSessionConfiguration.ephemeral
        config.httpMaximumConnectionsPerHost = inFlight
        config.urlCache = nil
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.httpShouldSetCookies = false
        config.timeoutIntervalForRequest = 30
        session = URLSession(configuration: config)
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.key = key
    }

    func request(_ url: URL) -> URLRequest {
        var request = URLRequest(url: url)
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("2025-11-08", forHTTPHeaderField: "Anytype-Version")
        return request
    }

    func fetch(_ request: URLRequest) async throws -> Data {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw BenchError("not an HTTP response") }
        guard http.statusCode == 200 else {
            throw BenchError("HTTP \(http.statusCode): \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return data
    }

    func get(_ request: URLRequest) async throws -> RawSpace {
        try decoder.decode(RawEnvelope.self, from: try await fetch(request)).space
    }

    func listAll(pageSize: Int) async throws -> [RawSpace] {
        var spaces: [RawSpace] = []
        while true {
            var components = URLComponents(string: "\(base)/v1/spaces")!
            components.queryItems = [URLQueryItem(name: "offset", value: String(spaces.count)),
                                     URLQueryItem(name: "limit", value: String(pageSize))]
            let page = try decoder.decode(RawPage.self, from: try await fetch(request(components.url!)))
            spaces.append(contentsOf: page.data)
            if !page.pagination.hasMore || page.data.isEmpty { return spaces }
        }
    }

    /// Every match of the search `body` (JSON) in `spaceId`: `POST .../search?offset=&limit=` page
    /// after page until `has_more` is false.
    func searchAll(spaceId: String, body: Data, pageSize: Int) async throws -> [RawObject] {
        var objects: [RawObject] = []
        while true {
            var components = URLComponents(string: "\(base)/v1/spaces/\(spaceId)/search")!
            components.queryItems = [URLQueryItem(name: "offset", value: String(objects.count)),
                                     URLQueryItem(name: "limit", value: String(pageSize))]
            var post = request(components.url!)
            post.httpMethod = "POST"
            post.httpBody = body
            post.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let page = try objectDecoder.decode(RawObjectPage.self, from: try await fetch(post))
            objects.append(contentsOf: page.data)
            if !page.pagination.hasMore || page.data.isEmpty { return objects }
        }
    }

    /// Every object of `spaceId`, `pageSize` at a time (offset/limit until `has_more` is false).
    func listAllObjects(spaceId: String, pageSize: Int) async throws -> [RawObject] {
        var objects: [RawObject] = []
        while true {
            var components = URLComponents(string: "\(base)/v1/spaces/\(spaceId)/objects")!
            components.queryItems = [URLQueryItem(name: "offset", value: String(objects.count)),
                                     URLQueryItem(name: "limit", value: String(pageSize))]
            let page = try objectDecoder.decode(RawObjectPage.self, from: try await fetch(request(components.url!)))
            objects.append(contentsOf: page.data)
            if !page.pagination.hasMore || page.data.isEmpty { return objects }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

struct Options {
    var mode = ""
    var scenario = ""
    var impl = ""
    var url = ProcessInfo.processInfo.environment["ANYTYPE_BENCH_URL"] ?? ""
    var spaceId = ProcessInfo.processInfo.environment["ANYTYPE_BENCH_SPACE_ID"] ?? ""
    var total = 10_000
    var runs = 5
    var sequential = 2_000
    var concurrent = 20_000
    var inFlight = 64
    var pageSize = 1_000
    var ffiSync = 500_000
    var ffiAsync = 20_000
    var swiftVersion = ""
    var key = ""
    /// The space of generated objects for list_all_objects (the scenario is skipped without it).
    var objectsSpaceId = ""
    var objectsTotal = 10_000
    var objectsProperties = 10
    /// The file of random bytes for upload_file (its size: `fileMb` MiB) and the file object with
    /// the same bytes for download_file; both scenarios are skipped without a file path.
    var filePath = ""
    var fileMb = 0
    var downloadObjectId = ""
    /// The number of messages of chat_stream (skipped when 0).
    var messages = 0

    /// The numeric options, as passed to children and stored in every record's `params`.
    var counts: [(String, Int)] {
        [("total", total), ("sequential", sequential), ("concurrent", concurrent), ("in_flight", inFlight),
         ("page_size", pageSize), ("ffi_sync", ffiSync), ("ffi_async", ffiAsync)]
            + (objectsSpaceId.isEmpty ? [] : [("objects_total", objectsTotal), ("objects_properties", objectsProperties)])
            + (filePath.isEmpty ? [] : [("file_mb", fileMb)])
            + (messages > 0 ? [("messages", messages)] : [])
    }

    /// The text options passed on to children (when set).
    var paths: [(String, String)] {
        [("objects-space-id", objectsSpaceId), ("file-path", filePath), ("download-object-id", downloadObjectId)]
            .filter { !$0.1.isEmpty }
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var o = Options()
        var positional: [String] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            guard arg.hasPrefix("--") else { positional.append(arg); i += 1; continue }
            guard i + 1 < arguments.count else { throw BenchError("\(arg) needs a value") }
            let value = arguments[i + 1]
            i += 2
            func int() throws -> Int {
                guard let n = Int(value), n > 0 else { throw BenchError("\(arg) needs a positive number") }
                return n
            }
            switch arg {
            case "--url": o.url = value
            case "--space-id": o.spaceId = value
            case "--total": o.total = try int()
            case "--runs": o.runs = try int()
            case "--sequential": o.sequential = try int()
            case "--concurrent": o.concurrent = try int()
            case "--in-flight": o.inFlight = try int()
            case "--page-size": o.pageSize = try int()
            case "--ffi-sync": o.ffiSync = try int()
            case "--ffi-async": o.ffiAsync = try int()
            case "--swift-version": o.swiftVersion = value
            case "--objects-space-id": o.objectsSpaceId = value
            case "--objects-total": o.objectsTotal = try int()
            case "--objects-properties": o.objectsProperties = try int()
            case "--file-path": o.filePath = value
            case "--file-mb": o.fileMb = try int()
            case "--download-object-id": o.downloadObjectId = value
            case "--messages":
                guard let n = Int(value), n >= 0 else { throw BenchError("--messages needs a number (0: no chat_stream)") }
                o.messages = n
            default: throw BenchError("unknown option \(arg)")
            }
        }
        guard let mode = positional.first, ["suite", "one"].contains(mode) else {
            throw BenchError("usage: anytype-swift-bench suite|one [SCENARIO IMPL] --url URL --space-id ID ...")
        }
        o.mode = mode
        if mode == "one" {
            guard positional.count == 3 else { throw BenchError("one needs SCENARIO IMPL") }
            o.scenario = positional[1]
            o.impl = positional[2]
        }
        guard !o.url.isEmpty, !o.spaceId.isEmpty else { throw BenchError("--url and --space-id are required") }
        if !o.filePath.isEmpty, o.fileMb == 0 { throw BenchError("--file-path needs --file-mb (its size in MiB)") }
        o.key = ProcessInfo.processInfo.environment["ANYTYPE_BENCH_KEY"] ?? ""
        guard !o.key.isEmpty else { throw BenchError("set ANYTYPE_BENCH_KEY to the API key") }
        return o
    }
}

// ---------------------------------------------------------------------------------------------
// Scenarios. Each returns the value in the scenario's unit.
// ---------------------------------------------------------------------------------------------

let units = [
    "ffi_noop_sync": "ns/call",
    "ffi_noop_async": "ns/call",
    "sequential_get": "us/call",
    "concurrent_get": "req/s",
    "list_all_pages": "ms/listing",
    "list_all_objects": "ms/listing",
    "search_all_objects": "ms/listing",
    "upload_file": "MiB/s",
    "download_file": "MiB/s",
    "chat_stream": "msg/s",
]

/// Monotonic nanoseconds.
@inline(__always) func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func seconds(since start: UInt64) -> Double { Double(now() - start) / 1e9 }

func ffiNoopSync(_ o: Options) -> Double {
    for _ in 0..<min(o.ffiSync, 10_000) { noop() }
    let start = now()
    for _ in 0..<o.ffiSync { noop() }
    return Double(now() - start) / Double(o.ffiSync)
}

func ffiNoopAsync(_ o: Options) async throws -> Double {
    for _ in 0..<min(o.ffiAsync, 1_000) { try await noopAsync() }
    let start = now()
    for _ in 0..<o.ffiAsync { try await noopAsync() }
    return Double(now() - start) / Double(o.ffiAsync)
}

/// One get of the benchmark space, result checked; the same shape for both implementations.
typealias Get = @Sendable () async throws -> Void

func check(_ id: String, _ expected: String) throws {
    guard id == expected else { throw BenchError("got space \(id), asked for \(expected)") }
}

func makeGet(_ o: Options) throws -> Get {
    let id = o.spaceId
    if o.impl == "sdk" {
        let spaces = try AnytypeClient(apiKey: o.key, config: ClientConfig(baseUrl: o.url)).spaces()
        return { try check(try await spaces.get(spaceId: id).id, id) }
    }
    let client = RawClient(base: o.url, key: o.key, inFlight: o.inFlight)
    let request = client.request(URL(string: "\(client.base)/v1/spaces/\(id)")!)
    return { try check(try await client.get(request).id, id) }
}

func sequential(_ get: Get, _ n: Int) async throws -> Double {
    let start = now()
    for _ in 0..<n { try await get() }
    return seconds(since: start)
}

/// Hands out request numbers to the workers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next - 1
    }
}

/// `n` gets by `inFlight` worker tasks in one task group; returns requests per second.
func concurrent(_ get: @escaping Get, _ n: Int, _ inFlight: Int) async throws -> Double {
    let counter = Counter()
    let start = now()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<inFlight {
            group.addTask {
                while counter.take() < n { try await get() }
            }
        }
        try await group.waitForAll()
    }
    return Double(n) / seconds(since: start)
}

func listAllPages(_ o: Options) async throws -> Double {
    let listed: Int
    let start: UInt64
    if o.impl == "sdk" {
        let spaces = try AnytypeClient(apiKey: o.key, config: ClientConfig(baseUrl: o.url)).spaces()
        try check(try await spaces.get(spaceId: o.spaceId).id, o.spaceId) // opens the connection
        start = now()
        listed = try await spaces.listAll(pageSize: Int64(o.pageSize)).count
    } else {
        let client = RawClient(base: o.url, key: o.key, inFlight: o.inFlight)
        let space = try await client.get(client.request(URL(string: "\(client.base)/v1/spaces/\(o.spaceId)")!))
        try check(space.id, o.spaceId) // opens the connection
        start = now()
        listed = try await client.listAll(pageSize: o.pageSize).count
    }
    let elapsed = seconds(since: start)
    guard listed == o.total else { throw BenchError("listed \(listed) spaces, expected \(o.total)") }
    return elapsed * 1e3
}

/// What both implementations' object listings are checked for: the count, and per object its number
/// of property values and whether one of them is a parsed date.
func checkObjects(_ o: Options, _ listed: Int, _ perObject: [(Int, Bool)]) throws {
    guard listed == o.objectsTotal else { throw BenchError("listed \(listed) objects, expected \(o.objectsTotal)") }
    for (i, (values, dated)) in perObject.enumerated() where values < o.objectsProperties || !dated {
        throw BenchError("object \(i): \(values) property values (expected at least \(o.objectsProperties)), parsed date: \(dated)")
    }
}

/// list_all_objects: one warm-up listing, then one timed listing (ms), checked after the clock stops.
func listAllObjects(_ o: Options) async throws -> Double {
    guard !o.objectsSpaceId.isEmpty else { throw BenchError("--objects-space-id is required for list_all_objects") }
    let elapsed: Double
    if o.impl == "sdk" {
        let objects = try AnytypeClient(apiKey: o.key, config: ClientConfig(baseUrl: o.url)).objects(spaceId: o.objectsSpaceId)
        _ = try await objects.listAll(pageSize: Int64(o.pageSize)) // warm-up
        let start = now()
        let all = try await objects.listAll(pageSize: Int64(o.pageSize))
        elapsed = seconds(since: start)
        try checkObjects(o, all.count, all.map { object in
            (object.properties.count, object.properties.contains { if case .date(date: .some) = $0.value { return true }; return false })
        })
    } else {
        let client = RawClient(base: o.url, key: o.key, inFlight: o.inFlight)
        _ = try await client.listAllObjects(spaceId: o.objectsSpaceId, pageSize: o.pageSize) // warm-up
        let start = now()
        let all = try await client.listAllObjects(spaceId: o.objectsSpaceId, pageSize: o.pageSize)
        elapsed = seconds(since: start)
        try checkObjects(o, all.count, all.map { object in
            (object.properties.count, object.properties.contains { if case .date(.some) = $0.value { return true }; return false })
        })
    }
    return elapsed * 1e3
}

/// search_all_objects: the search both implementations make over the generated objects: the query
/// "generated object" (every one of them, by name), type `page`, the filter `bench_number_2 >= 1250
/// or bench_checkbox_5` (both evaluated by the server: about 3 in 4 objects match), by name.
let searchNumberKey = "bench_number_2", searchCheckboxKey = "bench_checkbox_5", searchAtLeast = 1250.0
let searchBody = Data(#"""
    {"query": "generated object", "types": ["page"], "sort": {"property_key": "name", "direction": "asc"},
     "filters": {"operator": "or", "conditions": [
       {"property_key": "bench_number_2", "condition": "gte", "number": 1250},
       {"property_key": "bench_checkbox_5", "condition": "eq", "checkbox": true}]}}
    """#.utf8)

/// What both implementations' searches are checked for (after the clock): as many matches as the
/// objects of a listing made before the clock that match, each one a match, no id twice, sorted
/// by name (ignoring case).
func checkSearch(found: [(id: String, name: String, matches: Bool)], expected: Int) throws {
    guard found.count == expected else { throw BenchError("found \(found.count) objects, expected \(expected) matches") }
    guard expected > 0 else { throw BenchError("nothing matches the search: are there --objects-properties >= 5?") }
    if let bad = found.first(where: { !$0.matches }) { throw BenchError("\(bad.name) does not match the filter") }
    guard Set(found.map(\.id)).count == found.count else { throw BenchError("an object was found twice") }
    for (a, b) in zip(found, found.dropFirst()) where a.name.lowercased() > b.name.lowercased() {
        throw BenchError("not sorted by name: \(a.name) before \(b.name)")
    }
}

func searchAllObjects(_ o: Options) async throws -> Double {
    guard !o.objectsSpaceId.isEmpty else { throw BenchError("--objects-space-id is required for search_all_objects") }
    let elapsed: Double
    if o.impl == "sdk" {
        let objects = try AnytypeClient(apiKey: o.key, config: ClientConfig(baseUrl: o.url)).objects(spaceId: o.objectsSpaceId)
        let request = SearchRequest(
            query: "generated object", types: ["page"],
            filter: .number(searchNumberKey, atLeast: searchAtLeast) || .checkbox(searchCheckboxKey, equals: true),
            sort: .ascending(.name))
        func matches(_ object: Object) -> Bool {
            (object.number(key: searchNumberKey) ?? -1) >= searchAtLeast || object.checkbox(key: searchCheckboxKey) == true
        }
        let expected = try await objects.listAll(pageSize: Int64(o.pageSize)).filter(matches).count
        _ = try await objects.searchAll(request: request, pageSize: Int64(o.pageSize)) // warm-up
        let start = now()
        let found = try await objects.searchAll(request: request, pageSize: Int64(o.pageSize))
        elapsed = seconds(since: start)
        try checkSearch(found: found.map { ($0.id, $0.name, matches($0)) }, expected: expected)
    } else {
        let client = RawClient(base: o.url, key: o.key, inFlight: o.inFlight)
        func matches(_ object: RawObject) -> Bool {
            object.properties.contains { p in
                switch (p.key, p.value) {
                case (searchNumberKey, .number(let n?)): return n >= searchAtLeast
                case (searchCheckboxKey, .checkbox(let checked)): return checked
                default: return false
                }
            }
        }
        let expected = try await client.listAllObjects(spaceId: o.objectsSpaceId, pageSize: o.pageSize).filter(matches).count
        _ = try await client.searchAll(spaceId: o.objectsSpaceId, body: searchBody, pageSize: o.pageSize) // warm-up
        let start = now()
        let found = try await client.searchAll(spaceId: o.objectsSpaceId, body: searchBody, pageSize: o.pageSize)
        elapsed = seconds(since: start)
        try checkSearch(found: found.map { ($0.id, $0.name, matches($0)) }, expected: expected)
    }
    return elapsed * 1e3
}

/// Peak resident set size of this process (VmHWM), in KiB.
func peakRssKib() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let field = line.split(separator: " ").dropFirst().first else { return nil }
    return Double(field)
}

func one(_ o: Options) async throws -> [String: Any] {
    guard let unit = units[o.scenario] else {
        throw BenchError("scenario must be one of \(units.keys.sorted().joined(separator: ", "))")
    }
    let value: Double
    let count: Int
    var baselineKib: Double?
    switch o.scenario {
    case "ffi_noop_sync":
        (value, count) = (ffiNoopSync(o), o.ffiSync)
    case "ffi_noop_async":
        (value, count) = (try await ffiNoopAsync(o), o.ffiAsync)
    case "sequential_get":
        let get = try makeGet(o)
        _ = try await sequential(get, max(1, min(o.sequential / 10, 200)))
        (value, count) = (try await sequential(get, o.sequential) * 1e6 / Double(o.sequential), o.sequential)
    case "concurrent_get":
        let get = try makeGet(o)
        _ = try await concurrent(get, o.inFlight * 4, o.inFlight) // opens the connections
        (value, count) = (try await concurrent(get, o.concurrent, o.inFlight), o.concurrent)
    case "list_all_objects":
        (value, count) = (try await listAllObjects(o), o.objectsTotal)
    case "search_all_objects":
        (value, count) = (try await searchAllObjects(o), o.objectsTotal)
    case "upload_file":
        (value, baselineKib) = try await uploadFile(o)
        count = o.fileMb
    case "download_file":
        (value, baselineKib) = try await downloadFile(o)
        count = o.fileMb
    case "chat_stream":
        (value, count) = (try await chatStream(o), o.messages)
    default: // list_all_pages
        (value, count) = (try await listAllPages(o), o.total)
    }
    var result: [String: Any] = ["scenario": o.scenario, "impl": o.impl, "unit": unit, "value": value, "count": count]
    result["peak_rss_kib"] = peakRssKib() ?? NSNull()
    if let baselineKib { result["baseline_rss_kib"] = baselineKib }
    return result
}

// ---------------------------------------------------------------------------------------------
// The suite: every scenario, every run, each in its own process.
// ---------------------------------------------------------------------------------------------

let basePlan: [(String, [String])] = [
    ("ffi_noop_sync", ["ffi"]),
    ("ffi_noop_async", ["ffi"]),
    ("sequential_get", ["sdk", "alternative"]),
    ("concurrent_get", ["sdk", "alternative"]),
    ("list_all_pages", ["sdk", "alternative"]),
]
func plan(_ o: Options) -> [(String, [String])] {
    basePlan + (o.objectsSpaceId.isEmpty ? [] : [("list_all_objects", ["sdk", "alternative"]),
                                                 ("search_all_objects", ["sdk", "alternative"])])
        + (o.filePath.isEmpty ? [] : [("upload_file", ["sdk", "alternative"]), ("download_file", ["sdk", "alternative"])])
        + (o.messages > 0 ? [("chat_stream", ["sdk", "alternative"])] : [])
}
let rssScenarios: Set = ["concurrent_get", "list_all_pages", "list_all_objects", "search_all_objects",
                         "upload_file", "download_file", "chat_stream"]
/// Scenarios that also get `rss_growth_*`: VmHWM at the end minus VmHWM just before the clock.
let growthScenarios: Set = ["upload_file", "download_file"]

func label(_ scenario: String, _ impl: String, swiftVersion: String) -> String {
    switch (scenario, impl) {
    case ("ffi_noop_sync", _): return "noop() (generated Swift bindings)"
    case ("ffi_noop_async", _): return "await noopAsync() (generated Swift bindings)"
    case ("list_all_pages", "sdk"): return "Anytype listAll(pageSize:) (async/await)"
    case ("list_all_objects", "sdk"): return "Anytype objects(spaceId:).listAll(pageSize:) (async/await)"
    case ("search_all_objects", "sdk"): return "Anytype objects(spaceId:).searchAll(request:pageSize:) (async/await)"
    case ("upload_file", "sdk"): return "Anytype files(spaceId:).upload(path:) (async/await, streamed from disk)"
    case ("download_file", "sdk"): return "Anytype files(spaceId:).download(fileId:path:) (async/await, streamed to disk)"
    case ("chat_stream", "sdk"): return "Anytype chats(spaceId:).stream(chatId:) as ChatEvents (async/await)"
    case (_, "sdk"): return "Anytype (async/await)"
    default:
        #if canImport(FoundationNetworking)
        let foundation = "corelibs-foundation"
        #else
        let foundation = "Foundation"
        #endif
        let swift = swiftVersion.isEmpty ? "Swift" : "Swift \(swiftVersion)"
        switch scenario {
        case "upload_file":
            return "URLSession data(for:) + multipart httpBodyStream, streamed from disk (\(swift) \(foundation))"
        case "download_file":
            return "URLSession download(for:), streamed to disk (\(swift) \(foundation))"
        case "chat_stream":
            return "URLSession data delegate + SSE lines + JSONDecoder (\(swift) \(foundation))"
        default:
            return "URLSession + JSONDecoder (\(swift) \(foundation))"
        }
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
}

final class DataBox: @unchecked Sendable { var data = Data() }

/// Runs `one scenario impl` in a fresh process and returns its JSON line.
func child(_ o: Options, _ scenario: String, _ impl: String) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executablePath())
    var arguments = ["one", scenario, impl, "--url", o.url, "--space-id", o.spaceId]
    for (name, value) in o.paths { arguments += ["--" + name, value] }
    for (name, value) in o.counts {
        arguments += ["--" + name.replacingOccurrences(of: "_", with: "-"), String(value)]
    }
    process.arguments = arguments // the key stays in the environment, which the child inherits
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read stderr on another thread, so a child filling both pipes can't block.
    let errData = DataBox()
    let errRead = DispatchGroup()
    errRead.enter()
    DispatchQueue.global().async {
        errData.data = err.fileHandleForReading.readDataToEndOfFile()
        errRead.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errRead.wait()
    process.waitUntilExit()
    let stderr = String(decoding: errData.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
        let how = process.terminationReason == .exit ? "exit status" : "signal"
        throw BenchError("\(scenario) \(impl) failed (\(how) \(process.terminationStatus)): \(stderr)")
    }
    let lastLine = String(decoding: outData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    guard let json = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any],
          json["value"] is NSNumber else {
        throw BenchError("\(scenario) \(impl) printed no result: \(lastLine) \(stderr)")
    }
    return json
}

func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func suite(_ o: Options) throws -> [String: Any] {
    var values: [String: [Double]] = [:]
    var rss: [String: [Double]] = [:]
    var growth: [String: [Double]] = [:]
    for (scenario, impls) in plan(o) {
        for run in 0..<o.runs {
            // Alternate which implementation goes first, so neither always runs on a warmer machine.
            for impl in run % 2 == 0 ? impls : impls.reversed() {
                let result = try child(o, scenario, impl)
                let value = (result["value"] as! NSNumber).doubleValue
                let unit = units[scenario]!
                printErr("  swift \(padded(scenario, 23)) \(padded(impl, 11)) run \(run + 1): "
                    + String(format: "%.1f", value) + " \(unit)")
                values["\(scenario) \(impl)", default: []].append(value)
                if let kib = result["peak_rss_kib"] as? NSNumber {
                    rss["\(scenario) \(impl)", default: []].append(kib.doubleValue / 1024)
                    if let baseline = result["baseline_rss_kib"] as? NSNumber {
                        growth["\(scenario) \(impl)", default: []].append((kib.doubleValue - baseline.doubleValue) / 1024)
                    }
                }
            }
        }
    }
    var params: [String: Any] = [:]
    for (name, value) in o.counts { params[name] = value }
    var records: [[String: Any]] = []
    for (scenario, impls) in plan(o) {
        for impl in impls {
            let name = label(scenario, impl, swiftVersion: o.swiftVersion)
            let runs = values["\(scenario) \(impl)"]!
            records.append(["language": "swift", "scenario": scenario, "impl": impl, "label": name,
                            "unit": units[scenario]!, "runs": runs, "median": median(runs), "params": params])
            if rssScenarios.contains(scenario), let runs = rss["\(scenario) \(impl)"], runs.count == o.runs {
                records.append(["language": "swift", "scenario": "peak_rss_\(scenario)", "impl": impl,
                                "label": name, "unit": "MiB", "runs": runs, "median": median(runs),
                                "params": params])
            }
            if growthScenarios.contains(scenario), let runs = growth["\(scenario) \(impl)"], runs.count == o.runs {
                records.append(["language": "swift", "scenario": "rss_growth_\(scenario)", "impl": impl,
                                "label": name, "unit": "MiB", "runs": runs, "median": median(runs),
                                "params": params])
            }
        }
    }
    var versions: [String: Any] = ["anytype-swift": sdkVersion()]
    if !o.swiftVersion.isEmpty { versions["swift"] = o.swiftVersion }
    return ["records": records, "versions": versions, "notes": [String]()]
}

// ---------------------------------------------------------------------------------------------

func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

do {
    let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    if options.mode == "one" {
        try printJSON(try await one(options))
    } else {
        try printJSON(try suite(options))
    }
} catch {
    // A child's message is quoted by the suite, which adds the context.
    let isChild = CommandLine.arguments.dropFirst().first == "one"
    printErr(isChild ? "\(error)" : "swift bench: error: \(error)")
    exit(1)
}
