/// The SQL of the store's settings as a whole (``Store/setting(_:)`` reads one).
struct SettingRepository {
    let database: Database

    /// Every setting, as (key, value).
    func all() throws -> [(key: String, value: String)] {
        try database.rows("SELECT key, value FROM settings") { ($0.text(0), $0.text(1)) }
    }
}
