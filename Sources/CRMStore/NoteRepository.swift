/// The SQL of a lead's notes.
struct NoteRepository {
    let database: Database

    /// Note `id` as (lead, author, text), or nil when there is none.
    func note(_ id: Int64) throws -> (lead: Int64, author: String, text: String)? {
        try database.first("SELECT lead_id, author, text FROM notes WHERE id = ?", [.integer(id)]) {
            (lead: $0.int(0), author: $0.text(1), text: $0.text(2))
        }
    }

    /// Adds a note by `author` at `at` to lead `lead`; returns its id.
    func add(lead: Int64, at: Int64, author: String, text: String) throws -> Int64 {
        try database.run(
            "INSERT INTO notes(lead_id, at, author, text) VALUES (?, ?, ?, ?)",
            [.integer(lead), .integer(at), .text(author), .text(text)])
        return database.lastInsertID
    }

    /// Replaces the text of note `id`.
    func setText(_ id: Int64, _ text: String) throws {
        try database.run("UPDATE notes SET text = ? WHERE id = ?", [.text(text), .integer(id)])
    }

    /// Deletes note `id`.
    func delete(_ id: Int64) throws {
        try database.run("DELETE FROM notes WHERE id = ?", [.integer(id)])
    }

    /// Note `id` as (author, text, when it was written), or nil when there is none.
    func written(_ id: Int64) throws -> (author: String, text: String, at: Int64)? {
        try database.first("SELECT author, text, at FROM notes WHERE id = ?", [.integer(id)]) {
            ($0.text(0), $0.text(1), $0.int(2))
        }
    }
}
