import CRMCore
import CRMStore
import Foundation
import HTTPServer
import Listener

/// `jivocrm doctor`: is everything working? For a person, cron or a systemd timer.
enum DoctorCommand: Command {
    static let name = "doctor"
    static let synopsis = "doctor [--max-silence DURATION] [--listen HOST:PORT]"
    static let summary =
        "Check the store, the listener, the spool and the time since the last webhook; exit 1 on a problem."
    static let details = """
        Prints one line per check, `ok` or `FAIL`, and exits 1 if any failed:
          store      the store opens and SQLite's quick check passes (on PostgreSQL: the
                     database answers and holds jivocrm's schema)
          listener   the listener serving this store (the address it recorded on start, else the
                     configured listen address) answers GET /healthz with 200
          spool      no webhook waits in the spool, kept there while the store refused writes
                     (a serve or console listening on this store applies them once it takes them)
          last event when the last webhook arrived; with --max-silence, "no events for N hours"
                     fails when it is longer ago than that (JivoChat stopped sending, the proxy
                     broke, the token changed)

        example, in cron or a systemd timer:
          jivocrm doctor --max-silence 6h || mail -s "jivocrm" ops@example.com
        """
    static let options: [OptionSpec] = [
        .value("--max-silence", "DURATION", "fail when no webhook arrived for this long (6h, 30m, 1d)"),
        .value("--listen", "HOST:PORT", "check the listener at this address instead of the recorded one"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let silence = try invocation.arguments.value("--max-silence").map { text throws(CLIError) -> Int64 in
            guard let seconds = AppConfiguration.seconds(text), seconds > 0 else {
                throw .usage("--max-silence takes a duration like 6h, 30m or 1d, not '\(text)'")
            }
            return seconds
        }
        var failures = 0
        func report(_ ok: Bool, _ check: String, _ text: String) {
            Output.line("\(ok ? "ok  " : "FAIL") \(check.padding(toLength: 10, withPad: " ", startingAt: 0)) \(text)")
            if !ok { failures += 1 }
        }
        let storeAddress = invocation.configuration.storeAddress
        let path = storeAddress.description
        if case .sqlite = storeAddress, !FileManager.default.fileExists(atPath: path) {
            report(false, "store", "no store at \(path); pass --db, or start `jivocrm serve` to create it")
            return 1
        }
        let store: Store
        do {
            store = try invocation.openStore()
            let problems = try store.database.integrityProblems(quick: true)
            report(
                problems.isEmpty, "store",
                problems.isEmpty
                    ? path : "\(path) is damaged: \(problems.prefix(3).joined(separator: "; ")); restore a backup")
        } catch {
            report(false, "store", "cannot open \(path): \(error)")
            // Webhooks a listener kept while the store was out of reach wait in a spool: the one
            // beside a SQLite store, or any of this user's PostgreSQL spools (each named by its
            // store's identity, which cannot be read now).
            let spools =
                if case .sqlite = storeAddress {
                    invocation.configuration.spoolPath(identity: nil).map { [$0] } ?? []
                } else {
                    invocation.configuration.postgresSpools()
                }
            for spool in spools {
                reportSpool(
                    spool, localTime: (try? invocation.configuration.settings())?.localTime ?? .utc, report,
                    quietWhenEmpty: true)
            }
            return 1
        }
        let (address, recorded) = try invocation.listenerAddress(store: store)
        report(
            probe(address), "listener",
            address + (recorded ? "" : " (no running listener recorded in this store; the configured address)"))
        if let spoolPath = invocation.configuration.spoolPath(identity: try store.existingIdentity()) {
            reportSpool(spoolPath, localTime: store.settings.localTime, report)
        } else {
            report(true, "spool", "empty")
        }
        let health = try store.health()
        let now = Store.systemMilliseconds()
        if let last = health.lastEventAt {
            let age = max(0, now - last) / 1000
            let quiet = silence.map { age > $0 } ?? false
            report(
                !quiet, "last event",
                quiet
                    ? "no events for \(age >= 3600 ? "\(age / 3600) hours" : describe(age)) (since \(store.settings.localTime.labelled(milliseconds: last))); check JivoChat's webhook URL and the proxy"
                    : "\(describe(age)) ago (\(store.settings.localTime.labelled(milliseconds: last)))")
        } else {
            report(
                silence == nil, "last event", "no webhook has ever arrived; paste `jivocrm webhook-url` into JivoChat")
        }
        if failures > 0 { Output.error("jivocrm: doctor found \(failures) problem\(failures == 1 ? "" : "s")") }
        return failures == 0 ? 0 : 1
    }

    /// Reports the spool at `path`: how many webhooks wait there and since when (`localTime`),
    /// "empty" (unless `quietWhenEmpty`), or why it cannot be read.
    static func reportSpool(
        _ path: String, localTime: LocalTime, _ report: (Bool, String, String) -> Void, quietWhenEmpty: Bool = false
    ) {
        do {
            if let (count, oldest) = try WebhookListener.spooled(at: path), count > 0 {
                let since = oldest.map { " since " + localTime.labelled(milliseconds: $0) } ?? ""
                report(
                    false, "spool",
                    "\(count) webhook\(count == 1 ? "" : "s") wait\(count == 1 ? "s" : "") in \(path)\(since), kept "
                        + "while the store refused writes; a `jivocrm serve` or console listening on this store applies "
                        + "them within a second of it taking writes (see its log), or start one")
            } else if !quietWhenEmpty {
                report(true, "spool", "empty")
            }
        } catch {
            report(false, "spool", "\(error)")
        }
    }

    /// Whether `GET address/healthz` answers 200 within three seconds.
    static func probe(_ address: String) -> Bool {
        guard let target = try? SimulateCommand.parse(address) else { return false }
        let client = HTTPClient(host: target.host, port: target.port, timeout: 3)
        defer { client.close() }
        return (try? client.send(path: "/healthz"))?.status == 200
    }

    /// `3h 20m`, `12m`, `40s`.
    static func describe(_ seconds: Int64) -> String {
        if seconds >= 3600 { return "\(seconds / 3600)h \(seconds % 3600 / 60)m" }
        if seconds >= 60 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
