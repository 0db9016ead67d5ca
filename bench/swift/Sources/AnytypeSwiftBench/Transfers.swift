// The file and stream scenarios: upload_file, download_file (MiB/s) and chat_stream (msg/s), the
// SDK's async API against URLSession (on Linux swift-corelibs-foundation, libcurl underneath).
//
// * upload_file: `files(spaceId:).upload(path:)` vs `URLSession.data(for:)` with the request's
//   `httpBodyStream` set to `MultipartFileStream`, an `InputStream` that hands out the multipart
//   head, then the file in the chunks libcurl asks for, then the closing boundary: the body is
//   streamed from disk, never held in memory (corelibs' `_BodyStreamSource` reads it as libcurl
//   sends; the body goes out with chunked transfer encoding, as corelibs does for any stream).
//   `upload(for:fromFile:)` streams a file too, but only the file as the whole body: multipart
//   would first need a copy of the file with the boundaries around it (measured: 2-3x slower).
// * download_file: `files(spaceId:).download(fileId:path:)` vs `URLSession.download(for:)`, which
//   writes the body to a temporary file chunk by chunk as it arrives; the file is then moved into
//   the run's fresh directory.
// * chat_stream: `chats(spaceId:).stream(chatId:)` (defaults) read as `ChatEvents`, an
//   `AsyncSequence` of `ChatEvent`, vs a `URLSessionDataDelegate` that hands each received chunk to
//   an `AsyncThrowingStream` (corelibs has no `bytes(for:)`), `SSELineParser` (lines, `data:`
//   fields, comments, blank-line dispatch) and `JSONDecoder` into `RawChatMessage`.

import Anytype
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// ---------------------------------------------------------------------------------------------
// The alternative's typed chat message: the fields of the SDK's ChatMessage (created_at as a
// `Date`, reactions as a list, an empty reply id and a zero modified_at as nil).
// ---------------------------------------------------------------------------------------------

struct RawTextMark: Decodable {
    let from: Int
    let to: Int
    let kind: String
    let param: String?

    private enum CodingKeys: String, CodingKey { case from, to, param, kind = "type" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decodeIfPresent(Int.self, forKey: .from) ?? 0
        to = try c.decodeIfPresent(Int.self, forKey: .to) ?? 0
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? ""
        param = try c.decodeIfPresent(String.self, forKey: .param)
    }
}

struct RawAttachment: Decodable {
    let target: String
    let kind: String

    private enum CodingKeys: String, CodingKey { case target, kind = "type" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        target = try c.decodeIfPresent(String.self, forKey: .target) ?? ""
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "file"
    }
}

struct RawMessageContent: Decodable {
    let text: String
    let style: String
    let marks: [RawTextMark]

    private enum CodingKeys: String, CodingKey { case text, style, marks }

    init(text: String = "", style: String = "", marks: [RawTextMark] = []) {
        (self.text, self.style, self.marks) = (text, style, marks)
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        style = try c.decodeIfPresent(String.self, forKey: .style) ?? ""
        marks = try c.decodeIfPresent([RawTextMark].self, forKey: .marks) ?? []
    }
}

struct RawReaction {
    let emoji: String
    let identities: [String]
}

struct RawChatMessage: Decodable {
    let id: String
    let orderId: String
    let creator: String
    let creatorName: String
    let createdAt: Date
    let modifiedAt: Date?
    let replyToMessageId: String?
    let content: RawMessageContent
    let attachments: [RawAttachment]
    let reactions: [RawReaction]
    let pinned: Bool

    private enum CodingKeys: String, CodingKey {
        case id, creator, content, attachments, reactions, pinned
        case orderId = "order_id", creatorName = "creator_name", createdAt = "created_at"
        case modifiedAt = "modified_at", replyToMessageId = "reply_to_message_id"
    }

