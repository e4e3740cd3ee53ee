import CRMCore

/// The managers as ingest chooses among them for a lead without one. On SQLite they are read
/// once per write transaction (which holds the write lock, so no other process changes them
/// before it commits), and for every call for the rest of a transaction in which this store
/// changed them (a savepoint may undo the change): a listener's batch whose returning leads
/// have no manager read the whole table for each event (about 4,500 instructions). On
/// PostgreSQL, where other sessions' commits are seen at once, every call reads them (as
/// ``LeadPageKeyCache``).
final class ManagerListCache {
    private let database: Database
    /// The managers, as read in the write transaction numbered `transaction`.
    private var known: (transaction: Int, managers: [Manager])?
    /// The write transaction in which this store changed the managers.
    private var changedIn: Int?

    /// The managers of the store on `database`.
    init(database: Database) {
        self.database = database
    }

    /// Every manager, active first, by login (``ManagerRepository/all()``).
    func managers() throws -> [Manager] {
        guard let transaction = database.lockedWriteTransaction else {
            return try ManagerRepository(database: database).all()
        }
        if let known, known.transaction == transaction { return known.managers }
        let managers = try ManagerRepository(database: database).all()
        known = transaction == changedIn ? nil : (transaction, managers)
        return managers
    }

    /// Forgets what was read of the managers (this store just changed them).
    func managersChanged() {
        known = nil
        changedIn = database.lockedWriteTransaction
    }
}
