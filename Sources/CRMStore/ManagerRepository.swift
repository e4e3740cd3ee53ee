import CRMCore

/// The SQL of managers and of who is responsible for a lead.
struct ManagerRepository {
    let database: Database

    private static func row(_ row: Statement) -> Manager {
        Manager(
            id: row.int(0), login: row.text(1), name: row.text(2), isDefault: row.int(3) != 0,
            isActive: row.int(4) != 0)
    }

    /// The manager with row id `id`.
    func manager(id: Int64) throws -> Manager? {
        try database.first(
            "SELECT id, login, name, is_default, active FROM managers WHERE id = ?", [.integer(id)], Self.row)
    }

    /// The manager whose login is `login` (case-insensitive).
    func manager(login: String) throws -> Manager? {
        try database.first(
            "SELECT id, login, name, is_default, active FROM managers WHERE login = ?", [.text(login)], Self.row)
    }

    /// Every manager, active first, by login.
    func all() throws -> [Manager] {
        try database.rows(
            "SELECT id, login, name, is_default, active FROM managers ORDER BY active DESC, login", [], Self.row)
    }

    /// Adds manager `login`, or updates the name and default flag of an existing one
    /// (reactivating it); making one the default clears the flag on the others.
    func save(login: String, name: String, isDefault: Bool, at: Int64) throws {
        if isDefault { try database.run("UPDATE managers SET is_default = 0") }
        try database.run(
            database.isPostgres
                ? """
                INSERT INTO managers(login, name, is_default, active, created_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT(login) DO UPDATE SET name = excluded.name, active = 1,
                    is_default = CASE WHEN excluded.is_default <> 0 OR (managers.is_default <> 0 AND ? = 0)
                        THEN 1 ELSE 0 END
                """
                : """
                INSERT INTO managers(login, name, is_default, active, created_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT(login) DO UPDATE SET name = excluded.name, active = 1,
                    is_default = excluded.is_default OR (managers.is_default AND NOT ?)
                """,
            [.text(login), .text(name), SQLValue(isDefault), .integer(at), SQLValue(isDefault)])
    }

    /// Deactivates manager `login` (and clears their default flag).
    func deactivate(login: String) throws {
        try database.run("UPDATE managers SET active = 0, is_default = 0 WHERE login = ?", [.text(login)])
    }

    /// Makes manager `manager` responsible for lead `lead`.
    func setManager(_ manager: Int64, lead: Int64) throws {
        try database.run("UPDATE leads SET manager_id = ? WHERE id = ?", [.integer(manager), .integer(lead)])
    }

    /// The live leads without a manager, by id.
    func unassignedLeads() throws -> [Int64] {
        try database.rows("SELECT id FROM leads WHERE manager_id IS NULL AND merged_into IS NULL ORDER BY id") {
            $0.int(0)
        }
    }
}
