/// The lead page key as replies sign with it, made ready (``HMACKey``). On SQLite it is read
/// once per write transaction (which holds the write lock, so no other process changes it before
/// it commits) and again after this store wrote it: a listener's batch read the setting and
/// decoded its hex for every reply (about 7,000 instructions). Outside a write transaction, and
/// on PostgreSQL (as ``ManagerListCache``), every call reads it.
final class LeadPageKeyCache {
    private let database: Database
    /// The key as last read, made ready; used again while the stored key is the same.
    private var signer: HMACKey?
    /// The write transaction in which `signer`'s key was read, while it may be used again in it.
    private var readIn: Int?
    /// The write transaction in which this store wrote the key: a savepoint may undo the write,
    /// so the key is read for every call until that transaction ends.
    private var writtenIn: Int?

    /// The page key of the store on `database`.
    init(database: Database) {
        self.database = database
    }

    /// The key made ready; `read` reads it from the store (``Store/leadPageKey()``).
    func signer(reading read: () throws -> [UInt8]) throws -> HMACKey {
        let transaction = database.lockedWriteTransaction
        if let transaction, let signer, readIn == transaction { return signer }
        let key = try read()
        let signer = self.signer.flatMap { $0.key == key ? $0 : nil } ?? HMACKey(key)
        self.signer = signer
        readIn = transaction == writtenIn ? nil : transaction
        return signer
    }

    /// Forgets what was read of the key (this store just wrote it).
    func keyWritten() {
        readIn = nil
        writtenIn = database.lockedWriteTransaction
    }
}
