import Glibc

/// A measurement that could not be taken: the console or the store did not do what the
/// measurement needs, so its figure would mean nothing.
struct BenchError: Error, CustomStringConvertible {
    private enum Reason {
        case emptyFirstScreen
        case noFurtherPages
        case searchMissedLead(kind: String, lead: Int64)
        case searchUnfilledPage(kind: String, text: String)
        case leadNotOnTop(lead: Int64)
        case pasteLost(length: Int)
        case transcriptNotShown(lead: Int64)
        case tabNotShown(String)
        case deliveredTwice
        case pageCache(path: String, call: String, code: Int32)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The console's first screen shows no leads.
    static var emptyFirstScreen: BenchError { BenchError(.emptyFirstScreen) }
    /// Paging down did not load further pages.
    static var noFurtherPages: BenchError { BenchError(.noFurtherPages) }
    /// A `kind` search did not show the lead it was probing for.
    static func searchMissedLead(kind: String, lead: Int64) -> BenchError {
        BenchError(.searchMissedLead(kind: kind, lead: lead))
    }
    /// A broad `kind` search for `text` did not fill a page.
    static func searchUnfilledPage(kind: String, text: String) -> BenchError {
        BenchError(.searchUnfilledPage(kind: kind, text: text))
    }
    /// The lead with the long transcript is not the first of the All tab.
    static func leadNotOnTop(lead: Int64) -> BenchError { BenchError(.leadNotOnTop(lead: lead)) }
    /// A pasted text of `length` characters did not land in the note field.
    static func pasteLost(length: Int) -> BenchError { BenchError(.pasteLost(length: length)) }
    /// The lead did not open with its long transcript on screen.
    static func transcriptNotShown(lead: Int64) -> BenchError { BenchError(.transcriptNotShown(lead: lead)) }
    /// The tab named `tab` did not open at its key.
    static func tabNotShown(_ tab: String) -> BenchError { BenchError(.tabNotShown(tab)) }
    /// The store took an event of the reply-latency run as a duplicate.
    static var deliveredTwice: BenchError { BenchError(.deliveredTwice) }
    /// The system call `call` on the store's file at `path` failed with errno `code`, so the
    /// page cache could not be measured or emptied.
    static func pageCache(path: String, call: String, code: Int32) -> BenchError {
        BenchError(.pageCache(path: path, call: call, code: code))
    }

    /// What went wrong (and, where the run's options can help, what to do).
    var description: String {
        switch reason {
        case .emptyFirstScreen: "the first screen is empty"
        case .noFurtherPages: "paging down read no further pages"
        case .searchMissedLead(let kind, let lead): "the \(kind) search did not show lead #\(lead)"
        case .searchUnfilledPage(let kind, let text): "the broad \(kind) search \(text) did not fill a page"
        case .leadNotOnTop(let lead): "lead #\(lead) is not at the top of the All tab"
        case .pasteLost(let length): "the \(length)-character paste is not in the note field"
        case .transcriptNotShown(let lead): "lead #\(lead) did not open with its long transcript"
        case .tabNotShown(let tab): "the \(tab) tab did not open"
        case .deliveredTwice: "reply-latency delivered an event twice; give each run its own --offset"
        case .pageCache(let path, let call, let code):
            "\(call) on \(path) failed (\(String(cString: strerror(code)))); the page cache cannot be measured or emptied, "
                + "so run without --cold on a file system that supports it"
        }
    }
}
