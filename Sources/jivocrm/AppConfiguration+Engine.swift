import CRMStore

extension AppConfiguration {
    /// The store's address, which chooses its engine (a `postgresql://` URL or a SQLite path).
    var storeAddress: StoreAddress { StoreAddress(databasePath) }
}
