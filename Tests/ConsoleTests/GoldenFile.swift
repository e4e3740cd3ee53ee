// Golden screens: each test renders onto a GridCanvas and compares `canvas.text` with
// Tests/ConsoleTests/Golden/<name>.txt (located via #filePath).
// After an intended rendering change, rewrite them with
//     UPDATE_GOLDEN=1 swift test --filter ConsoleTests
// and review the diff of the Golden folder before committing.
import Console
import Foundation
import Testing

enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    /// Compares `canvas` with the golden file `name`, and checks nothing was drawn outside a clip.
    static func expectMatch(_ canvas: GridCanvas, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(canvas.violations.isEmpty, "drawn outside clip: \(canvas.violations)", sourceLocation: sourceLocation)
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = canvas.text + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            #expect(throws: Never.self) { try actual.write(to: url, atomically: true, encoding: .utf8) }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "missing golden file \(url.path); run with UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation
            )
            return
        }
        #expect(actual == expected, "screen differs from \(name).txt:\n\(actual)", sourceLocation: sourceLocation)
    }
}