    /// Dates are unix seconds (`JSONDecoder`'s `.secondsSince1970`); 0 means never modified.
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        orderId = try c.decodeIfPresent(String.self, forKey: .orderId) ?? ""
        creator = try c.decodeIfPresent(String.self, forKey: .creator) ?? ""
        creatorName = try c.decodeIfPresent(String.self, forKey: .creatorName) ?? ""
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt) ?? Date(timeIntervalSince1970: 0)
        modifiedAt = try c.decodeIfPresent(Date.self, forKey: .modifiedAt).flatMap { $0.timeIntervalSince1970 > 0 ? $0 : nil }
        replyToMessageId = try c.decodeIfPresent(String.self, forKey: .replyToMessageId).flatMap { $0.isEmpty ? nil : $0 }
        content = try c.decodeIfPresent(RawMessageContent.self, forKey: .content) ?? RawMessageContent()
        attachments = try c.decodeIfPresent([RawAttachment].self, forKey: .attachments) ?? []
        // {"👍": ["participant", ...]}, one entry per emoji, in emoji order.
        let byEmoji = try c.decodeIfPresent([String: [String]?].self, forKey: .reactions) ?? [:]
        reactions = byEmoji.sorted { $0.key < $1.key }.map { RawReaction(emoji: $0.key, identities: $0.value ?? []) }
        pinned = try c.decodeIfPresent(Bool.self, forKey: .pinned) ?? false
    }
}

/// One server-sent event's data: `{"type": ..., "payload": {"message": {...}}}`; the message is
/// decoded for `message_added` only.
struct RawChatEvent: Decodable {
    let type: String
    let message: RawChatMessage?

    private enum CodingKeys: String, CodingKey { case type, payload }
    private enum PayloadKeys: String, CodingKey { case message }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        if type == "message_added" {
            message = try c.nestedContainer(keyedBy: PayloadKeys.self, forKey: .payload)
                .decode(RawChatMessage.self, forKey: .message)
        } else {
            message = nil
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Server-sent events by reading lines, as URLSession users do without a library: Foundation has
// no SSE parser, and the Swift ones (e.g. LaunchDarkly's swift-eventsource) come only from GitHub
// through SwiftPM, which this machine cannot reach. `data:` lines are joined with "\n", a blank
// line dispatches the event, `:` lines are comments (heartbeats), other fields are ignored.
// ---------------------------------------------------------------------------------------------

struct SSELineParser {
    private var buffer: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false

    /// Feeds one received chunk; calls `onEvent` with each complete event's data.
    mutating func feed(_ chunk: Data, _ onEvent: ([UInt8]) throws -> Void) rethrows {
        buffer.append(contentsOf: chunk)
        var lineStart = 0
        while let newline = buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            var lineEnd = newline
            if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = buffer[lineStart..<lineEnd]
            lineStart = newline + 1
            if line.isEmpty {
                if hasData, !data.isEmpty { try onEvent(data) }
                data.removeAll(keepingCapacity: true)
                hasData = false
                continue
            }
            if line.first == UInt8(ascii: ":") { continue } // a comment: the heartbeat
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
            guard line[line.startIndex..<colon].elementsEqual("data".utf8) else { continue } // event, id, retry
            var value = colon < line.endIndex ? line.index(after: colon) : colon
            if value < line.endIndex, line[value] == UInt8(ascii: " ") { value = line.index(after: value) }
            if hasData { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: line[value...])
            hasData = true
        }
        buffer.removeFirst(lineStart)
    }
}

/// A `GET` whose response headers and body chunks arrive through a `URLSessionDataDelegate`, as an
/// `AsyncThrowingStream` (corelibs-foundation has no `URLSession.bytes(for:)`). One session per
/// connection: the session keeps its delegate until it is invalidated.
final class StreamingGet: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Chunk {
        case response(HTTPURLResponse)
        case data(Data)
    }

