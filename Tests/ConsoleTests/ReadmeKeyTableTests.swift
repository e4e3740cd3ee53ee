// The README's table of console keys is generated from the keymaps. After a keymap change,
// rewrite it with
//     UPDATE_README=1 swift test --filter ReadmeKeyTableTests
// and review the diff of README.md before committing.
import Console
import Foundation
import Testing

/// The README shows the console's keys exactly as the keymaps bind them.
@Suite struct ReadmeKeyTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../README.md").standardized
    static let begin = "<!-- console keys: generated from AppKeymaps.markdownTable -->\n"
    static let end = "<!-- end of console keys -->"

    @Test func theReadmeKeyTableIsTheKeymap() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "README.md has no \(Self.begin)")
        let stop = try #require(
            text.range(of: Self.end, range: start.upperBound..<text.endIndex), "README.md has no \(Self.end)")
        let table = AppKeymaps.markdownTable
        if ProcessInfo.processInfo.environment["UPDATE_README"] == "1" {
            try (text[..<start.upperBound] + table + text[stop.lowerBound...]).write(
                to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(text[start.upperBound..<stop.lowerBound]) == table,
            "README.md's key table differs from the keymaps; see this file's header")
    }

    @Test func theTableHasEveryBindingOnce() {
        let rows = AppKeymaps.markdownTable.split(separator: "\n").dropFirst(2)
        #expect(rows.count == AppKeymaps.helpSections.flatMap(\.entries).count)
        #expect(rows.contains("| Lead list | `/` | Search every lead: names, emails, phones, transcripts, #42 |"))
        #expect(rows.contains("| Lead list | `U` | Undo the last merge into this lead |"))
    }
}
