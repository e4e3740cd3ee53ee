import CRMCore
import CRMStore
import Foundation

/// `jivocrm backup`: a consistent copy of the store, taken while it is in use.
enum BackupCommand: Command {
    static let name = "backup"
    static let synopsis = "backup FILE"
    static let summary = "Copy the store to FILE (mode 0600) while the listener and console keep running."
    static let details = """
        Uses SQLite's online backup: the copy is one consistent snapshot even while webhooks
        arrive, and FILE appears only when it is complete (an existing FILE is replaced). The
        copy holds personal data: keep it private, and erase people from it too.
        On PostgreSQL (--db postgresql://…), runs pg_dump --format=custom (found on PATH or in
        /usr/lib/postgresql/*/bin), the address given to it in libpq's environment variables.

        example:
          jivocrm backup ~/backups/crm-$(date +%F).sqlite
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        let path = try invocation.arguments.positional(0, "the backup file to write")
        try invocation.arguments.expectPositionals(atMost: 1)
        let address = invocation.configuration.storeAddress
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            let name = "crm-\(Timestamp.iso8601(milliseconds: Store.systemMilliseconds()).prefix(10))"
            let suffix: String
            switch address {
            case .sqlite: suffix = ".sqlite"
            case .postgres: suffix = ".dump"
            }
            let example = (path.hasSuffix("/") ? path : path + "/") + name + suffix
            throw CLIError.usage(
                "\(Output.safe(path)) is a folder: give the backup file's path, such as \(Output.safe(example))")
        }
        if case .postgres = address { return try runOnPostgres(address, to: path) }
        let store = try invocation.openStore()
        let summary = try store.backup(to: path)
        Output.line("backed up \(summary.leads) leads and \(summary.events) events to \(Output.safe(path))")
        return 0
    }
}

/// `jivocrm restore`: put a backup in place of the store.
enum RestoreCommand: Command {
    static let name = "restore"
    static let synopsis = "restore FILE [--yes]"
    static let summary = "Replace the store with a backup, after checking it; the current store is kept aside."
    static let details = """
        FILE must pass SQLite's integrity check, have jivocrm's tables, and not come from a newer
        jivocrm. With --yes, the current store is first backed up next to it
        (STORE.before-restore-TIME), then replaced atomically. Without --yes, only checks FILE (and exits 1 when not run from a terminal)
        and says what it holds.
        Stop `jivocrm serve` first: a listener left running goes on with the restored store, and
        the events it stored since FILE was made are then only in the kept-aside copy.
        On PostgreSQL (--db postgresql://…), FILE is a `jivocrm backup` (pg_dump) archive, whose
        table of contents must hold jivocrm's tables from a schema this jivocrm knows: the
        current database is dumped to FILE.before-restore-TIME, then pg_restore --clean puts FILE
        back in one transaction.

        example:
          jivocrm restore ~/backups/crm-2026-11-20.sqlite --yes
        """
    static let options: [OptionSpec] = [.flag("--yes", "really replace the store (without it: check FILE only)")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let path = try invocation.arguments.positional(0, "the backup file to restore")
        try invocation.arguments.expectPositionals(atMost: 1)
        let address = invocation.configuration.storeAddress
        if case .postgres = address {
            return try runOnPostgres(address, from: path, yes: invocation.arguments.has("--yes"))
        }
        let backup = try Store.inspectBackup(path)
        let zone = try invocation.configuration.settings().localTime
        let holds =
            "\(backup.leads) leads and \(backup.events) events"
            + (backup.lastEventAt.map { ", the newest from \(Output.labelledTime($0, zone))" } ?? "")
        guard invocation.arguments.has("--yes") else {
            Output.line("\(Output.safe(path)) is a sound backup (schema \(backup.schemaVersion)) with \(holds)")
            Output.line(
                "stop `jivocrm serve`, then run `jivocrm restore \(Output.safe(path)) --yes` to replace the store with it"
            )
            guard Confirmation.interactive else { throw Confirmation.refused("restore \(Output.safe(path))") }
            return 0
        }
        let store = try invocation.openStore()
        let aside =
            store.database.path + ".before-restore-"
            + Timestamp.iso8601(milliseconds: Store.systemMilliseconds()).filter { $0.isNumber || $0 == "T" }
        let current = try store.backup(to: aside)
        try store.restore(from: path)
        Output.line("restored \(holds) from \(Output.safe(path))")
        Output.line(
            "the previous store (\(current.leads) leads, \(current.events) events) is kept at \(Output.safe(aside))")
        return 0
    }
}
