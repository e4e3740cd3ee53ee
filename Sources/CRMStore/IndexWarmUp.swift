import Glibc

/// The interior pages of a SQLite store's B-trees read into the kernel's page cache, so that a
/// listener started on a store its machine has not read lately (after a reboot, or on a store
/// larger than the memory that caches it) pays, for each of its first replies, the few random
/// leaf pages every reply pays, not also the inner pages each B-tree needs on the way down:
/// with every page dropped from the cache, the first hundred replies to returning visitors on
/// 1,000,000 leads read about 18 pages each, the later ones about 11
/// (`jivocrm-bench reply-latency --cold --no-warm-up`).
///
/// It reads the store's file, read-only, as SQLite's documented file format lays it out
/// (<https://www.sqlite.org/fileformat2.html#b_tree_pages>): each B-tree's root (from
/// `sqlite_schema`), then each level below it as long as that level's pages are interior
/// pages. Every level is asked of the kernel at once (`POSIX_FADV_WILLNEED`), so the disk
/// reads a level's pages in parallel. Leaves, which hold the rows and are most of a file, are
/// not read, beyond one per B-tree to learn its depth. It only warms a cache: pages the
/// write-ahead log holds newer copies of may point at pages that no longer belong to the tree,
/// and a page that is not a B-tree page as expected ends that branch; neither changes anything
/// SQLite reads.
public struct IndexWarmUp: Sendable, Equatable {
    /// The B-trees whose inner pages were read.
    public var trees: Int
    /// The interior pages read (beyond them, one leaf per B-tree showed its depth).
    public var pages: Int

    /// The most pages a warm-up reads (64 MiB of 4 KiB pages), the top levels of every B-tree
    /// first; the interior pages of a store are a few tenths of a percent of it.
    public static let defaultBudget = 16_384

    /// A warm-up's outcome.
    public init(trees: Int, pages: Int) {
        self.trees = trees
        self.pages = pages
    }
}

extension Store {
    /// Reads the interior pages of the store's B-trees into the kernel's page cache (see
    /// ``IndexWarmUp``), at most `budget` pages; nil on PostgreSQL, whose server keeps its own
    /// cache.
    public func warmIndexes(budget: Int = IndexWarmUp.defaultBudget) throws -> IndexWarmUp? {
        guard !database.isPostgres else { return nil }
        let pageSize = Int(try database.scalar("PRAGMA page_size") ?? 0)
        let roots = try database.rows("SELECT rootpage FROM sqlite_schema WHERE rootpage > 0") { Int($0.int(0)) }
        guard pageSize >= 512 else { return IndexWarmUp(trees: 0, pages: 0) }
        let (trees, pages) = try BTreeFile(path: database.path, pageSize: pageSize).warm(
            roots: [1] + roots, budget: budget)
        return IndexWarmUp(trees: trees, pages: pages.count)
    }
}

/// A SQLite database file opened read-only to read B-tree pages from (``IndexWarmUp``).
struct BTreeFile: ~Copyable {
    /// The open file.
    private let descriptor: Int32
    /// Its page size, in bytes.
    private let pageSize: Int
    /// Its pages, as its size says.
    private let pageCount: Int

    /// Opens the database file at `path`, whose pages are `pageSize` bytes.
    init(path: String, pageSize: Int) throws(StoreError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError(
                kind: .cannotOpen,
                message: "cannot open \(path) to read its index pages: \(String(cString: strerror(errno))); "
                    + "check that the store's file exists and is readable")
        }
        var status = stat()
        self.pageSize = pageSize
        pageCount = fstat(descriptor, &status) == 0 ? Int(status.st_size) / pageSize : 0
    }

    deinit { close(descriptor) }

    /// Reads the interior pages of the B-trees rooted at `roots`, level by level, top first, at
    /// most `budget` of them. Returns how many of the trees have interior pages, and the pages
    /// read, in order.
    func warm(roots: [Int], budget: Int) -> (trees: Int, pages: [Int]) {
        // Each tree's depth, from its leftmost path, every tree a level at a time; a tree whose
        // root is a leaf has depth 0 and no interior page.
        var depths = [Int](repeating: 0, count: roots.count)
        var path = Array(roots.enumerated())
        var seen = Set(roots)
        while !path.isEmpty {
            prefetch(path.map(\.element))
            path = path.compactMap { tree, page in
                guard let child = children(of: page)?.first, seen.insert(child).inserted else { return nil }
                depths[tree] += 1
                return (tree, child)
            }
        }
        // Then every interior page, all trees a level at a time.
        var level = roots.indices.filter { depths[$0] > 0 }.map { (tree: $0, page: roots[$0], depth: 0) }
        let trees = level.count
        var pages: [Int] = []
        while !level.isEmpty, pages.count < budget {
            let interior = level.filter { $0.depth < depths[$0.tree] }.prefix(budget - pages.count)
            prefetch(interior.map(\.page))
            pages += interior.map(\.page)
            level = interior.flatMap { node in
                (children(of: node.page) ?? []).map { (tree: node.tree, page: $0, depth: node.depth + 1) }
            }
        }
        return (trees, pages)
    }

    /// Asks the kernel to read `pages` now, all at once.
    private func prefetch(_ pages: [Int]) {
        for page in pages.sorted() where (1...pageCount).contains(page) {
            _ = posix_fadvise(descriptor, off_t((page - 1) * pageSize), off_t(pageSize), POSIX_FADV_WILLNEED)
        }
    }

    /// The child pages of page `page` when it is an interior B-tree page (its cells' left
    /// children, then its right-most child); nil for a leaf, or for a page that cannot be read
    /// or is not laid out as one.
    private func children(of page: Int) -> [Int]? {
        guard (1...pageCount).contains(page) else { return nil }
        var bytes = [UInt8](repeating: 0, count: pageSize)
        let read = bytes.withUnsafeMutableBytes {
            pread(descriptor, $0.baseAddress, pageSize, off_t((page - 1) * pageSize))
        }
        guard read == pageSize else { return nil }
        // Page 1 starts with the file's 100-byte header; its B-tree header follows.
        let header = page == 1 ? 100 : 0
        // 0x02: interior page of an index, 0x05: of a table.
        guard bytes[header] == 0x02 || bytes[header] == 0x05 else { return nil }
        func integer(at offset: Int, bytes count: Int) -> Int {
            (offset..<offset + count).reduce(0) { $0 << 8 | Int(bytes[$1]) }
        }
        let cells = integer(at: header + 3, bytes: 2)
        let pointers = header + 12
        guard pointers + 2 * cells <= pageSize else { return nil }
        var children: [Int] = []
        children.reserveCapacity(cells + 1)
        for cell in 0..<cells {
            let offset = integer(at: pointers + 2 * cell, bytes: 2)
            guard offset >= pointers + 2 * cells, offset + 4 <= pageSize else { return nil }
            children.append(integer(at: offset, bytes: 4))
        }
        children.append(integer(at: header + 8, bytes: 4))
        return children.allSatisfy { (1...pageCount).contains($0) } ? children : nil
    }
}