    let chunks: AsyncThrowingStream<Chunk, Error>
    private let continuation: AsyncThrowingStream<Chunk, Error>.Continuation
    private var session: URLSession?

    init(_ request: URLRequest) {
        (chunks, continuation) = AsyncThrowingStream.makeStream(of: Chunk.self)
        super.init()
        let config = URLSessionConfiguration.ephemeral
        config.urlCache = nil
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.httpShouldSetCookies = false
        config.timeoutIntervalForRequest = 120 // the longest silence allowed between chunks
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1 // chunks in order
        let session = URLSession(configuration: config, delegate: self, delegateQueue: queue)
        self.session = session
        session.dataTask(with: request).resume()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            continuation.yield(.response(http))
            completionHandler(.allow)
        } else {
            continuation.finish(throwing: BenchError("not an HTTP response"))
            completionHandler(.cancel)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        continuation.yield(.data(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error { continuation.finish(throwing: error) } else { continuation.finish() }
    }

    /// Closes the connection (and frees the session and its delegate).
    func close() {
        session?.invalidateAndCancel()
        session = nil
        continuation.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// The alternative's upload body: multipart/form-data with one part, `file`, streamed from disk.
// ---------------------------------------------------------------------------------------------

/// An `InputStream` over the multipart head, the file (read from disk as libcurl asks for more)
/// and the closing boundary.
final class MultipartFileStream: InputStream {
    private let head: [UInt8]
    private let tail: [UInt8]
    private let file: InputStream
    private var stage = 0 // 0 head, 1 file, 2 tail, 3 done
    private var offset = 0
    private var status: Stream.Status = .notOpen

    init(path: String, boundary: String) throws {
        let name = (path as NSString).lastPathComponent
        head = Array(("--\(boundary)\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n").utf8)
        tail = Array("\r\n--\(boundary)--\r\n".utf8)
        guard let file = InputStream(fileAtPath: path) else { throw BenchError("cannot open \(path)") }
        self.file = file
        super.init(data: Data())
    }

    override func open() {
        file.open()
        status = .open
    }

    override func close() {
        file.close()
        status = .closed
    }

    override var streamStatus: Stream.Status { status }
    override var streamError: Error? { file.streamError }
    override var hasBytesAvailable: Bool { stage < 3 }

    override func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>,
                            length len: UnsafeMutablePointer<Int>) -> Bool { false }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        while stage < 3 {
            switch stage {
            case 1:
                let n = file.read(buffer, maxLength: len)
                if n != 0 { return n } // bytes, or -1 for an error
                stage = 2
            default:
                let part = stage == 0 ? head : tail
                let n = min(len, part.count - offset)
                if n > 0 {
                    part.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + offset, count: n) }
                    offset += n
                    return n
                }
                offset = 0
                stage += 1
            }
        }
        status = .atEnd
        return 0
    }
}

struct RawUploaded: Decodable {
    let objectId: String
    let sizeInBytes: Int
    private enum CodingKeys: String, CodingKey { case objectId = "object_id", sizeInBytes = "size_in_bytes" }
}

struct RawChatCreated: Decodable {
    struct Id: Decodable { let id: String }
    let object: Id
}

