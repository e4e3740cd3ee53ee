import CRMCore

/// The SQL of merges (`merges`) and of what each one moved (`merge_items`), so that it can be
/// undone.
struct MergeRepository {
    let database: Database

    /// The kinds of rows a merge moves, with their tables and the words that name them.
    static let movedTables: [(kind: String, table: String, noun: String)] = [
        ("chat", "chats", "chats"), ("call", "calls", "calls"), ("task", "tasks", "tasks"),
        ("note", "notes", "notes"), ("conflict", "conflicts", "conflicts"),
    ]

    /// The tables whose rows may come to the survivor after a merge (a chat, call or task of
    /// the absorbed lead's visitor, found through the keys and contacts the merge moved), each
    /// with the kind of the merge item that keeps its highest row number at the merge.
    static let arrivingTables: [(name: String, noun: String, watermark: String)] = [
        ("chats", "chat", "highest-chat"), ("calls", "call", "highest-call"), ("tasks", "task", "highest-task"),
    ]

    /// The values of the survivor a merge may change and an unmerge may restore.
    struct Values {
        /// Name, description and crm_link.
        var texts: [String?]
        /// Last activity.
        var activity: Int64
    }

    /// The lead `id` was merged into, if it was.
    func mergedInto(_ id: Int64) throws -> Int64? {
        try database.first("SELECT merged_into FROM leads WHERE id = ?", [.integer(id)]) { $0.optionalInt(0) } ?? nil
    }

    /// The lead that holds lead `id`'s data now, if `id` was merged: the end of its chain of
    /// merges (a lead merged into one that was merged in turn), which stands on its own.
    func holder(of id: Int64) throws -> Int64? {
        // Merges refuse merged leads, so a chain has no loop; the depth bound keeps a damaged
        // store from looping.
        try database.first(
            """
            WITH RECURSIVE chain(id, depth) AS (
                SELECT merged_into, 1 FROM leads WHERE id = ?1 AND merged_into IS NOT NULL
                UNION ALL SELECT l.merged_into, c.depth + 1 FROM leads l JOIN chain c ON l.id = c.id
                    WHERE l.merged_into IS NOT NULL AND c.depth < 1000)
            SELECT id FROM chain ORDER BY depth DESC LIMIT 1
            """, [.integer(id)]
        ) { $0.int(0) }
    }

