import CRMStore
import Foundation

extension AppConfiguration {
    /// The store's address, which chooses its engine (a `postgresql://` URL or a SQLite path).
    var storeAddress: StoreAddress { StoreAddress(databasePath) }

    /// The store address `text` names, given as `option` (`--db`, `JIVOCRM_DB`, `--to`,
    /// `--into`); a usage error naming the value when it would be taken for a SQLite path by
    /// mistake (``StoreAddress/init(validating:)``).
    @discardableResult
    static func storeAddress(_ text: String, givenAs option: String) throws(CLIError) -> StoreAddress {
        do {
            return try StoreAddress(validating: text)
        } catch {
            throw .usage("\(option) \(error)")
        }
    }
}

extension AppConfiguration {
    /// Where a listener keeps the webhooks its store refuses until it takes them again: beside a
    /// SQLite store (`crm.sqlite.spool`), or for a PostgreSQL store, which has no folder of ours,
    /// in this user's state folder under the store's identity (`$XDG_STATE_HOME/jivocrm/spool-<
    /// identity>`, ``Store/identity()``), so that each store has one spool however its address
    /// is spelled, and no two stores share one. nil for a PostgreSQL store without an identity
    /// (no listener has run on it, so nothing was spooled).
    func spoolPath(identity: String?) -> String? {
        switch storeAddress {
        case .sqlite(let path):
            return path + ".spool"
        case .postgres:
            guard let identity else { return nil }
            return stateFolder + "/spool-" + identity
        }
    }

    /// This user's state folder of jivocrm, `$XDG_STATE_HOME/jivocrm` (`~/.local/state/jivocrm`):
    /// the console's log and the spools of PostgreSQL stores.
    var stateFolder: String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let stateHome = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        return stateHome + "/jivocrm"
    }

    /// This user's spools of PostgreSQL stores, whichever store each is of.
    func postgresSpools() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stateFolder)) ?? []
        return names.filter { $0.hasPrefix("spool-") }.sorted().map { stateFolder + "/" + $0 }
    }
}
