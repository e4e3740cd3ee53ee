import Foundation
import Glibc
import Subprocess

/// A throwaway PostgreSQL server for one test: `initdb` makes a cluster in a temporary folder,
/// `pg_ctl` starts it listening only on a Unix socket in that folder, and ``stop()`` (or
/// releasing the value) stops it and removes the folder. The server runs as an unprivileged
/// user: as root (CI), as `nobody`, which owns the folder; otherwise as the current user.
/// Local connections are trusted, except the role ``passwordRole``, which must give
/// ``password``.
public final class PostgresCluster: @unchecked Sendable {
    // Safety: every stored property is immutable after init; stop() runs its commands once
    // (guarded by `stopped`, only touched on the thread releasing or stopping the cluster).
    /// The superuser's role name.
    public let superuser = "jivocrm"
    /// A role that must authenticate with ``password`` (for tests of failed logins).
    public let passwordRole = "jivocrm_password"
    /// The password of ``passwordRole``.
    public let password = "pw-Secret-7f3a"
    /// The folder holding the cluster's data, log and socket.
    public let directory: String
    /// The folder holding the server's Unix socket.
    public var socketDirectory: String { directory }
    /// The port, which names the socket file (`.s.PGSQL.<port>`).
    public let port = 5432
    private let binaries: String
    private let runAs: String?
    private var stopped = false

    /// Creates and starts a cluster; throws a failure naming the `apt-get install` that fixes
    /// a missing server, or the server's log when it does not start.
    public init() throws {
        binaries = try Self.binaryDirectory()
        runAs = getuid() == 0 ? "nobody" : nil
        var template = Array("/tmp/jivocrm-pg-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ProcessFailure("cannot create a temporary folder under /tmp for a PostgreSQL cluster")
        }
        directory = String(cString: created)
        if runAs != nil {
            guard chown(directory, 65534, 65534) == 0 else {
                throw ProcessFailure("cannot give \(directory) to nobody (errno \(errno))")
            }
        }
        do {
            try start()
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// Creates the database `name`, owned by the superuser; returns its URL.
    @discardableResult
    public func createDatabase(_ name: String) throws -> String {
        try run("createdb", ["-h", socketDirectory, "-p", String(port), "-U", superuser, name])
        return url(database: name)
    }

    /// Creates the database `name` with jivocrm's schema in it, made by `jivocrm init` as an
    /// operator makes it before any other verb on a new PostgreSQL database; returns its URL.
    @discardableResult
    public func createStore(_ name: String) throws -> String {
        let url = try createDatabase(name)
        let result = try JivoCRMBinary.run(["init", "--db", url], home: directory)
        guard result.status == 0 else {
            throw ProcessFailure("jivocrm init on database \(name) exited \(result.status): \(result.stderr)")
        }
        return url
    }

    /// The `postgresql://` URL of `database` as `user` (with `password`, if given), over the socket.
    public func url(database: String, user: String? = nil, password: String? = nil) -> String {
        let credentials = (user ?? superuser) + (password.map { ":" + $0 } ?? "")
        return "postgresql://\(credentials)@/\(database)?host=\(socketDirectory)&port=\(port)"
    }

    /// Runs `sql` in `database` with `psql` as the superuser; returns its unaligned output.
    public func psql(_ sql: String, database: String) throws -> String {
        try run(
            "psql",
            [
                "-h", socketDirectory, "-p", String(port), "-U", superuser, "-d", database, "-X", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-c", sql,
            ])
    }

    /// Stops the server at once and removes its folder.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        if FileManager.default.fileExists(atPath: directory + "/data/postmaster.pid") {
            _ = try? run("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops the server, keeping its data, until ``resume()``: clients meet a server that is down.
    public func pause() throws {
        try run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
    }

    /// Starts the server ``pause()`` stopped, on the same socket and data.
    public func resume() throws {
        try run(
            "pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "start"],
            capture: false)
    }

    private func start() throws {
        let data = directory + "/data"
        try run(
            "initdb",
            [
                "-D", data, "-U", superuser, "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust",
                "--auth-host=reject", "--no-sync",
            ])
        let hba = "local all \(passwordRole) scram-sha-256\nlocal all all trust\n"
        try write(hba, to: data + "/pg_hba.conf")
        let settings = [
            "listen_addresses = ''", "unix_socket_directories = '\(socketDirectory)'", "port = \(port)",
            "max_connections = 40", "shared_buffers = 16MB", "fsync = off", "dynamic_shared_memory_type = mmap",
        ]
        try write(settings.joined(separator: "\n") + "\n", to: data + "/postgresql.auto.conf")
        do {
            try run("pg_ctl", ["-D", data, "-l", directory + "/server.log", "-w", "-t", "60", "start"], capture: false)
        } catch {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw ProcessFailure("\(error); the server's log says: \(log.suffix(2000))")
        }
        _ = try psql(
            "CREATE ROLE \(passwordRole) LOGIN PASSWORD '\(password)'", database: "postgres")
    }

    /// Writes `text` to `path` inside the cluster, owned by the cluster's user.
    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        guard runAs == nil || chown(path, 65534, 65534) == 0 else {
            throw ProcessFailure("cannot give \(path) to nobody (errno \(errno))")
        }
    }

    /// Runs the cluster tool `name` as the cluster's user.
    @discardableResult
    private func run(_ name: String, _ arguments: [String], capture: Bool = true) throws -> String {
        let program = binaries + "/" + name
        let command = (runAs.map { ["runuser", "-u", $0, "--"] } ?? []) + [program] + arguments
        let (status, output) = ChildProcess.run(command, capture: capture, includingErrors: true)
        guard status == 0 else {
            throw ProcessFailure("`\(([program] + arguments).joined(separator: " "))` exited \(status): \(output)")
        }
        return output
    }

    /// The newest installed server's `bin` folder (Debian's /usr/lib/postgresql/<major>/bin).
    private static func binaryDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let majors = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard
            let major = majors.last(where: { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") })
        else {
            throw ProcessFailure(
                "no PostgreSQL server is installed (no \(root)/*/bin/initdb); the PostgreSQL tests need one: "
                    + "run `make deps` as root, or `sudo apt-get install -y postgresql postgresql-contrib libpq-dev`")
        }
        return "\(root)/\(major)/bin"
    }
}
