import CRMStore
import Foundation
import Subprocess

/// PostgreSQL's own client tools (`pg_dump`, `pg_restore`), run for `backup` and `restore` on a
/// PostgreSQL store. The store's address goes to them through libpq's environment variables,
/// never their command line, so its password is not in `ps`.
enum PostgresTools {
    /// The tool `name`: on PATH, else in the newest /usr/lib/postgresql/VERSION/bin; nil when
    /// neither has it.
    static func find(_ name: String, environment: [String: String]) -> String? {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
        let packaged = versions.sorted(by: >).map { "\(root)/\($0)/bin/\(name)" }
        return (packaged + path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the tool `name` with `arguments` on the database at `address`; returns its standard
    /// output. Throws its error output with `advice` (by default, to check the address and the
    /// role's rights, naming the role), or what to run by hand when the tool is not installed.
    @discardableResult
    static func run(
        _ name: String, _ arguments: [String], on address: StoreAddress, instead: String, advice: String? = nil
    ) throws -> String {
        let inherited = ProcessInfo.processInfo.environment
        guard let program = find(name, environment: inherited) else {
            throw CLIError.failure(
                "\(name) is not installed (not on PATH nor in /usr/lib/postgresql/*/bin): install it "
                    + "(`apt-get install postgresql-client`), or run it yourself, with the password in PGPASSWORD "
                    + "or ~/.pgpass: \(instead)")
        }
        let environment = inherited.merging(try address.toolEnvironment()) { $1 }
        let process: ChildProcess
        do {
            process = try ChildProcess([program] + arguments, environment: environment, output: .pipe, errors: .pipe)
        } catch {
            throw CLIError.failure(
                "\(error), or run it yourself, with the password in PGPASSWORD or ~/.pgpass: \(instead)")
        }
        let (output, errors) = process.collect()
        let status = process.wait()
        guard status == 0 else {
            let text = String(decoding: errors, as: UTF8.self).split(whereSeparator: \.isNewline).suffix(5)
                .joined(separator: "; ")
            let role = environment["PGUSER"].map { " \($0)" } ?? ""
            throw CLIError.failure(
                "\(name) failed on \(address) (exit \(status)): \(address.scrubbed(text)); "
                    + (advice
                        ?? "check the address and that the role\(role) may read (and, to restore, create) the schema"))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Dumps the PostgreSQL store at `address` to `path` with `pg_dump` (custom format): written
    /// beside `path` (mode 0600) and renamed into place when complete.
    static func dump(_ address: StoreAddress, to path: String) throws {
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CLIError.failure("cannot create \(Output.safe(partial)): check the folder exists and is writable")
        }
        do {
            try run(
                "pg_dump", ["--format=custom", "--no-owner", "--file=" + partial], on: address,
                instead: "pg_dump --format=custom --file=\(Output.safe(path)) --dbname='\(address)'")
            guard rename(partial, path) == 0 else {
                throw CLIError.failure("cannot move the dump to \(Output.safe(path)) (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}
