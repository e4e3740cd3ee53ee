import CRMStore

/// `jivocrm-bench reply-latency`: the server-side time to the reply for returning visitors,
/// each a seeded lead chosen at random, with the store's files in the page cache as they are
/// (warm, after seeding) or dropped from it first (cold).
///
/// Each sample is what the writer and the HTTP thread do for one first delivery: decode and
/// hash, the duplicate check, matching, the event's effects, and composing and serialising the
/// reply. The commit's fsync (shared by a batch of 64) and the HTTP exchange are not in it.
/// Beside the times it counts, per reply, the pages SQLite asked the kernel for (its own cache
/// missed) and what the kernel read from the disk for them (the page cache missed): the random
/// pages a reply costs when the store is larger than the memory that holds it.
enum ReplyBench {
    /// Events written per transaction.
    static let batch = 64

    /// Opens the store at `path` as the listener's writer does, with SQLite's own cache empty,
    /// and ingests `bodies` (first deliveries); with `cold`, after dropping the store's files
    /// from the page cache. Returns the figures as `key value` pairs in a stable order.
    static func run(path: String, bodies: [[UInt8]], cold: Bool) throws -> [(String, Double)] {
        let files = PageCache.storeFiles(path)
        if cold { try PageCache.evict(files) }
        let resident = try PageCache.resident(files)
        let store = try Store(path: path)
        // Reading /proc/self/io is itself counted: what two readings in a row add is taken off.
        let overhead = ProcessReads.now() - ProcessReads.now()
        var samples: [Double] = []
        samples.reserveCapacity(bodies.count)
        var reads = ProcessReads()
        var index = 0
        while index < bodies.count {
            try store.database.write {
                for body in bodies[index..<min(index + batch, bodies.count)] {
                    let before = ProcessReads.now()
                    let started = BenchClock.now()
                    let result = try store.ingest(body: body, receivedAt: store.clock())
                    guard result.status == "applied", !result.reply.serializedBytes().isEmpty else {
                        throw BenchError.deliveredTwice
                    }
                    samples.append((BenchClock.now() - started) * 1000)
                    reads = reads + (ProcessReads.now() - before - overhead)
                }
            }
            index += batch
        }
        let percentiles = Percentiles(samples)
        let count = Double(max(bodies.count, 1))
        return [
            ("reply_p50_ms", percentiles.value(50)),
            ("reply_p99_ms", percentiles.value(99)),
            ("reply_page_reads", Double(reads.calls) / count),
            ("reply_disk_pages", Double(reads.diskBytes) / Double(PageCache.pageSize) / count),
            ("cached_share_at_start", resident.pages == 0 ? 0 : Double(resident.cached) / Double(resident.pages)),
        ]
    }
}
