import CRMCore
import DisplayText
import Foundation
import Glibc
import JivoProtocol

/// Writes command output. Visitor text is always passed through the sanitiser, so nothing a
/// visitor typed can move the cursor or retitle the terminal.
enum Output {
    /// Writes a line (or, not `terminated`, text without its newline) to standard output. When
    /// the reader has gone (`jivocrm leads | head`), exits quietly with status 0, as the output
    /// was not wanted any more.
    static func line(_ text: String = "", terminated: Bool = true) {
        if !write(terminated ? text + "\n" : text, to: STDOUT_FILENO) && errno == EPIPE { exit(0) }
    }

    /// Writes a line to standard error.
    static func error(_ text: String) {
        _ = write(text + "\n", to: STDERR_FILENO)
    }

    /// Writes `bytes` to standard output as they are (`events ID --raw`), exiting quietly as
    /// ``line(_:terminated:)`` does when the reader has gone.
    static func bytes(_ bytes: [UInt8]) {
        if !write(bytes, to: STDOUT_FILENO) && errno == EPIPE { exit(0) }
    }

    /// Writes all of `text` to `descriptor`; false if the write failed.
    private static func write(_ text: String, to descriptor: Int32) -> Bool {
        write(Array(text.utf8), to: descriptor)
    }

    /// Writes all of `bytes` to `descriptor`; false if the write failed.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var bytes = bytes[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    /// Untrusted text made inert for a terminal, on one line.
    static func safe(_ text: String?) -> String {
        Sanitizer.escapedForTerminal(text ?? "")
    }

    /// Pretty JSON on standard output.
    static func json(_ value: JSONValue) {
        line(value.serialized(pretty: true))
    }

    /// A table: a header and rows of cells, each column as wide as its widest cell (by display
    /// width) up to its limit, truncated with `…` beyond it.
    static func table(_ header: [String], _ rows: [[String]], limits: [Int]) {
        var table = TableWriter(header: header, limits: limits)
        table.write(rows)
    }

    /// A table written a page of rows at a time, so that a long list is never held whole. A
    /// table of one page looks as ``Output/table(_:_:limits:)`` makes it; when more pages may
    /// follow, every column takes its limit's width from the first.
    struct TableWriter {
        private let header: [String]
        private let limits: [Int]
        private var widths: [Int]?

        /// A table with this header and these column width limits.
        init(header: [String], limits: [Int]) {
            self.header = header
            self.limits = limits
        }

        /// Writes `rows` (and the header before the first page); `more` when more pages may
        /// follow.
        mutating func write(_ rows: [[String]], more: Bool = false) {
            var cells = rows.map { $0.map { Sanitizer.line($0) } }
            if widths == nil {
                cells.insert(header.map { Sanitizer.line($0) }, at: 0)
                widths = header.indices.map { column in
                    more ? limits[column] : min(limits[column], cells.map { $0[column].width }.max() ?? 0)
                }
            }
            let widths = widths ?? []
            for row in cells {
                let text = row.enumerated().map { column, cell in
                    column == row.count - 1
                        ? cell.truncated(toWidth: widths[column]).string
                        : cell.truncated(toWidth: widths[column]).padded(toWidth: widths[column]).string
                }.joined(separator: "  ")
                line(String(text.reversed().drop { $0 == " " }.reversed()))
            }
        }
    }

    /// A JSON array written an element at a time, in the text ``Output/json(_:)`` gives the
    /// whole array, so that a long list is never held whole.
    struct JSONArrayWriter {
        private var count = 0

        /// Writes one element.
        mutating func write(_ element: JSONValue) {
            let indented = element.serialized(pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 }.joined(separator: "\n")
            line((count == 0 ? "[\n" : ",\n") + indented, terminated: false)
            count += 1
        }

        /// Closes the array (`[]` when it had no elements).
        func finish() {
            line(count == 0 ? "[]" : "\n]")
        }
    }

    /// A time for people: `2026-11-21 11:38` in `zone` (which the table header or line names).
    static func time(_ milliseconds: Int64?, _ zone: LocalTime) -> String {
        milliseconds.map { zone.short(milliseconds: $0) } ?? "-"
    }

    /// A time that names its zone, for a line on its own: `2026-11-21 11:38 UTC+03:00`.
    static func labelledTime(_ milliseconds: Int64, _ zone: LocalTime) -> String {
        zone.labelled(milliseconds: milliseconds)
    }

    /// A table header for a column of times in `zone`: `DUE (UTC+03:00)`.
    static func timeHeader(_ title: String, _ zone: LocalTime, now: Int64) -> String {
        "\(title) (\(zone.label(at: now)))"
    }
}
