import Foundation
import Testing

/// The one-way arrows of docs/ARCHITECTURE.md, checked on the sources: a target imports only
/// the targets and system modules listed for it here (SwiftPM lets a target import a module it
/// does not declare when another target built it, so the compiler alone does not hold the line).
@Suite struct ArchitectureTests {
    /// What each target under Sources/ may import.
    static let allowed: [String: Set<String>] = [
        "JivoProtocol": [],
        "CRMCore": ["JivoProtocol"],
        "DisplayText": ["Glibc"],
        "Locking": ["CThread", "Glibc"],
        "Subprocess": ["CSpawn", "Locking", "Glibc"],
        "PostgresClient": ["CLibPQ", "Glibc"],
        "CRMStore": ["CSQLite", "CCrypto", "CRMCore", "JivoProtocol", "Locking", "PostgresClient", "Glibc"],
        "HTTPServer": ["CEpoll", "Locking", "Glibc", "Synchronization"],
        "Listener": [
            "HTTPServer", "CRMStore", "CRMCore", "JivoProtocol", "Locking", "Foundation", "Dispatch", "Glibc",
            "Synchronization",
        ],
        "Console": [
            "CNCurses", "DisplayText", "CRMStore", "CRMCore", "JivoProtocol", "Locking", "Foundation", "Glibc",
            "Synchronization",
        ],
        "jivocrm": [
            "Console", "Listener", "HTTPServer", "CRMStore", "CRMCore", "JivoProtocol", "DisplayText", "Locking",
            "Subprocess", "Foundation", "Glibc", "Synchronization", "Dispatch",
        ],
        "jivocrm-bench": [
            "Console", "CRMStore", "CRMCore", "HTTPServer", "JivoProtocol", "Foundation", "Glibc", "Synchronization",
        ],
    ]

    /// The only Console files that talk to the store: the effect runner and what wires it. The
    /// console's state, panes, dialogs and renderers work on CRMCore's read models and commands.
    static let consoleStoreFiles: Set<String> = ["EffectRunner.swift", "ConsoleApp.swift", "StoreWatcher.swift"]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources").standardized

    @Test func everyTargetImportsOnlyWhatTheArrowsAllow() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
            .filter { !$0.hasPrefix("C") || $0.hasPrefix("CRM") || $0 == "Console" }
        #expect(Set(targets) == Set(Self.allowed.keys), "a target without arrows: add it to `allowed` and the document")
        for target in targets {
            let directory = Self.sources.appendingPathComponent(target)
            let files = try #require(FileManager.default.enumerator(atPath: directory.path))
                .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            for file in files {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                    let module = String(line.dropFirst("import ".count)).trimmingCharacters(in: .whitespaces)
                    #expect(
                        Self.allowed[target]?.contains(module) == true,
                        "\(target)/\(file) imports \(module), which docs/ARCHITECTURE.md does not allow")
                }
            }
        }
    }

    @Test func onlyTheEffectRunnerOfTheConsoleImportsTheStore() throws {
        let directory = Self.sources.appendingPathComponent("Console")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".swift")
        }
        var importers: Set<String> = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            if text.split(separator: "\n").contains("import CRMStore") { importers.insert(file) }
        }
        #expect(
            importers.subtracting(Self.consoleStoreFiles).isEmpty,
            "\(importers.subtracting(Self.consoleStoreFiles).sorted()) import CRMStore; give them CRMCore types instead"
        )
    }

    /// Foundation's `Process.run()` can crash the process that calls it (it reads past a
    /// directory entry's name while closing descriptors: swift-corelibs-foundation #5472), and it
    /// did, intermittently, in `make test`; every child, in the product and the tests, is a
    /// `ChildProcess`.
    @Test func noSourceNorTestRunsAChildThroughFoundationsProcess() throws {
        let root = Self.sources.deletingLastPathComponent()
        var users: [String] = []
        for folder in ["Sources", "Tests"] {
            let directory = root.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(atPath: directory.path))
                .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            for file in files {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                if Self.startsFoundationProcess(text) { users.append("\(folder)/\(file)") }
            }
        }
        #expect(users.isEmpty, "\(users) start a child through Foundation: use Subprocess.ChildProcess")
    }

    /// The name of Foundation's class, put together so this file does not match itself.
    private static let processWord = "Pro" + "cess"

    /// The guard above sees each way of making or running Foundation's `Process`, and not the
    /// names that only contain the word.
    @Test func theProcessGuardTellsFoundationsProcessFromOtherNames() {
        let word = Self.processWord
        for code in [
            "let child = \(word)()", "let child: \(word) = .init()", "try \(word).run(url, arguments: [])",
            "let child = Foundation.\(word)()",
        ] {
            #expect(Self.startsFoundationProcess("import Foundation\n" + code), "\(code)")
        }
        for code in [
            "let child = try Child\(word)([\"true\"])", "let name = \(word)Info.processInfo.processName",
            "throw \(word)Failure(\"no\")", "// a comment about Foundation's \(word)()",
        ] {
            #expect(!Self.startsFoundationProcess("import Foundation\n" + code), "\(code)")
        }
    }

    /// Whether `text` names Foundation's `Process` in code (outside `//` comments) as a word of
    /// its own, not as the end of a longer name such as `ChildProcess` or the start of one such
    /// as `ProcessInfo`: made (`Process()`, `.init()` into a variable of that type) or run
    /// (`Process.run(_:arguments:)`).
    static func startsFoundationProcess(_ text: String) -> Bool {
        let word = processWord
        let isNamePart = { (character: Character) in character.isLetter || character.isNumber || character == "_" }
        for line in text.split(separator: "\n") where !line.drop(while: \.isWhitespace).hasPrefix("//") {
            var rest = line[...]
            while let found = rest.range(of: word) {
                let before = found.lowerBound == line.startIndex ? nil : line[line.index(before: found.lowerBound)]
                let after = found.upperBound == line.endIndex ? nil : line[found.upperBound]
                if !(before.map(isNamePart) ?? false) && !(after.map(isNamePart) ?? false) { return true }
                rest = line[found.upperBound...]
            }
        }
        return false
    }

    @Test func everyPublicErrorIsAStructOverPrivateReasons() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var enums: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let declaration = line.trimmingCharacters(in: .whitespaces)
                guard declaration.hasPrefix("public enum "), let colon = declaration.firstIndex(of: ":") else {
                    continue
                }
                let conformances = declaration[declaration.index(after: colon)...].prefix { $0 != "{" }
                    .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if conformances.contains("Error") { enums.append("\(file): \(declaration)") }
            }
        }
        #expect(
            enums.isEmpty,
            "\(enums): make each a struct over a private enum of reasons, a static member per reason (see CRMError)")
    }
}