extension RawClient {
    /// `request` with the SDK's headers, answered with a 2xx; returns the body.
    func send(_ request: URLRequest) async throws -> Data {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw BenchError("not an HTTP response") }
        guard (200..<300).contains(http.statusCode) else {
            throw BenchError("\(request.httpMethod ?? "GET") \(request.url?.path ?? ""): HTTP \(http.statusCode): "
                + String(decoding: data.prefix(200), as: UTF8.self))
        }
        return data
    }

    func url(_ path: String, _ query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(string: "\(base)\(path)")!
        if !query.isEmpty { components.queryItems = query }
        return components.url!
    }

    /// `POST /v1/spaces/{space}/files`: multipart/form-data, one part `file` streamed from `path`.
    func upload(spaceId: String, path: String) async throws -> RawUploaded {
        let boundary = "anytype-bench-\(UUID().uuidString)"
        let body = try MultipartFileStream(path: path, boundary: boundary)
        // No Content-Length: corelibs sends a stream chunked, and adding one would send both.
        var post = request(url("/v1/spaces/\(spaceId)/files"))
        post.httpMethod = "POST"
        post.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        post.httpBodyStream = body
        return try decoder.decode(RawUploaded.self, from: try await send(post))
    }

    /// `DELETE /v1/spaces/{space}/files/{id}?skip_bin=true`: gone for good.
    func deleteFile(spaceId: String, id: String) async throws {
        var delete = request(url("/v1/spaces/\(spaceId)/files/\(id)", [URLQueryItem(name: "skip_bin", value: "true")]))
        delete.httpMethod = "DELETE"
        _ = try await send(delete)
    }

    /// `GET /v1/spaces/{space}/files/{id}` with `download(for:)` (to a temporary file, chunk by
    /// chunk), moved to `destination`.
    func download(spaceId: String, id: String, to destination: URL) async throws {
        let (location, response) = try await session.download(for: request(url("/v1/spaces/\(spaceId)/files/\(id)")))
        guard let http = response as? HTTPURLResponse else { throw BenchError("not an HTTP response") }
        guard http.statusCode == 200 else {
            let start = (try? FileHandle(forReadingFrom: location).readData(ofLength: 200)) ?? Data()
            try? FileManager.default.removeItem(at: location)
            throw BenchError("download: HTTP \(http.statusCode): \(String(decoding: start, as: UTF8.self))")
        }
        try FileManager.default.moveItem(at: location, to: destination)
    }

    func createChat(spaceId: String, name: String) async throws -> String {
        var post = request(url("/v1/spaces/\(spaceId)/chats"))
        post.httpMethod = "POST"
        post.setValue("application/json", forHTTPHeaderField: "Content-Type")
        post.httpBody = try JSONSerialization.data(withJSONObject: ["name": name])
        return try decoder.decode(RawChatCreated.self, from: try await send(post)).object.id
    }

    /// `GET .../chats/{chat}/messages/stream` (`Accept: text/event-stream`), once its headers are in.
    func openStream(spaceId: String, chatId: String) async throws -> (StreamingGet, AsyncThrowingStream<StreamingGet.Chunk, Error>.Iterator) {
        var get = request(url("/v1/spaces/\(spaceId)/chats/\(chatId)/messages/stream"))
        get.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        get.timeoutInterval = 120
        let stream = StreamingGet(get)
        var chunks = stream.chunks.makeAsyncIterator()
        guard case .response(let http)? = try await chunks.next() else {
            stream.close()
            throw BenchError("the stream ended before its headers")
        }
        guard http.statusCode == 200 else {
            stream.close()
            throw BenchError("stream: HTTP \(http.statusCode)")
        }
        return (stream, chunks)
    }
}

// ---------------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------------

/// A throughput and the VmHWM (KiB) read just before the clock started.
typealias Transfer = (value: Double, baselineKib: Double?)

func fileSize(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
}

func expectedBytes(_ o: Options) -> Int { o.fileMb << 20 }

func requireFile(_ o: Options) throws {
    guard !o.filePath.isEmpty else { throw BenchError("--file-path is required for \(o.scenario)") }
    guard o.fileMb > 0 else { throw BenchError("--file-mb is required with --file-path") }
}

