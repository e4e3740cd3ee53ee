import CRMCore
import DisplayText
import Foundation
import JivoProtocol

/// Writes command output. Visitor text is always passed through the sanitiser, so nothing a
/// visitor typed can move the cursor or retitle the terminal.
enum Output {
    /// Writes a line to standard output.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes a line to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
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
