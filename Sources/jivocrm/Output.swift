import CRMCore
import DisplayText
import Foundation
import Glibc
import JivoProtocol

/// Writes command output. Visitor text is always passed through the sanitiser, so nothing a
/// visitor typed can move the cursor or retitle the terminal.
enum Output {
    /// Writes a line to standard output. When the reader has gone (`jivocrm leads | head`),
    /// exits quietly with status 0, as the output was not wanted any more.
    static func line(_ text: String = "") {
        if !write(text + "\n", to: STDOUT_FILENO) && errno == EPIPE { exit(0) }
    }

    /// Writes a line to standard error.
    static func error(_ text: String) {
        _ = write(text + "\n", to: STDERR_FILENO)
    }

    /// Writes all of `text` to `descriptor`; false if the write failed.
    private static func write(_ text: String, to descriptor: Int32) -> Bool {
        var bytes = Array(text.utf8)[...]
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
        let cells = ([header] + rows).map { $0.map { Sanitizer.line($0) } }
        let widths = header.indices.map { column in
            min(limits[column], cells.map { $0[column].width }.max() ?? 0)
        }
        for row in cells {
            let text = row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell.truncated(toWidth: widths[column]).string
                    : cell.truncated(toWidth: widths[column]).padded(toWidth: widths[column]).string
            }.joined(separator: "  ")
            line(String(text.reversed().drop { $0 == " " }.reversed()))
        }
    }

    /// A time for people: `2026-11-21 08:38` UTC.
    static func time(_ milliseconds: Int64?) -> String {
        milliseconds.map { Timestamp.short(milliseconds: $0) } ?? "-"
    }
}
