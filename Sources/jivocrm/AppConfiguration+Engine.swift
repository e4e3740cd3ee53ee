import CRMStore

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
