import Foundation
import JivoProtocol
import Subprocess

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

    /// Runs the executable with `arguments` to completion, standard input from /dev/null.
    public static func run(_ arguments: [String], environment: [String: String]) throws -> CommandResult {
        let process = try ChildProcess(
            [path] + arguments, environment: environment, output: .pipe, errors: .pipe)
        let (output, errors) = process.collect()
        return CommandResult(
            status: process.wait(), stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self))
    }

    /// Runs the executable with `arguments` in the clean environment of `home` (see
    /// ``environment(home:_:)``), its standard output and error read through pipes.
    public static func run(_ arguments: [String], home: String) throws -> CommandResult {
        try run(arguments, environment: environment(home: home))
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
