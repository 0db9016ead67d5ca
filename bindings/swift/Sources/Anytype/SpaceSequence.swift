// Hand-written: walking every space as an `AsyncSequence`. The paging itself (requests, decoding,
// the stop condition) happens in Rust, in `SpacePager`; this only adapts it to `for try await`.

extension Spaces {
    /// Every space, fetched lazily `pageSize` (1...1000) at a time as you iterate.
    ///
    /// ```swift
    /// for try await space in client.spaces().all(pageSize: 100) {
    ///     print(space.name)
    /// }
    /// ```
    ///
    /// A page is requested only when the previous one has been consumed, so breaking out of the
    /// loop stops the requests. Each iteration gets its own pager and starts from the first space.
    /// A bad `pageSize` throws ``AnytypeError/InvalidInput(field:detail:)`` on the first `next()`.
    ///
    /// Cancellation: if the iterating task is cancelled, the next page is not requested and
    /// `next()` throws `CancellationError`. A page request that is already running is *not*
    /// interrupted (see README.md, "Cancellation").
    public func all(pageSize: Int64 = 100) -> SpaceSequence {
        SpaceSequence(spaces: self, pageSize: pageSize)
    }
}

/// The spaces of ``Spaces/all(pageSize:)``, one page at a time.
public struct SpaceSequence: AsyncSequence, Sendable {
    public typealias Element = Space

    let spaces: Spaces
    /// The page size used for every request.
    public let pageSize: Int64

    public func makeAsyncIterator() -> Iterator {
        Iterator(spaces: spaces, pageSize: pageSize)
    }

    /// Hands out the spaces of the current page and fetches the next page when it runs out.
    public struct Iterator: AsyncIteratorProtocol {
        private let spaces: Spaces
        private let pageSize: Int64
        private var pager: SpacePager?
        private var buffer: [Space] = []
        private var index = 0
        private var finished = false

        init(spaces: Spaces, pageSize: Int64) {
            self.spaces = spaces
            self.pageSize = pageSize
        }

        /// The next space, or `nil` after the last one.
        public mutating func next() async throws -> Space? {
            while index == buffer.count {
                if finished { return nil }
                do {
                    try Task.checkCancellation()
                    if pager == nil { pager = try spaces.pager(pageSize: pageSize) }
                    guard let page = try await pager!.nextPage() else {
                        finished = true
                        return nil
                    }
                    buffer = page.data
                    index = 0
                } catch {
                    finished = true // after an error (or cancellation) the iterator is done
                    throw error
                }
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
