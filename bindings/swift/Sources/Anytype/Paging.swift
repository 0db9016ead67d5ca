// Hand-written: every paged listing as an `AsyncSequence`. The paging itself (requests, decoding,
// read-ahead, the stop condition) happens in Rust, in the generated pagers (`SpacePager`, ...);
// this file only adapts them to `for try await`, once for all of them.
//
// A new paged resource adds three lines at the end of this file: its page's and its pager's
// conformances, and its helper; a new method that hands out an existing pager (`searchPager`, ...)
// adds one helper line (`PagingCoverageTests` fails until each generated pager and each generated
// pager method has its line).

/// A page of a paged listing (the generated `SpacePage`, ...): its items in `data`.
public protocol AnytypePage {
    associatedtype Item
    /// The items of this page, in order.
    var data: [Item] { get }
}

/// A generated pager (`SpacePager`, ...): hands out the pages of one walk, then `nil`.
public protocol AnytypePager: AnyObject, Sendable {
    associatedtype Page: AnytypePage
    /// The next page, or `nil` after the last one.
    func nextPage() async throws -> Page?
}

/// The items of a paged listing, fetched lazily one page at a time as you iterate; made by the
/// resources' helpers, e.g. ``Spaces/all(pageSize:)``.
///
/// A page is requested only when the previous one has been used up, so breaking out of the loop
/// stops the requests. Each iteration makes its own pager and starts from the first item. A bad
/// page size throws ``AnytypeError/InvalidInput(field:detail:)`` (field `page_size`) on the first
/// `next()`. After an error (or the last page) the iterator is finished: `next()` returns `nil`.
///
/// Cancellation: if the iterating task is cancelled, the next page is not requested and `next()`
/// throws `CancellationError`; a `next()` that is waiting for a page throws it too, like any other
/// call (see README.md, "Cancellation"). Either way the walk ends, dropping its pager and with it
/// any page the pager was reading ahead.
public struct PageSequence<Pager: AnytypePager>: AsyncSequence, Sendable {
    public typealias Element = Pager.Page.Item

    private let makePager: @Sendable () throws -> Pager

    /// A sequence that calls `makePager` for each iteration (when the first page is needed).
    public init(_ makePager: @escaping @Sendable () throws -> Pager) {
        self.makePager = makePager
    }

