/// Queues each kept event (but a duplicate delivery) for every forward target, in the
/// transaction that keeps it. On SQLite the ingest does it here: whether there are targets is
/// read once per write transaction (which holds the write lock, so no other process changes
/// them before it commits), and a store without targets pays nothing more per event, where the
/// trigger it replaced (schema version 11) cost every event about 22,000 instructions. On
/// PostgreSQL the `events_forward` trigger does it.
final class ForwardQueue {
    private let database: Database
    /// Whether there are targets, as read in the write transaction numbered `transaction`.
    private var known: (transaction: Int, any: Bool)?

    /// The queue of the store on `database`.
    init(database: Database) {
        self.database = database
    }

    /// Queues event `id`, just kept, for every forward target.
    func queue(event id: Int64) throws {
        guard !database.isPostgres, try hasTargets() else { return }
        try database.run("INSERT INTO outbox(event_id, target) SELECT ?, url FROM forward_targets", [.integer(id)])
    }

    /// Forgets what was read of the targets (they were just changed).
    func targetsChanged() {
        known = nil
    }

    private func hasTargets() throws -> Bool {
        let transaction = database.inWriteTransaction ? database.writeTransactions : nil
        if let transaction, let known, known.transaction == transaction { return known.any }
        let any = try database.scalar("SELECT EXISTS (SELECT 1 FROM forward_targets)") == 1
        known = transaction.map { ($0, any) }
        return any
    }
}