    /// Records the start of a merge of `absorbed` into `survivor` with the survivor's values
    /// before it; returns the merge's id.
    func begin(survivor: Lead, absorbed: Int64, at: Int64, actor: String) throws -> Int64 {
        try database.run(
            """
            INSERT INTO merges(survivor_id, absorbed_id, at, actor, name_before, description_before,
                crm_link_before, activity_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(survivor.id), .integer(absorbed), .integer(at), .text(actor), .text(survivor.name),
                .text(survivor.description), SQLValue(survivor.crmLink), .integer(survivor.lastActivityAt),
            ])
        return database.lastInsertID
    }

    /// Records the survivor's values after merge `id`.
    func finish(_ id: Int64, survivor: Lead) throws {
        try database.run(
            "UPDATE merges SET name_after = ?, description_after = ?, crm_link_after = ?, activity_after = ? WHERE id = ?",
            [
                .text(survivor.name), .text(survivor.description), SQLValue(survivor.crmLink),
                .integer(survivor.lastActivityAt), .integer(id),
            ])
    }

    /// Records lead `lead`'s email or phone list as `kind` of merge `id`.
    func recordContacts(_ id: Int64, kind: String, field: ContactField, lead: Int64) throws {
        try database.run(
            "INSERT INTO merge_items(merge_id, kind, position, value, normalized) SELECT ?, ?, position, value, normalized FROM \(ContactListRepository.table(field)) WHERE lead_id = ?",
            [.integer(id), .text(kind), .integer(lead)])
    }

    /// The email or phone list recorded as `kind` of merge `id`.
    func contacts(_ id: Int64, kind: String) throws -> [UnmergePlan.Row] {
        try database.rows(
            "SELECT position, value, normalized FROM merge_items WHERE merge_id = ? AND kind = ? ORDER BY position",
            [.integer(id), .text(kind)]
        ) { UnmergePlan.Row(position: $0.int(0), value: $0.text(1), normalized: $0.text(2)) }
    }

    /// Moves lead `absorbed`'s chats, calls, tasks, notes, conflicts and keys to `survivor`,
    /// recording each as an item of merge `id`; an open duplicate-leads conflict between the
    /// two is settled as merged.
    func move(_ id: Int64, absorbed: Int64, into survivor: Int64, at: Int64, actor: String) throws {
        for table in Self.arrivingTables {
            try database.run(
                "INSERT INTO merge_items(merge_id, kind, row_id) SELECT ?, ?, coalesce(max(id), 0) FROM \(table.name)",
                [.integer(id), .text(table.watermark)])
        }
        for moved in Self.movedTables {
            try database.run(
                "INSERT INTO merge_items(merge_id, kind, row_id) SELECT ?, ?, id FROM \(moved.table) WHERE lead_id = ?",
                [.integer(id), .text(moved.kind), .integer(absorbed)])
        }
        try database.run(
            "INSERT INTO merge_items(merge_id, kind, key_kind, key_scope, value) SELECT ?, 'key', kind, scope, value FROM lead_keys WHERE lead_id = ?",
            [.integer(id), .integer(absorbed)])
        try database.run(
            """
            INSERT INTO merge_items(merge_id, kind, row_id) SELECT ?1, 'resolved', id FROM conflicts
            WHERE field = 'duplicate' AND status = 'open'
                AND ((lead_id = ?2 AND other_lead_id = ?3) OR (lead_id = ?3 AND other_lead_id = ?2))
            """, [.integer(id), .integer(survivor), .integer(absorbed)])
        for moved in Self.movedTables {
            try database.run(
                "UPDATE \(moved.table) SET lead_id = ? WHERE lead_id = ?", [.integer(survivor), .integer(absorbed)])
        }
        try database.run(
            "UPDATE lead_keys SET lead_id = ? WHERE lead_id = ?", [.integer(survivor), .integer(absorbed)])
        try database.run(
            "UPDATE conflicts SET status = 'resolved', resolution = 'merged', resolved_at = ?, resolved_by = ? "
                + "WHERE id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'resolved')",
            [.integer(at), .text(actor), .integer(id)])
    }

    /// Marks lead `absorbed` merged into `survivor` and drops its search row.
    func markMerged(_ absorbed: Int64, into survivor: Int64) throws {
        try database.run("UPDATE leads SET merged_into = ? WHERE id = ?", [.integer(survivor), .integer(absorbed)])
        try database.run(
            database.isPostgres
                ? "DELETE FROM lead_search WHERE lead_id = ?" : "DELETE FROM lead_search WHERE rowid = ?",
            [.integer(absorbed)])
    }

    /// Records the conflicts on `survivor` newer than `lastConflict` as opened by merge `id`.
    func recordOpened(_ id: Int64, survivor: Int64, after lastConflict: Int64) throws {
        try database.run(
            "INSERT INTO merge_items(merge_id, kind, row_id) SELECT ?, 'opened', id FROM conflicts WHERE id > ? AND lead_id = ?",
            [.integer(id), .integer(lastConflict), .integer(survivor)])
    }

    /// Merge `id`, or nil if there is none.
    func merge(_ id: Int64) throws -> MergeRecord? {
        try database.first(
            "SELECT id, survivor_id, absorbed_id, at, actor, undone_at, undone_by FROM merges WHERE id = ?",
            [.integer(id)], Self.row)
    }

    /// `actor`'s latest merge not undone, if it was made at `at` or later.
    func latestMerge(by actor: String, since at: Int64) throws -> MergeRecord? {
        try database.first(
            """
            SELECT id, survivor_id, absorbed_id, at, actor, undone_at, undone_by FROM merges
            WHERE actor = ? AND undone_at IS NULL AND at >= ? ORDER BY at DESC, id DESC LIMIT 1
            """, [.text(actor), .integer(at)], Self.row)
    }

    /// The merges lead `id` took part in, newest first.
    func merges(lead id: Int64) throws -> [MergeRecord] {
        try database.rows(
            """
            SELECT id, survivor_id, absorbed_id, at, actor, undone_at, undone_by FROM merges
            WHERE survivor_id = ?1 OR absorbed_id = ?1 ORDER BY id DESC
            """, [.integer(id)], Self.row)
    }

    private static func row(_ row: Statement) -> MergeRecord {
        MergeRecord(
            id: row.int(0), survivorID: row.int(1), absorbedID: row.int(2), at: row.int(3), actor: row.text(4),
            undoneAt: row.optionalInt(5), undoneBy: row.optionalText(6))
    }

    /// What merge `id` moved that is no longer on `survivor`, one line each.
    func strays(_ id: Int64, survivor: Int64) throws -> [String] {
        var problems: [String] = []
        for moved in Self.movedTables {
            let strays = try database.rows(
                """
                SELECT i.row_id FROM merge_items i LEFT JOIN \(moved.table) t ON t.id = i.row_id
                WHERE i.merge_id = ? AND i.kind = ? AND (t.id IS NULL OR t.lead_id != ?) ORDER BY i.row_id
                """, [.integer(id), .text(moved.kind), .integer(survivor)]
            ) { $0.int(0) }
            problems += strays.map { "\(moved.kind) #\($0) is no longer on lead #\(survivor)" }
        }
        let strayKeys = try database.rows(
            """
            SELECT i.key_kind FROM merge_items i LEFT JOIN lead_keys k
                ON k.kind = i.key_kind AND k.scope = i.key_scope AND k.value = i.value
            WHERE i.merge_id = ? AND i.kind = 'key' AND (k.lead_id IS NULL OR k.lead_id != ?)
            """, [.integer(id), .integer(survivor)]
        ) { $0.text(0) }
        return problems + strayKeys.map { "a \($0) key is no longer on lead #\(survivor)" }
    }

    /// Moves what merge `id` moved back to `absorbed`, reopens the duplicate conflict it
    /// settled (as `merged`, or `take-incoming` when resolving that conflict made the merge)
    /// and deletes the conflicts it opened that are still open; one line per thing restored,
    /// and one per thing kept: the chats, calls and tasks that came to the survivor after the
    /// merge stay there (whose they were, no record says: the absorbed lead's keys and contacts
    /// led to the survivor then).
    func moveBack(_ id: Int64, to absorbed: Int64, survivor: Int64) throws -> (restored: [String], kept: [String]) {
        var restored: [String] = []
        var kept = try arrivedAfter(id, on: survivor, absorbed: absorbed)
        for moved in Self.movedTables {
            try database.run(
                "UPDATE \(moved.table) SET lead_id = ? WHERE id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = ?)",
                [.integer(absorbed), .integer(id), .text(moved.kind)])
            let count =
                try database.scalar(
                    "SELECT count(*) FROM merge_items WHERE merge_id = ? AND kind = ?",
                    [.integer(id), .text(moved.kind)])
                ?? 0
            if count > 0 { restored.append("\(count) \(moved.noun) back on lead #\(absorbed)") }
        }
        try database.run(
            """
            UPDATE lead_keys SET lead_id = ? WHERE EXISTS (SELECT 1 FROM merge_items i WHERE i.merge_id = ?
                AND i.kind = 'key' AND i.key_kind = lead_keys.kind AND i.key_scope = lead_keys.scope AND i.value = lead_keys.value)
            """, [.integer(absorbed), .integer(id)])
        if database.changes > 0 { restored.append("\(database.changes) visitor keys back on lead #\(absorbed)") }
        try database.run(
            """
            UPDATE conflicts SET status = 'open', resolution = NULL, resolved_at = NULL, resolved_by = NULL
            WHERE resolution IN ('merged', 'take-incoming')
                AND id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'resolved')
            """, [.integer(id)])
        if database.changes > 0 { restored.append("the duplicate-leads conflict is open again") }
        try database.run(
            "DELETE FROM conflicts WHERE status = 'open' AND id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'opened')",
            [.integer(id)])
        if database.changes > 0 { restored.append("\(database.changes) conflicts the merge opened are gone") }
        let settled =
            try database.scalar(
                "SELECT count(*) FROM conflicts WHERE id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'opened')",
                [.integer(id)]) ?? 0
        if settled > 0 {
            kept.append("\(settled) conflicts the merge opened were settled since and stay on lead #\(survivor)")
        }
        return (restored, kept)
    }

    /// "after the merge, lead #7 gained 1 chat and 2 tasks; these stay on it, though they may be
    /// lead #8's", or nothing when it gained none: lead `survivor`'s rows numbered above the
    /// highest of their table when merge `id` was made (a merge made before jivocrm kept those
    /// numbers has none, and says nothing).
    private func arrivedAfter(_ id: Int64, on survivor: Int64, absorbed: Int64) throws -> [String] {
        var parts: [String] = []
        for table in Self.arrivingTables {
            let count =
                try database.scalar(
                    """
                    SELECT count(*) FROM \(table.name) WHERE lead_id = ? AND id > (SELECT row_id FROM merge_items
                        WHERE merge_id = ? AND kind = ?)
                    """, [.integer(survivor), .integer(id), .text(table.watermark)]) ?? 0
            if count > 0 { parts.append("\(count) \(table.noun)\(count == 1 ? "" : "s")") }
        }
        guard let last = parts.popLast() else { return [] }
        let gained = parts.isEmpty ? last : parts.joined(separator: ", ") + " and " + last
        return [
            "after the merge, lead #\(survivor) gained \(gained); these stay on it, though they may be lead #\(absorbed)'s"
        ]
    }

    /// The survivor's values before and after merge `id`.
    func values(_ id: Int64) throws -> (before: Values, after: Values)? {
        try database.first(
            """
            SELECT name_before, description_before, crm_link_before, activity_before,
                   name_after, description_after, crm_link_after, activity_after FROM merges WHERE id = ?
            """, [.integer(id)]
        ) {
            (
                Values(texts: [$0.optionalText(0), $0.optionalText(1), $0.optionalText(2)], activity: $0.int(3)),
                Values(texts: [$0.optionalText(4), $0.optionalText(5), $0.optionalText(6)], activity: $0.int(7))
            )
        }
    }

    /// Takes lead `absorbed` out of its merge and marks merge `id` undone.
    func markUndone(_ id: Int64, absorbed: Int64, at: Int64, by actor: String) throws {
        try database.run("UPDATE leads SET merged_into = NULL WHERE id = ?", [.integer(absorbed)])
        try database.run(
            "UPDATE merges SET undone_at = ?, undone_by = ? WHERE id = ?", [.integer(at), .text(actor), .integer(id)])
    }

    /// The latest merge of `absorbed` into `survivor` not undone yet.
    func openMerge(survivor: Int64, absorbed: Int64) throws -> Int64? {
        try database.scalar(
            "SELECT max(id) FROM merges WHERE survivor_id = ? AND absorbed_id = ? AND undone_at IS NULL",
            [.integer(survivor), .integer(absorbed)])
    }
}
