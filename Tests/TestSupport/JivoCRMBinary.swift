import Foundation
import JivoProtocol

/// What one run of the `jivocrm` executable did.
public struct CommandResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String

    /// Standard error's non-empty lines.
    public var stderrLines: [String] {
        stderr.split(separator: "\n").map(String.init)
    }

    /// Standard output parsed as JSON, or nil if it is not JSON.
    public var json: JSONValue? {
        try? JSONParser.parse(Array(stdout.utf8))
    }
}

/// A failure to run the executable or to reach what it should have produced.
public struct ProcessFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// A failure saying `description`.
    public init(_ description: String) { self.description = description }
}

/// The built `jivocrm` executable.
public enum JivoCRMBinary {
    /// The executable: env `JIVOCRM_BIN`, else `jivocrm` beside the running test bundle (which
    /// `swift test` runs from the build directory).
    public static var path: String {
        if let given = ProcessInfo.processInfo.environment["JIVOCRM_BIN"], !given.isEmpty { return given }
        let running =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: running).deletingLastPathComponent().appendingPathComponent("jivocrm").path
    }

    /// The environment a child runs with: this process's, without any `JIVOCRM_*` variable,
    /// with `HOME` and the XDG directories inside `home` (so no real configuration or store is
    /// touched), then `extra` on top.
    public static func environment(home: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("JIVOCRM_") }
        environment["HOME"] = home
        environment["XDG_CONFIG_HOME"] = home + "/.config"
        environment["XDG_DATA_HOME"] = home + "/.local/share"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs the executable with `arguments` to completion. Output goes through files in
    /// `directory`, so a child writing much cannot block on a full pipe.
    public static func run(
        _ arguments: [String], environment: [String: String], directory: TemporaryDirectory
    ) throws -> CommandResult {
        try run(arguments, environment: environment, outputIn: directory.path)
    }

    private static func run(
        _ arguments: [String], environment: [String: String], outputIn directory: String
    ) throws -> CommandResult {
        let tag = UUID().uuidString
        let outPath = directory + "/out-\(tag)"
        let errPath = directory + "/err-\(tag)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    /// Runs the executable with `arguments` in the clean environment of `home` (see
    /// ``environment(home:_:)``), its output through files in `home`.
    public static func run(_ arguments: [String], home: String) throws -> CommandResult {
        try run(arguments, environment: environment(home: home), outputIn: home)
    }

    /// The JSON that `jivocrm arguments --json` prints in the clean environment of `home`;
    /// throws unless it exits 0 with JSON.
    public static func json(_ arguments: [String], home: String) throws -> JSONValue {
        let result = try run(arguments + ["--json"], home: home)
        guard result.status == 0, let json = result.json else {
            throw ProcessFailure(
                "jivocrm \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return json
    }
}
