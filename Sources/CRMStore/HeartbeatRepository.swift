/// The SQL of `listener_heartbeats`: each listener's last beat, as its heartbeat thread
/// writes it and every console reads it.
struct HeartbeatRepository {
    /// The connection.
    let database: Database

    /// Every listener's address and last beat, newest first.
    func all() throws -> [(address: String, beatAt: Int64)] {
        try database.rows("SELECT address, beat_at FROM listener_heartbeats ORDER BY beat_at DESC") {
            (address: $0.text(0), beatAt: $0.int(1))
        }
    }

    /// Records that `listener` answering at `address` since `startedAt` is alive at `now`.
    func beat(listener: String, address: String, startedAt: Int64, now: Int64) throws {
        try database.run(
            """
            INSERT INTO listener_heartbeats(listener, address, started_at, beat_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(listener) DO UPDATE SET address = excluded.address, beat_at = excluded.beat_at
            """, [.text(listener), .text(address), .integer(startedAt), .integer(now)])
    }

    /// Forgets `listener`'s heartbeat.
    func remove(listener: String) throws {
        try database.run("DELETE FROM listener_heartbeats WHERE listener = ?", [.text(listener)])
    }
}