/// upload_file: warm-up (one get of the space), VmHWM, then the timed upload; the id (and the
/// size the server stored) checked; untimed, the file deleted for good.
func uploadFile(_ o: Options) async throws -> Transfer {
    try requireFile(o)
    let size = try fileSize(o.filePath)
    guard size == expectedBytes(o) else {
        throw BenchError("\(o.filePath) has \(size) bytes, expected \(o.fileMb) MiB")
    }
    let baseline: Double?
    let elapsed: Double
    if o.impl == "sdk" {
        let client = try AnytypeClient(apiKey: o.key, config: ClientConfig(baseUrl: o.url))
        try check(try await client.spaces().get(spaceId: o.spaceId).id, o.spaceId) // opens the connection
        let files = client.files(spaceId: o.spaceId)
        baseline = peakRssKib()
        let start = now()
        let uploaded = try await files.upload(path: o.filePath)
        elapsed = seconds(since: start)
        try checkUpload(uploaded.objectId, Int(uploaded.sizeInBytes), size)
        try await files.delete(fileId: uploaded.objectId, permanent: true)
    } else {
        let client = RawClient(base: o.url, key: o.key, inFlight: o.inFlight)
        try check(try await client.get(client.request(client.url("/v1/spaces/\(o.spaceId)"))).id, o.spaceId)
        baseline = peakRssKib()
        let start = now()
        let uploaded = try await client.upload(spaceId: o.spaceId, path: o.filePath)
        elapsed = seconds(since: start)
        try checkUpload(uploaded.objectId, uploaded.sizeInBytes, size)
        try await client.deleteFile(spaceId: o.spaceId, id: uploaded.objectId)
    }
    return (Double(o.fileMb) / elapsed, baseline)
}

func checkUpload(_ id: String, _ stored: Int, _ size: Int) throws {
    guard !id.isEmpty else { throw BenchError("the upload answered no object id") }
    guard stored == size else { throw BenchError("the server stored \(stored) bytes, sent \(size)") }
}

