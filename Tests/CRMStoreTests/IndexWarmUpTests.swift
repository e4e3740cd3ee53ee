import Glibc
import Testing
import TestSupport

@testable import CRMStore

/// The listener's warm-up reads exactly the interior pages of the store's B-trees, as SQLite's
/// own page census (`dbstat`) names them, top levels first, and survives a damaged page.
@Suite("Warming a store's index pages")
struct IndexWarmUpTests {
    /// A store of 20,000 leads with long emails, in pages of 1 KiB: its contact indexes are
    /// several levels of interior pages deep.
    private static func store(in directory: TemporaryDirectory) throws -> Store {
        let store = try Store(path: directory.file("crm.sqlite"))
        try store.database.execute(
            """
            PRAGMA journal_mode = DELETE;
            PRAGMA page_size = 1024;
            VACUUM;
            PRAGMA journal_mode = WAL;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
            INSERT INTO leads(id, title, created_at, updated_at, last_activity_at)
                SELECT i, 'Lead ' || i, i, i, i FROM n;
            INSERT INTO lead_emails(lead_id, position, value, normalized)
                SELECT id, 0, printf('visitor-with-a-long-address-%06d@example.com', id),
                    printf('visitor-with-a-long-address-%06d@example.com', id) FROM leads;
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
        return store
    }

    /// The interior pages SQLite counts in the store, and the level of its deepest leaves (the
    /// roots' level being 0).
    private static func census(_ store: Store) throws -> (interior: Set<Int>, depth: Int) {
        let interior = try store.database.rows("SELECT pageno FROM dbstat WHERE pagetype = 'internal'") {
            Int($0.int(0))
        }
        // dbstat's path names a page's place: '/' the root, '/000/' its first child, and so on.
        let depth = try store.database.scalar("SELECT max(length(path) - length(replace(path, '/', ''))) FROM dbstat")
        return (Set(interior), Int(depth ?? 0) - 1)
    }

    /// The roots the warm-up starts from, as ``Store/warmIndexes(budget:)`` takes them.
    private static func roots(_ store: Store) throws -> [Int] {
        [1] + (try store.database.rows("SELECT rootpage FROM sqlite_schema WHERE rootpage > 0") { Int($0.int(0)) })
    }

    @Test("every interior page and no other is read, each once, and the store reports how many")
    func readsExactlyTheInteriorPages() throws {
        let directory = TemporaryDirectory()
        let store = try Self.store(in: directory)
        let (interior, depth) = try Self.census(store)
        #expect(depth >= 3, "the test store must have a B-tree with interior pages two levels below its root")
        let (trees, pages) = try BTreeFile(path: store.database.path, pageSize: 1024).warm(
            roots: try Self.roots(store), budget: 1_000_000)
        #expect(Set(pages) == interior)
        #expect(pages.count == interior.count)
        #expect(trees > 1)
        #expect(try store.warmIndexes() == IndexWarmUp(trees: trees, pages: interior.count))
    }

    @Test("a budget reads the top levels of every tree first and stops at the budget")
    func budgetTakesTopLevelsFirst() throws {
        let directory = TemporaryDirectory()
        let store = try Self.store(in: directory)
        let file = try BTreeFile(path: store.database.path, pageSize: 1024)
        let (trees, all) = file.warm(roots: try Self.roots(store), budget: 1_000_000)
        let (_, some) = file.warm(roots: try Self.roots(store), budget: trees + 1)
        #expect(some == Array(all.prefix(trees + 1)))
        let roots = Set(try Self.roots(store))
        #expect(some.prefix(trees).allSatisfy(roots.contains))
        #expect(!roots.contains(some[trees]))
    }

    @Test("a page that is not a B-tree page ends its branch: the rest is read, nothing fails")
    func damagedPageEndsItsBranch() throws {
        let directory = TemporaryDirectory()
        let path: String
        let interior: Set<Int>
        let roots: [Int]
        let (damaged, below): (Int, Int)
        do {
            let store = try Self.store(in: directory)
            path = store.database.path
            (interior, _) = try Self.census(store)
            roots = try Self.roots(store)
            // The second interior page below a root (the warm-up learns a tree's depth from its
            // first), and how many interior pages lie under it.
            let (name, page) = try #require(
                try store.database.first(
                    "SELECT name, pageno FROM dbstat WHERE pagetype = 'internal' AND path = '/001/' "
                        + "AND name = (SELECT name FROM dbstat ORDER BY length(path) DESC LIMIT 1)"
                ) { ($0.text(0), $0.int(1)) })
            let under = try store.database.scalar(
                "SELECT count(*) FROM dbstat WHERE name = ? AND pagetype = 'internal' AND path LIKE '/001/_%'",
                [.text(name)])
            (damaged, below) = (Int(page), Int(under ?? 0))
        }
        let descriptor = open(path, O_WRONLY)
        try #require(descriptor >= 0)
        let zeros = [UInt8](repeating: 0, count: 1024)
        #expect(pwrite(descriptor, zeros, 1024, off_t((damaged - 1) * 1024)) == 1024)
        close(descriptor)
        #expect(below > 0)
        let (_, pages) = try BTreeFile(path: path, pageSize: 1024).warm(roots: roots, budget: 1_000_000)
        #expect(pages.contains(damaged))
        #expect(Set(pages).isSubset(of: interior))
        #expect(pages.count == interior.count - below)
    }
}
