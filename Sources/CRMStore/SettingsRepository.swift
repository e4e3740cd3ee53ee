/// The SQL of the `settings` table: stored values by key (the webhook token, the lead page key).
struct SettingsRepository {
    /// The connection.
    let database: Database

    /// The value stored under `key`, if any.
    func value(_ key: String) throws -> String? {
        try database.first("SELECT value FROM settings WHERE key = ?", [.text(key)]) { $0.text(0) }
    }

    /// Every setting, as (key, value).
    func all() throws -> [(key: String, value: String)] {
        try database.rows("SELECT key, value FROM settings") { ($0.text(0), $0.text(1)) }
    }

    /// Stores `value` under `key`, replacing what was there.
    func set(_ key: String, _ value: String) throws {
        try database.run(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [.text(key), .text(value)])
    }
}
