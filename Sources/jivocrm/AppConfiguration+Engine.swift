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
    /// in this user's state folder (`$XDG_STATE_HOME/jivocrm/spool-<digest of the address
    /// without its password>`), so that each store has its own.
    var spoolPath: String {
        switch storeAddress {
        case .sqlite(let path):
            return path + ".spool"
        case .postgres(let address):
            let home = environment["HOME"] ?? NSHomeDirectory()
            let stateHome = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
            let digest = Crypto.sha256(Array(address.description.utf8)).prefix(8)
            return stateHome + "/jivocrm/spool-" + Crypto.hex(Array(digest))
        }
    }
}
