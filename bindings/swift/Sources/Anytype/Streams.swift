// Hand-written: the live chat stream as an `AsyncSequence`. Reconnecting, filling the gap after a
// drop, de-duplicating and watching heartbeats happen in Rust, in the generated `ChatStream`
// (whose `next()` returns `nil` once it is closed); this only adapts it to `for try await`, and
// closes the connection when the loop ends, however it ends (break, an error, cancellation).

/// The live events of one chat; made by ``Chats/events(chatId:replay:afterOrderId:heartbeatSeconds:missedHeartbeats:reconnect:)``.
///
/// Each iteration opens its own stream when the first event is needed (first the latest
/// `replay` messages, or every message after `afterOrderId`, then the live events) and closes its
/// connection when the iteration ends or its task is cancelled.
public struct ChatEvents: AsyncSequence, Sendable {
    public typealias Element = ChatEvent

    private let open: @Sendable () async throws -> ChatStream

    /// A sequence that calls `open` for each iteration.
    public init(_ open: @escaping @Sendable () async throws -> ChatStream) {
        self.open = open
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(open: open)
    }

    /// Hands out the events of one stream; disconnects it when done or dropped.
    public final class Iterator: AsyncIteratorProtocol {
        private var open: (@Sendable () async throws -> ChatStream)?
        private var stream: ChatStream?

        fileprivate init(open: @escaping @Sendable () async throws -> ChatStream) {
            self.open = open
        }

        /// The next event, or `nil` once the stream is closed.
        public func next() async throws -> ChatEvent? {
            if stream == nil {
                guard let open else { return nil } // finished
                self.open = nil
                stream = try await open()
            }
            guard let stream else { return nil }
            do {
                try Task.checkCancellation()
                let event = try await withTaskCancellationHandler {
                    try await stream.next()
                } onCancel: {
                    stream.disconnect()
                }
                if event == nil { finish() }
                return event
            } catch {
                finish()
                throw error
            }
        }

        private func finish() {
            stream?.disconnect()
            stream = nil
        }

        deinit {
            stream?.disconnect()
        }
    }
}

extension Chats {
    /// The live events of the chat `chatId` (see ``ChatEvents``).
    ///
    /// ```swift
    /// for try await event in client.chats(spaceId: spaceId).events(chatId: chatId) {
    ///     if case .messageAdded(let message) = event { print(message.content.text) }
    /// }
    /// ```
    public func events(
        chatId: String, replay: Int64 = 50, afterOrderId: String? = nil, heartbeatSeconds: Int64 = 30,
        missedHeartbeats: Int64 = 3, reconnect: Bool = true
    ) -> ChatEvents {
        ChatEvents {
            try await self.stream(
                chatId: chatId, replay: replay, afterOrderId: afterOrderId, heartbeatSeconds: heartbeatSeconds,
                missedHeartbeats: missedHeartbeats, reconnect: reconnect)
        }
    }
}