/// download_file: warm-up, VmHWM, then the timed download into a fresh temporary directory; the
/// file's size checked; the directory deleted.
func downloadFile(_ o: Options) async throws -> Transfer {
    try requireFile(o)
    guard !o.downloadObjectId.isEmpty else { throw BenchError("--download-object-id is required for download_file") }
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("anytype-swift-bench-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let destination = directory.appendingPathComponent("download.bin")
    let baseline: Double?
    let elapsed: Double
    if o.impl == "sdk" {
        let client = try AnytypeClient(apiKey: o.key, config: ClientConfig(baseUrl: o.url))
        try check(try await client.spaces().get(spaceId: o.spaceId).id, o.spaceId) // opens the connection
        let files = client.files(spaceId: o.spaceId)
        baseline = peakRssKib()
        let start = now()
        let downloaded = try await files.download(fileId: o.downloadObjectId, path: destination.path)
        elapsed = seconds(since: start)
        guard downloaded.sizeInBytes == Int64(expectedBytes(o)) else {
            throw BenchError("the SDK reported \(downloaded.sizeInBytes) bytes, expected \(expectedBytes(o))")
        }
    } else {
        let client = RawClient(base: o.url, key: o.key, inFlight: o.inFlight)
        try check(try await client.get(client.request(client.url("/v1/spaces/\(o.spaceId)"))).id, o.spaceId)
        baseline = peakRssKib()
        let start = now()
        try await client.download(spaceId: o.spaceId, id: o.downloadObjectId, to: destination)
        elapsed = seconds(since: start)
    }
    let size = try fileSize(destination.path)
    guard size == expectedBytes(o) else { throw BenchError("downloaded \(size) bytes, expected \(expectedBytes(o))") }
    return (Double(o.fileMb) / elapsed, baseline)
}

/// The sandbox's admin route that adds `count` messages to a chat at once (no auth): the same
/// plain URLSession request for every implementation, made before the clock starts and sent after.
final class AddMessages {
    private let session = URLSession(configuration: .ephemeral)
    private let post: URLRequest
    private let count: Int

    init(_ o: Options, chatId: String, count: Int) {
        let base = o.url.hasSuffix("/") ? String(o.url.dropLast()) : o.url
        var components = URLComponents(string: "\(base)/_sandbox/spaces/\(o.spaceId)/chats/\(chatId)/messages")!
        components.queryItems = [URLQueryItem(name: "count", value: String(count)), URLQueryItem(name: "prefix", value: "bench")]
        var post = URLRequest(url: components.url!)
        post.httpMethod = "POST"
        self.post = post
        self.count = count
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends it; checks the answer is `{"added": count}`.
    func send() async throws {
        let (data, response) = try await session.data(for: post)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status),
              let answer = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              (answer["added"] as? NSNumber)?.intValue == count else {
            throw BenchError("adding messages: HTTP \(status): \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
    }
}

/// What both implementations' streams are checked for: N messages, `bench 1` ... `bench N` in
/// that order, order ids strictly increasing, a creation date set.
func checkMessages(_ messages: [(text: String, orderId: String, createdAt: Date)], _ n: Int) throws {
    guard messages.count == n else { throw BenchError("received \(messages.count) messages, expected \(n)") }
    for (i, message) in messages.enumerated() {
        guard message.text == "bench \(i + 1)" else { throw BenchError("message \(i + 1) is \"\(message.text)\"") }
        guard message.createdAt.timeIntervalSince1970 > 0 else { throw BenchError("message \(i + 1) has no date") }
        if i > 0, messages[i - 1].orderId >= message.orderId {
            throw BenchError("order ids not increasing: \(messages[i - 1].orderId) then \(message.orderId)")
        }
    }
}

/// chat_stream: warm-up; untimed, a new chat and its stream opened (headers in); then the clock:
/// N messages added at once, read until N `message_added` events are typed messages.
func chatStream(_ o: Options) async throws -> Double {
    let n = o.messages
    guard n > 0 else { throw BenchError("--messages is required for chat_stream") }
    let elapsed: Double
    if o.impl == "sdk" {
        let client = try AnytypeClient(apiKey: o.key, config: ClientConfig(baseUrl: o.url))
        try check(try await client.spaces().get(spaceId: o.spaceId).id, o.spaceId) // opens the connection
        let chats = client.chats(spaceId: o.spaceId)
        let chat = try await chats.create(request: CreateChatRequest(name: "bench"))
        let stream = try await chats.stream(chatId: chat.id) // connected, recent messages read
        defer { stream.disconnect() }
        let add = AddMessages(o, chatId: chat.id, count: n)
        var messages: [ChatMessage] = []
        messages.reserveCapacity(n)
        let start = now()
        try await add.send()
        for try await event in ChatEvents({ stream }) {
            guard case .messageAdded(let message) = event else { continue }
            messages.append(message)
            if messages.count == n { break }
        }
        elapsed = seconds(since: start)
        try checkMessages(messages.map { ($0.content.text, $0.orderId, $0.createdAt) }, n)
    } else {
        let client = RawClient(base: o.url, key: o.key, inFlight: o.inFlight)
        try check(try await client.get(client.request(client.url("/v1/spaces/\(o.spaceId)"))).id, o.spaceId)
        let chatId = try await client.createChat(spaceId: o.spaceId, name: "bench")
        let (stream, opened) = try await client.openStream(spaceId: o.spaceId, chatId: chatId)
        var chunks = opened
        defer { stream.close() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var parser = SSELineParser()
        let add = AddMessages(o, chatId: chatId, count: n)
        var messages: [RawChatMessage] = []
        messages.reserveCapacity(n)
        let start = now()
        try await add.send()
        reading: while let chunk = try await chunks.next() {
            guard case .data(let data) = chunk else { continue }
            try parser.feed(data) { event in
                if let message = try decoder.decode(RawChatEvent.self, from: Data(event)).message {
                    messages.append(message)
                }
            }
            if messages.count >= n { break reading }
        }
        elapsed = seconds(since: start)
        try checkMessages(messages.map { ($0.content.text, $0.orderId, $0.createdAt) }, n)
    }
    return Double(n) / elapsed
}
