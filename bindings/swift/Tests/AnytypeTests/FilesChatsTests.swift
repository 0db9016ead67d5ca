// Files and chat from Swift: async/await, the live stream as an `AsyncSequence` (cut several
// times while messages keep arriving: each one once, in order), bad input checked before sending.

import Anytype
import Foundation
import XCTest

final class RecordingProgress: TransferProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var done: Int64 = 0
    private var total: Int64 = 0

    func onProgress(done: Int64, total: Int64) {
        lock.lock()
        self.done = done
        self.total = total
        lock.unlock()
    }

    var last: (Int64, Int64) {
        lock.lock()
        defer { lock.unlock() }
        return (done, total)
    }
}

final class FilesChatsTests: SandboxTestCase {
    func testUploadDownloadDeleteAndBadInput() async throws {
        let client = try await client()
        let space = try await client.spaces().list(offset: 0, limit: 1).data[0].id
        let files = client.files(spaceId: space)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anytype-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = Data((0..<400_003).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        let source = dir.appendingPathComponent("notes.md")
        try data.write(to: source)
        let progress = RecordingProgress()
        let uploaded = try await files.upload(path: source.path, progress: progress)
        XCTAssertEqual(uploaded.sizeInBytes, Int64(data.count))
        XCTAssertEqual(uploaded.media, "text/plain")
        XCTAssertEqual(progress.last.0, Int64(data.count))
        XCTAssertEqual(progress.last.1, Int64(data.count))
        let target = dir.appendingPathComponent("copy.md")
        let downloaded = try await files.download(fileId: uploaded.objectId, path: target.path)
        XCTAssertEqual(downloaded.sizeInBytes, Int64(data.count))
        XCTAssertEqual(try Data(contentsOf: target), data)
        let bytes = try await files.downloadBytes(fileId: uploaded.objectId)
        XCTAssertEqual(Data(bytes), data)
        try await files.delete(fileId: uploaded.objectId, permanent: true)
        guard case .NotFound = await anytypeError({ try await files.downloadBytes(fileId: uploaded.objectId) }) else {
            return XCTFail("a deleted file is not found")
        }

        let before = try await apiRequests()
        guard case .Io = await anytypeError({ try await files.upload(path: dir.appendingPathComponent("missing").path) }) else {
            return XCTFail("a missing file is an Io error")
        }
        guard case .InvalidInput(let field, _) = await anytypeError({ try await files.upload(path: dir.path) }) else {
            return XCTFail("a directory is invalid input")
        }
        XCTAssertEqual(field, "path")
        guard case .InvalidInput(let text, _) = await anytypeError({
            try await client.chats(spaceId: space).addMessage(chatId: "chat", message: NewMessage(text: "  "))
        }) else {
            return XCTFail("an empty message is invalid input")
        }
        XCTAssertEqual(text, "text")
        let after = try await apiRequests()
        XCTAssertEqual(after, before, "nothing was sent")
    }

    func testChatOperationsAndMessageWalk() async throws {
        let client = try await client()
        let space = try await client.spaces().list(offset: 0, limit: 1).data[0].id
        let chats = client.chats(spaceId: space)
        let chat = try await chats.create(request: CreateChatRequest(name: "Swift")).id
        var ids: [String] = []
        for i in 0..<12 { ids.append(try await chats.addMessage(chatId: chat, message: NewMessage(text: "m\(i)"))) }
        let latest = try await chats.messages(chatId: chat, limit: 5)
        XCTAssertEqual(latest.map(\.content.text), (7..<12).map { "m\($0)" })
        var walked: [String] = []
        for try await message in chats.allMessages(chatId: chat, pageSize: 5) { walked.append(message.content.text) }
        XCTAssertEqual(walked, (0..<12).reversed().map { "m\($0)" })
        var hits: [String] = []
        for try await hit in chats.allSearchHits(chatId: chat, query: "m1") { hits.append(hit.message.content.text) }
        XCTAssertEqual(hits.sorted(), ["m1", "m10", "m11"])
        try await chats.editMessage(chatId: chat, messageId: ids[0], edit: MessageEdit(text: "edited"))
        try await chats.toggleReaction(chatId: chat, messageId: ids[1], emoji: "👍")
        let reacted = try await chats.getMessage(chatId: chat, messageId: ids[1])
        XCTAssertEqual(reacted.reactions.map(\.emoji), ["👍"])
        try await chats.deleteMessage(chatId: chat, messageId: ids[2])
        try await chats.readMessages(chatId: chat)
        try await chats.readReactions(chatId: chat)
        try await chats.readAll(chatId: chat)
        var listed: [String] = []
        for try await object in chats.all() { listed.append(object.id) }
        XCTAssertEqual(listed, [chat])
    }

    func testAStreamCutSeveralTimesDeliversEveryMessageOnceInOrder() async throws {
        let client = try await client()
        let space = try await client.spaces().list(offset: 0, limit: 1).data[0].id
        let chats = client.chats(spaceId: space)
        let chat = try await chats.create(request: CreateChatRequest(name: "Live")).id
        let path = "/v1/spaces/\(space)/chats/\(chat)/messages/stream"
        for n in 0..<5 {
            try await sandbox.addFault([
                "method": "GET", "path": path, "times": 1,
                "fault": ["kind": "cut_stream", "after_events": 1 + 2 * n],
            ])
        }
        let count = 120
        let writer = Task {
            for i in 0..<count {
                _ = try await chats.addMessage(chatId: chat, message: NewMessage(text: "live \(i)"))
                try await Task.sleep(nanoseconds: 15_000_000)
            }
        }
        var got: [ChatMessage] = []
        for try await event in chats.events(chatId: chat, heartbeatSeconds: 1, missedHeartbeats: 2) {
            if case .messageAdded(let message) = event {
                got.append(message)
                if got.count == count { break }
            }
        }
        try await writer.value
        XCTAssertEqual(got.map(\.content.text), (0..<count).map { "live \($0)" })
        XCTAssertTrue(zip(got, got.dropFirst()).allSatisfy { $0.orderId < $1.orderId })
        let opened = try await sandbox.requestCount("GET \(path)")
        XCTAssertGreaterThanOrEqual(opened, 4, "the stream was cut and reopened several times")
        // The loop ended: its connection is closed.
        var inFlight = try await sandbox.inFlight()
        for _ in 0..<50 where inFlight > 0 {
            try await Task.sleep(nanoseconds: 100_000_000)
            inFlight = try await sandbox.inFlight()
        }
        XCTAssertEqual(inFlight, 0)
    }
}

// Runs the README's files and chat example (ChatExample.swift) and checks that the README shows exactly it.
final class ChatExampleTests: SandboxTestCase {
    func testChatExampleRuns() async throws {
        let client = try await client()
        let space = try await client.spaces().list(offset: 0, limit: 1).data[0].id
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anytype-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = Data(repeating: 42, count: 10_000)
        try report.write(to: folder.appendingPathComponent("report.pdf"))
        let pong = try await chatBotExample(client: client, spaceId: space, folder: folder.path)
        XCTAssertEqual(pong?.content.text, "pong")
        XCTAssertNotNil(pong?.replyToMessageId)
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("copy.pdf")), report)
    }

    func testTheReadmeShowsTheChatExample() throws {
        try assertReadmeShows(marker: "chat", from: "ChatExample.swift", function: "func chatBotExample(")
    }
}