    /// The same walk, a whole page at a time: each element is one page (`data` and, for the
    /// generated pages, `pagination`).
    public var pages: Pages { Pages(makePager: makePager) }

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: PageFetcher(makePager: makePager))
    }

    /// Hands out the items of the current page and fetches the next page when it runs out.
    public struct Iterator: AsyncIteratorProtocol {
        fileprivate var pages: PageFetcher<Pager>
        private var buffer: [Element] = []
        private var index = 0

        fileprivate init(pages: PageFetcher<Pager>) {
            self.pages = pages
        }

        /// The next item, or `nil` after the last one.
        public mutating func next() async throws -> Element? {
            while index == buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = page.data
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    /// The pages of a ``PageSequence``, one element per page.
    public struct Pages: AsyncSequence, Sendable {
        public typealias Element = Pager.Page

        fileprivate let makePager: @Sendable () throws -> Pager

        public func makeAsyncIterator() -> Iterator {
            Iterator(pages: PageFetcher(makePager: makePager))
        }

        public struct Iterator: AsyncIteratorProtocol {
            fileprivate var pages: PageFetcher<Pager>

            /// The next page, or `nil` after the last one.
            public mutating func next() async throws -> Pager.Page? {
                try await pages.next()
            }
        }
    }
}

/// One walk: makes the pager on the first call, checks for cancellation before every page, and
/// is finished (dropping the pager, and with it any page read ahead) after the last page or an
/// error.
fileprivate struct PageFetcher<Pager: AnytypePager> {
    private var makePager: (@Sendable () throws -> Pager)?
    private var pager: Pager?

    init(makePager: @escaping @Sendable () throws -> Pager) {
        self.makePager = makePager
    }

    mutating func next() async throws -> Pager.Page? {
        guard let makePager else { return nil } // finished
        do {
            try Task.checkCancellation()
            let pager = try self.pager ?? makePager()
            self.pager = pager
            guard let page = try await pager.nextPage() else {
                finish()
                return nil
            }
            return page
        } catch {
            finish() // after an error (or cancellation) the walk is done
            throw error
        }
    }

    private mutating func finish() {
        makePager = nil
        pager = nil
    }
}

// MARK: - The paged resources: one line each for the page, the pager and the helper.

extension SpacePage: AnytypePage {}
extension SpacePager: AnytypePager {}
extension Spaces {
    /// Every space (that matches `filter`), fetched lazily `pageSize` (1...1000) at a time as you
    /// iterate (see ``PageSequence``; `.pages` gives whole pages).
    ///
    /// ```swift
    /// for try await space in client.spaces().all(pageSize: 100) {
    ///     print(space.name)
    /// }
    /// ```
    public func all(pageSize: Int64 = 100, filter: Filter? = nil) -> PageSequence<SpacePager> { PageSequence { try self.pager(pageSize: pageSize, filter: filter) } }
}

extension ObjectPage: AnytypePage {}
extension ObjectPager: AnytypePager {}
extension Objects {
    /// Every object of the space (that matches `filter`), `pageSize` (1...1000) at a time (see ``PageSequence``).
    public func all(pageSize: Int64 = 100, filter: Filter? = nil) -> PageSequence<ObjectPager> { PageSequence { try self.pager(pageSize: pageSize, filter: filter) } }
    /// Every object of the space that matches the search `request` (text, types, filter, sort), in
    /// its order, `pageSize` at a time: `for try await task in objects.all(matching: request)`.
    public func all(matching request: SearchRequest, pageSize: Int64 = 100) -> PageSequence<ObjectPager> { PageSequence { try self.searchPager(request: request, pageSize: pageSize) } }
}

extension TypePage: AnytypePage {}
extension TypePager: AnytypePager {}
extension Types {
    /// Every type of the space (that matches `filter`), `pageSize` (1...1000) at a time (see ``PageSequence``).
    public func all(pageSize: Int64 = 100, filter: Filter? = nil) -> PageSequence<TypePager> { PageSequence { try self.pager(pageSize: pageSize, filter: filter) } }
}

extension PropertyPage: AnytypePage {}
extension PropertyPager: AnytypePager {}
extension Properties {
    /// Every property of the space (that matches `filter`), `pageSize` (1...1000) at a time (see ``PageSequence``).
    public func all(pageSize: Int64 = 100, filter: Filter? = nil) -> PageSequence<PropertyPager> { PageSequence { try self.pager(pageSize: pageSize, filter: filter) } }
}

extension TagPage: AnytypePage {}
extension TagPager: AnytypePager {}
extension Tags {
    /// Every tag of the property (that matches `filter`), `pageSize` (1...1000) at a time (see ``PageSequence``).
    public func all(pageSize: Int64 = 100, filter: Filter? = nil) -> PageSequence<TagPager> { PageSequence { try self.pager(pageSize: pageSize, filter: filter) } }
}

extension TemplatePage: AnytypePage {}
extension TemplatePager: AnytypePager {}
extension Templates {
    /// Every template of the type (that matches `filter`), `pageSize` (1...1000) at a time (see ``PageSequence``).
    public func all(pageSize: Int64 = 100, filter: Filter? = nil) -> PageSequence<TemplatePager> { PageSequence { try self.pager(pageSize: pageSize, filter: filter) } }
}

extension MemberPage: AnytypePage {}
extension MemberPager: AnytypePager {}
extension Members {
    /// Every member of the space (that matches `filter`), `pageSize` (1...1000) at a time (see ``PageSequence``).
    public func all(pageSize: Int64 = 100, filter: Filter? = nil) -> PageSequence<MemberPager> { PageSequence { try self.pager(pageSize: pageSize, filter: filter) } }
}

extension Search {
    /// Every object of every space that matches `request`, `pageSize` at a time, page by page (a
    /// global page's `total` and `has_more` aren't true counts; the core's pager knows the end).
    public func all(matching request: SearchRequest, pageSize: Int64 = 100) -> PageSequence<ObjectPager> { PageSequence { try self.pager(request: request, pageSize: pageSize) } }
}

extension ViewPage: AnytypePage {}
extension ViewPager: AnytypePager {}
extension Lists {
    /// Every view of the list `listId`, `pageSize` at a time (see ``PageSequence``).
    public func views(of listId: String, pageSize: Int64 = 100) -> PageSequence<ViewPager> { PageSequence { try self.viewPager(listId: listId, pageSize: pageSize) } }
    /// Every object of the list `listId` as its view `viewId` shows them (in the view's order),
    /// narrowed by `filter`, `pageSize` at a time.
    public func objects(of listId: String, view viewId: String, filter: Filter? = nil, pageSize: Int64 = 100) -> PageSequence<ObjectPager> { PageSequence { try self.objectPager(listId: listId, viewId: viewId, filter: filter, pageSize: pageSize) } }
}

extension ChatPager: AnytypePager {}
extension Chats {
    /// Every chat of the space, `pageSize` (1...1000) at a time (see ``PageSequence``).
    public func all(pageSize: Int64 = 100) -> PageSequence<ChatPager> { PageSequence { try self.pager(pageSize: pageSize) } }
}

extension MessagePage: AnytypePage {}
extension MessagePager: AnytypePager {}
extension Chats {
    /// Every message of the chat, newest first (or, with `afterOrderId`, oldest first from
    /// there), `pageSize` (1...1000) at a time, by order id (see ``PageSequence``).
    public func allMessages(chatId: String, pageSize: Int64 = 50, beforeOrderId: String? = nil, afterOrderId: String? = nil) -> PageSequence<MessagePager> { PageSequence { try self.messagePager(chatId: chatId, pageSize: pageSize, beforeOrderId: beforeOrderId, afterOrderId: afterOrderId) } }
}

extension ChatSearchPage: AnytypePage {}
extension ChatSearchPager: AnytypePager {}
extension Chats {
    /// Every message of the chat matching `query`, best first (see ``PageSequence``).
    public func allSearchHits(chatId: String, query: String, pageSize: Int64 = 100) -> PageSequence<ChatSearchPager> { PageSequence { try self.searchPager(chatId: chatId, query: query, pageSize: pageSize) } }
}
