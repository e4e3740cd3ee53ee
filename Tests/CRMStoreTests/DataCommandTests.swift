import Foundation
import Testing
import TestSupport

@Suite("Data verbs through the jivocrm binary")
struct DataCommandTests {
    /// The binary: env `JIVOCRM_BIN`, else `jivocrm` next to the test bundle.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["JIVOCRM_BIN"] { return path }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("jivocrm").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("jivocrm").path
    }()

    /// Runs the binary with `arguments`; returns the exit status, stdout and stderr.
    private static func run(_ arguments: [String], db: String) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--db", db] + arguments
        process.environment = ["HOME": db + ".home", "USER": "tester"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test("import, dry run, export to a private file and import again; errors say what to do", .enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func roundTripThroughTheBinary() throws {
        let directory = TemporaryDirectory()
        let db = directory.file("crm.sqlite")
        let csv = directory.file("people.csv")
        try "Name;E-mail;Mobile;Plan\nTom;tom@example.com;+1 408 498-7855;Gold\nAnna;anna@example.com;;\n".write(toFile: csv, atomically: true, encoding: .utf8)

        let dry = try Self.run(["import", csv, "--dry-run"], db: db)
        #expect(dry.0 == 0)
        #expect(dry.1.contains("line 2: would create a lead"))
        #expect(dry.1.contains("nothing was changed"))
        let imported = try Self.run(["import", csv], db: db)
        #expect(imported.0 == 0)
        #expect(imported.1.contains("2 created"))

        let out = directory.file("out.json")
        #expect(try Self.run(["export", "--out", out], db: db).0 == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let again = try Self.run(["import", out], db: directory.file("second.sqlite"))
        #expect(again.1.contains("2 created"))

        let unknown = try Self.run(["import", directory.file("people.xlsx")], db: db)
        #expect(unknown.0 == 1)
        #expect(unknown.2.contains("give --format csv, vcard or json"))
        let missing = try Self.run(["import", directory.file("missing.csv")], db: db)
        #expect(missing.2.contains("no such file"))
        let backup = try Self.run(["backup", directory.file("b.sqlite")], db: db)
        #expect(backup.1.contains("backed up 2 leads"))
        let restore = try Self.run(["restore", out, "--yes"], db: db)
        #expect(restore.0 == 1)
        #expect(restore.2.contains("not a jivocrm backup"))
        for verb in ["import", "export", "backup", "restore", "replay", "erase"] {
            let help = try Self.run([verb, "--help"], db: db)
            #expect(help.0 == 0)
            #expect(help.1.contains("jivocrm \(verb)"), "\(verb) --help has an example")
        }
    }
}
