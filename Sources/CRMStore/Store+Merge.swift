import CRMCore
import JivoProtocol

/// What undoing a merge gave back, and what it left because it changed after the merge.
public struct UnmergeReport: Sendable, Equatable {
    /// The merge undone.
    public var mergeID: Int64
    /// The lead that had stayed.
    public var survivorID: Int64
    /// The lead restored.
    public var absorbedID: Int64
    /// One line per thing restored ("3 chats back on lead #12").
    public var restored: [String] = []
    /// One line per thing left as it is now, because it changed after the merge.
    public var kept: [String] = []
}

extension Store {
    /// The kinds of moved rows a merge records, with their tables and the words that name them.
    private static let movedTables: [(kind: String, table: String, noun: String)] = [
        ("chat", "chats", "chats"), ("call", "calls", "calls"), ("task", "tasks", "tasks"),
        ("note", "notes", "notes"), ("conflict", "conflicts", "conflicts"),
    ]

    /// Merges lead `absorbed` into `survivor`: its emails and phones become additional values
    /// (disagreeing names become conflicts), its chats, calls, tasks, notes, keys and conflicts
    /// move over, and it is marked merged (kept for the audit trail). Then `edit` is applied to
    /// the survivor (the values the operator chose to keep). Everything needed to undo it is
    /// recorded in `merges` and `merge_items`; returns the merge's id.
    @discardableResult
    public func merge(_ absorbed: Int64, into survivor: Int64, actor: String, edit: ContactEdit = ContactEdit()) throws
        -> Int64
    {
        guard absorbed != survivor else { throw CRMError.invalidArgument("a lead cannot be merged into itself") }
        return try database.write {
            let source = try requireLead(absorbed)
            let target = try requireLead(survivor)
            for id in [absorbed, survivor] {
                if let into = try mergedInto(id) {
                    throw CRMError.conflict(
                        "lead #\(id) was already merged into lead #\(into); merge into #\(into) instead")
                }
            }
            let lastConflict = try database.scalar("SELECT coalesce(max(id), 0) FROM conflicts") ?? 0
            try database.run(
                """
                INSERT INTO merges(survivor_id, absorbed_id, at, actor, name_before, description_before,
                    crm_link_before, activity_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(survivor), .integer(absorbed), .integer(clock()), .text(actor), .text(target.name),
                    .text(target.description), SQLValue(target.crmLink), .integer(target.lastActivityAt),
                ])
            let mergeID = database.lastInsertID
            for (table, field) in [("lead_emails", "email"), ("lead_phones", "phone")] {
                try recordContacts(mergeID, kind: field + "_before", table: table, lead: survivor)
                try recordContacts(mergeID, kind: field + "_absorbed", table: table, lead: absorbed)
            }
            for moved in Self.movedTables {
                try database.run(
                    "INSERT INTO merge_items(merge_id, kind, row_id) SELECT ?, ?, id FROM \(moved.table) WHERE lead_id = ?",
                    [.integer(mergeID), .text(moved.kind), .integer(absorbed)])
            }
            try database.run(
                "INSERT INTO merge_items(merge_id, kind, key_kind, key_scope, value) SELECT ?, 'key', kind, scope, value FROM lead_keys WHERE lead_id = ?",
                [.integer(mergeID), .integer(absorbed)])
            try database.run(
                """
                INSERT INTO merge_items(merge_id, kind, row_id) SELECT ?1, 'resolved', id FROM conflicts
                WHERE field = 'duplicate' AND status = 'open'
                    AND ((lead_id = ?2 AND other_lead_id = ?3) OR (lead_id = ?3 AND other_lead_id = ?2))
                """, [.integer(mergeID), .integer(survivor), .integer(absorbed)])

            for (table, values) in [("lead_emails", source.emails), ("lead_phones", source.phones)] {
                for value in values {
                    try addContact(table, lead: survivor, value: value.value, normalized: value.normalized)
                }
                try database.run("DELETE FROM \(table) WHERE lead_id = ?", [.integer(absorbed)])
            }
            for moved in Self.movedTables {
                try database.run(
                    "UPDATE \(moved.table) SET lead_id = ? WHERE lead_id = ?", [.integer(survivor), .integer(absorbed)])
            }
            try database.run(
                "UPDATE lead_keys SET lead_id = ? WHERE lead_id = ?", [.integer(survivor), .integer(absorbed)])
            try database.run(
                "UPDATE conflicts SET status = 'resolved', resolution = 'merged', resolved_at = ?, resolved_by = ? "
                    + "WHERE id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'resolved')",
                [.integer(clock()), .text(actor), .integer(mergeID)])
            try database.run("UPDATE leads SET merged_into = ? WHERE id = ?", [.integer(survivor), .integer(absorbed)])
            try database.run("DELETE FROM lead_search WHERE rowid = ?", [.integer(absorbed)])
            let visitor = Visitor(
                name: source.name.isEmpty ? nil : source.name,
                description: source.description.isEmpty ? nil : source.description)
            try applyVisitor(visitor, to: survivor, excluding: [], eventID: nil, at: clock(), actor: actor)
            try touchActivity(survivor, at: source.lastActivityAt)
            try audit(
                actor: actor, lead: survivor, action: "merge", detail: "merge #\(mergeID): lead #\(absorbed) merged in")
            try audit(
                actor: actor, lead: absorbed, action: "merged",
                detail: "merge #\(mergeID): merged into lead #\(survivor)")
            try bumpVersion(survivor)
            try refreshSearch(survivor)
            if !edit.isEmpty { try unrecorded { try applyEdit(survivor, edit, actor: actor) } }

            try database.run(
                "INSERT INTO merge_items(merge_id, kind, row_id) SELECT ?, 'opened', id FROM conflicts WHERE id > ? AND lead_id = ?",
                [.integer(mergeID), .integer(lastConflict), .integer(survivor)])
            for (table, field) in [("lead_emails", "email"), ("lead_phones", "phone")] {
                try recordContacts(mergeID, kind: field + "_after", table: table, lead: survivor)
            }
            let after = try requireLead(survivor)
            try database.run(
                "UPDATE merges SET name_after = ?, description_after = ?, crm_link_after = ?, activity_after = ? WHERE id = ?",
                [
                    .text(after.name), .text(after.description), SQLValue(after.crmLink),
                    .integer(after.lastActivityAt), .integer(mergeID),
                ])
            return mergeID
        }
    }

    /// Merge `id`, or nil if there is none (it is removed with either of its leads).
    public func mergeRecord(_ id: Int64) throws -> MergeRecord? {
        try database.first(
            "SELECT id, survivor_id, absorbed_id, at, actor, undone_at, undone_by FROM merges WHERE id = ?",
            [.integer(id)],
            Self.mergeRow)
    }

    /// The merges lead `id` took part in (as survivor or absorbed), newest first.
    public func merges(lead id: Int64) throws -> [MergeRecord] {
        try database.rows(
            """
            SELECT id, survivor_id, absorbed_id, at, actor, undone_at, undone_by FROM merges
            WHERE survivor_id = ?1 OR absorbed_id = ?1 ORDER BY id DESC
            """, [.integer(id)], Self.mergeRow)
    }

    private static func mergeRow(_ row: Statement) -> MergeRecord {
        MergeRecord(
            id: row.int(0), survivorID: row.int(1), absorbedID: row.int(2), at: row.int(3), actor: row.text(4),
            undoneAt: row.optionalInt(5), undoneBy: row.optionalText(6))
    }

    /// Undoes merge `mergeID`: the absorbed lead comes back with its emails and phones, and the
    /// chats, calls, tasks, notes, conflicts and keys the merge moved go back to it; the
    /// survivor gets back its emails, phones, name, description, crm_link and last activity as
    /// they were before the merge. What changed on the survivor after the merge (a new phone, a
    /// renamed lead) stays and is listed in the report's `kept`.
    ///
    /// Refuses, changing nothing, when that cannot be done faithfully: the merge was undone
    /// already, a lead was merged again since, or something the merge moved is no longer on
    /// the survivor (an email removed, a chat split off). Both leads are audited.
    @discardableResult
    public func unmerge(_ mergeID: Int64, actor: String) throws -> UnmergeReport {
        try database.write {
            guard let record = try mergeRecord(mergeID) else {
                throw CRMError.notFound(
                    "there is no merge #\(mergeID); the audit trail of the lead that stayed (`jivocrm show ID`) names its merges"
                )
            }
            if let undoneAt = record.undoneAt {
                throw CRMError.conflict(
                    "merge #\(mergeID) was already undone at \(Timestamp.iso8601(milliseconds: undoneAt)) by \(record.undoneBy ?? "?")"
                )
            }
            let survivor = record.survivorID
            let absorbed = record.absorbedID
            if let into = try mergedInto(survivor) {
                throw CRMError.conflict(
                    "lead #\(survivor) was itself merged into lead #\(into) after merge #\(mergeID); undo that merge first"
                )
            }
            guard try mergedInto(absorbed) == survivor else {
                throw CRMError.conflict("lead #\(absorbed) is no longer merged into lead #\(survivor); nothing to undo")
            }
            var report = UnmergeReport(mergeID: mergeID, survivorID: survivor, absorbedID: absorbed)
            var problems: [String] = []
            for moved in Self.movedTables {
                let strays = try database.rows(
                    """
                    SELECT i.row_id FROM merge_items i LEFT JOIN \(moved.table) t ON t.id = i.row_id
                    WHERE i.merge_id = ? AND i.kind = ? AND (t.id IS NULL OR t.lead_id != ?) ORDER BY i.row_id
                    """, [.integer(mergeID), .text(moved.kind), .integer(survivor)]
                ) { $0.int(0) }
                problems += strays.map { "\(moved.kind) #\($0) is no longer on lead #\(survivor)" }
            }
            let strayKeys = try database.rows(
                """
                SELECT i.key_kind FROM merge_items i LEFT JOIN lead_keys k
                    ON k.kind = i.key_kind AND k.scope = i.key_scope AND k.value = i.value
                WHERE i.merge_id = ? AND i.kind = 'key' AND (k.lead_id IS NULL OR k.lead_id != ?)
                """, [.integer(mergeID), .integer(survivor)]
            ) { $0.text(0) }
            problems += strayKeys.map { "a \($0) key is no longer on lead #\(survivor)" }
            var plans: [(table: String, field: String, rows: [MergeContact])] = []
            for (table, field) in [("lead_emails", "email"), ("lead_phones", "phone")] {
                let before = try mergeContacts(mergeID, kind: field + "_before")
                let after = try mergeContacts(mergeID, kind: field + "_after")
                let current = try contactRows(table, lead: survivor)
                let afterSet = Set(after.map(\.normalized))
                let beforeSet = Set(before.map(\.normalized))
                let currentSet = Set(current.map(\.normalized))
                for gone in after where !beforeSet.contains(gone.normalized) && !currentSet.contains(gone.normalized) {
                    problems.append(
                        "the \(field) \(gone.value) the merge brought to lead #\(survivor) was removed since")
                }
                var rows = before.filter { currentSet.contains($0.normalized) || !afterSet.contains($0.normalized) }
                for dropped in before
                where !currentSet.contains(dropped.normalized) && afterSet.contains(dropped.normalized) {
                    report.kept.append(
                        "\(field) \(dropped.value) stays removed from lead #\(survivor) (removed after the merge)")
                }
                var next = (rows.map(\.position).max() ?? -1) + 1
                for added in current where !afterSet.contains(added.normalized) && !beforeSet.contains(added.normalized)
                {
                    rows.append(MergeContact(position: next, value: added.value, normalized: added.normalized))
                    next += 1
                    report.kept.append("\(field) \(added.value) stays on lead #\(survivor) (added after the merge)")
                }
                plans.append((table, field, rows))
            }
            guard problems.isEmpty else {
                throw CRMError.conflict(
                    "merge #\(mergeID) cannot be undone safely: " + problems.joined(separator: "; ")
                        + ". Put those back on lead #\(survivor) and try again, or separate the leads by hand (`jivocrm edit`, `jivocrm resolve --split`)"
                )
            }

            for moved in Self.movedTables {
                try database.run(
                    "UPDATE \(moved.table) SET lead_id = ? WHERE id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = ?)",
                    [.integer(absorbed), .integer(mergeID), .text(moved.kind)])
                let count =
                    try database.scalar(
                        "SELECT count(*) FROM merge_items WHERE merge_id = ? AND kind = ?",
                        [.integer(mergeID), .text(moved.kind)]) ?? 0
                if count > 0 { report.restored.append("\(count) \(moved.noun) back on lead #\(absorbed)") }
            }
            try database.run(
                """
                UPDATE lead_keys SET lead_id = ? WHERE EXISTS (SELECT 1 FROM merge_items i WHERE i.merge_id = ?
                    AND i.kind = 'key' AND i.key_kind = lead_keys.kind AND i.key_scope = lead_keys.scope AND i.value = lead_keys.value)
                """, [.integer(absorbed), .integer(mergeID)])
            if database.changes > 0 {
                report.restored.append("\(database.changes) visitor keys back on lead #\(absorbed)")
            }
            try database.run(
                """
                UPDATE conflicts SET status = 'open', resolution = NULL, resolved_at = NULL, resolved_by = NULL
                WHERE resolution = 'merged' AND id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'resolved')
                """, [.integer(mergeID)])
            if database.changes > 0 { report.restored.append("the duplicate-leads conflict is open again") }
            try database.run(
                "DELETE FROM conflicts WHERE status = 'open' AND id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'opened')",
                [.integer(mergeID)])
            if database.changes > 0 {
                report.restored.append("\(database.changes) conflicts the merge opened are gone")
            }
            let settled =
                try database.scalar(
                    "SELECT count(*) FROM conflicts WHERE id IN (SELECT row_id FROM merge_items WHERE merge_id = ? AND kind = 'opened')",
                    [.integer(mergeID)]) ?? 0
            if settled > 0 {
                report.kept.append(
                    "\(settled) conflicts the merge opened were settled since and stay on lead #\(survivor)")
            }

            for plan in plans {
                try database.run("DELETE FROM \(plan.table) WHERE lead_id = ?", [.integer(survivor)])
                for row in plan.rows {
                    try database.run(
                        "INSERT INTO \(plan.table)(lead_id, position, value, normalized) VALUES (?, ?, ?, ?)",
                        [.integer(survivor), .integer(row.position), .text(row.value), .text(row.normalized)])
                }
                let own = try mergeContacts(mergeID, kind: plan.field + "_absorbed")
                for row in own {
                    try database.run(
                        "INSERT OR IGNORE INTO \(plan.table)(lead_id, position, value, normalized) VALUES (?, ?, ?, ?)",
                        [.integer(absorbed), .integer(row.position), .text(row.value), .text(row.normalized)])
                }
                if !own.isEmpty { report.restored.append("\(own.count) \(plan.field)s back on lead #\(absorbed)") }
            }
            try restoreScalars(record, report: &report)
            try database.run("UPDATE leads SET merged_into = NULL WHERE id = ?", [.integer(absorbed)])
            try database.run(
                "UPDATE merges SET undone_at = ?, undone_by = ? WHERE id = ?",
                [.integer(clock()), .text(actor), .integer(mergeID)])
            try audit(
                actor: actor, lead: survivor, action: "unmerge",
                detail: "merge #\(mergeID) undone: lead #\(absorbed) split back out")
            try audit(
                actor: actor, lead: absorbed, action: "unmerged",
                detail: "merge #\(mergeID) undone: out of lead #\(survivor)")
            for id in [survivor, absorbed] {
                try bumpVersion(id)
                try refreshSearch(id)
            }
            return report
        }
    }

    /// Restores the survivor's name, description, crm_link and last activity where they are
    /// still what the merge left.
    private func restoreScalars(_ record: MergeRecord, report: inout UnmergeReport) throws {
        guard
            let saved = try database.first(
                """
                SELECT name_before, description_before, crm_link_before, activity_before,
                       name_after, description_after, crm_link_after, activity_after FROM merges WHERE id = ?
                """, [.integer(record.id)],
                {
                    (
                        before: [$0.optionalText(0), $0.optionalText(1), $0.optionalText(2)], activityBefore: $0.int(3),
                        after: [$0.optionalText(4), $0.optionalText(5), $0.optionalText(6)], activityAfter: $0.int(7)
                    )
                })
        else { return }
        let lead = try requireLead(record.survivorID)
        let current = [lead.name, lead.description, lead.crmLink]
        for (index, column) in ["name", "description", "crm_link"].enumerated()
        where saved.before[index] != saved.after[index] {
            if current[index] == saved.after[index] {
                try database.run(
                    "UPDATE leads SET \(column) = ? WHERE id = ?",
                    [SQLValue(saved.before[index]), .integer(record.survivorID)])
                report.restored.append("\(column) of lead #\(record.survivorID) as before the merge")
            } else {
                report.kept.append("\(column) of lead #\(record.survivorID) stays as edited after the merge")
            }
        }
        try database.run(
            "UPDATE leads SET last_activity_at = ? WHERE id = ? AND last_activity_at = ?",
            [.integer(saved.activityBefore), .integer(record.survivorID), .integer(saved.activityAfter)])
    }

    /// The lead `id` was merged into, if it was.
    private func mergedInto(_ id: Int64) throws -> Int64? {
        try database.first("SELECT merged_into FROM leads WHERE id = ?", [.integer(id)]) { $0.optionalInt(0) } ?? nil
    }

    private func recordContacts(_ mergeID: Int64, kind: String, table: String, lead: Int64) throws {
        try database.run(
            "INSERT INTO merge_items(merge_id, kind, position, value, normalized) SELECT ?, ?, position, value, normalized FROM \(table) WHERE lead_id = ?",
            [.integer(mergeID), .text(kind), .integer(lead)])
    }

    private func mergeContacts(_ mergeID: Int64, kind: String) throws -> [MergeContact] {
        try database.rows(
            "SELECT position, value, normalized FROM merge_items WHERE merge_id = ? AND kind = ? ORDER BY position",
            [.integer(mergeID), .text(kind)]
        ) { MergeContact(position: $0.int(0), value: $0.text(1), normalized: $0.text(2)) }
    }

    private func contactRows(_ table: String, lead: Int64) throws -> [MergeContact] {
        try database.rows(
            "SELECT position, value, normalized FROM \(table) WHERE lead_id = ? ORDER BY position", [.integer(lead)]
        ) { MergeContact(position: $0.int(0), value: $0.text(1), normalized: $0.text(2)) }
    }
}

/// An email or phone row as a merge recorded it.
private struct MergeContact {
    var position: Int64
    var value: String
    var normalized: String
}
