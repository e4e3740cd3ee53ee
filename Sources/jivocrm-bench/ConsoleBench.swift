import CRMStore

/// The store queries behind the console's screens, timed on a large store: the first page of
/// leads (including opening the store), paging down with the keyset cursor, searching names,
/// phones, emails and transcript text, and opening a lead with a long transcript. The
/// console's drawing is not included.
enum ConsoleBench {
    /// Rows on one page, about a tall terminal's worth.
    static let pageSize = 100
    /// Page-downs timed after the first page.
    static let pages = 30
    /// Times each search and the detail view is run (the median is reported).
    static let repeats = 5

    /// Milliseconds per measure, as `key value` pairs in a stable order.
    static func run(path: String, longTranscriptLead: Int64) throws -> [(String, Double)] {
        var started = BenchClock.now()
        let store = try Store(path: path)
        var page = try store.leads(LeadFilter(limit: pageSize))
        let firstScreen = (BenchClock.now() - started) * 1000

        var pageDowns: [Double] = []
        for _ in 0..<pages {
            guard let last = page.last?.lead else { break }
            started = BenchClock.now()
            page = try store.leads(LeadFilter(limit: pageSize, after: (last.lastActivityAt, last.id)))
            pageDowns.append((BenchClock.now() - started) * 1000)
        }

        let probe = try store.database.scalar("SELECT max(id) / 2 FROM leads WHERE name != ''") ?? 1
        let searches = [
            "name": BenchBodies.seededName(Int(probe)),
            "phone": "+79" + String(repeating: "0", count: max(0, 9 - String(probe).count)) + String(probe),
            "email": "visitor\(probe)@example.com",
            "transcript": "доставка заказа \(probe)?",
        ]
        var results: [(String, Double)] = [("first_screen_ms", firstScreen)]
        results.append(("page_down_p50_ms", Percentiles(pageDowns).value(50)))
        results.append(("page_down_p99_ms", Percentiles(pageDowns).value(99)))
        var all: [Double] = []
        for kind in ["name", "phone", "email", "transcript"] {
            let samples = try (0..<repeats).map { _ in
                let started = BenchClock.now()
                let found = try store.leads(LeadFilter(search: searches[kind], limit: pageSize))
                guard !found.isEmpty else { throw ConsoleBenchError(message: "the \(kind) search found nothing") }
                return (BenchClock.now() - started) * 1000
            }
            all += samples
            results.append(("search_\(kind)_ms", Percentiles(samples).value(50)))
        }
        results.append(("search_p50_ms", Percentiles(all).value(50)))
        results.append(("search_max_ms", Percentiles(all).value(100)))

        let details = try (0..<repeats).map { _ in
            let started = BenchClock.now()
            guard let detail = try store.detail(longTranscriptLead) else {
                throw ConsoleBenchError(message: "there is no lead #\(longTranscriptLead)")
            }
            precondition(!detail.chats.isEmpty)
            return (BenchClock.now() - started) * 1000
        }
        results.append(("open_lead_ms", Percentiles(details).value(50)))
        return results
    }
}

/// A console measurement that could not be taken.
struct ConsoleBenchError: Error, CustomStringConvertible {
    /// What went wrong.
    let message: String
    /// The message.
    var description: String { message }
}