/// Peak memory of a 200 MB upload and download from Swift (VmHWM, reset through clear_refs).
final class TransferMemoryTests: SandboxTestCase {
    private func peakKib() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
    }

    private func resetPeak() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    func testA200MBUploadAndDownloadKeepThePeakFlat() async throws {
        guard peakKib() != nil, resetPeak() else { throw XCTSkip("needs Linux /proc") }
        let megabytes = Int(ProcessInfo.processInfo.environment["ANYTYPE_MEMORY_TEST_MB"] ?? "") ?? 200
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anytype-swift-mem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("big.bin")
        XCTAssertTrue(FileManager.default.createFile(atPath: source.path, contents: nil))
        let handle = try FileHandle(forWritingTo: source)
        let block = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0) })
        for _ in 0..<megabytes { handle.write(block) }
        try handle.close()
        let client = try await client()
        let space = try await client.spaces().list(offset: 0, limit: 1).data[0].id
        let files = client.files(spaceId: space)
        let warm = dir.appendingPathComponent("warm.bin")
        try block.write(to: warm)
        let warmed = try await files.upload(path: warm.path)
        _ = try await files.download(fileId: warmed.objectId, path: dir.appendingPathComponent("warm.out").path)
        XCTAssertTrue(resetPeak())
        let idle = peakKib()!
        let uploaded = try await files.upload(path: source.path)
        let afterUpload = peakKib()!
        let target = dir.appendingPathComponent("big.out")
        let downloaded = try await files.download(fileId: uploaded.objectId, path: target.path)
        let afterDownload = peakKib()!
        XCTAssertEqual(downloaded.sizeInBytes, Int64(megabytes << 20))
        print("swift \(megabytes) MB: peak RSS idle \(idle / 1024) MiB, +\(Double(afterUpload - idle) / 1024) MiB after the upload, +\(Double(afterDownload - idle) / 1024) MiB after the download")
        XCTAssertLessThan(afterUpload - idle, 8 * 1024)
        XCTAssertLessThan(afterDownload - idle, 8 * 1024)
    }
}
