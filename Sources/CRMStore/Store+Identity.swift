/// The store's identity: what names it apart from every other store, wherever it is reached from.
extension Store {
    /// A random name for this store (16 bytes, hex), made on first use and kept in its
    /// settings; a backup restored or a store migrated keeps it.
    public func identity() throws -> String {
        if let identity = try existingIdentity() { return identity }
        return try database.write {
            if let identity = try existingIdentity() { return identity }
            let identity = Crypto.hex(Array(Crypto.randomKey().prefix(16)))
            try setSetting("store_id", identity)
            return identity
        }
    }

    /// The store's identity if one was made; nil before the first ``identity()``.
    public func existingIdentity() throws -> String? {
        try setting("store_id")
    }
}
