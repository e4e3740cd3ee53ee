import CRMCore
import CSQLite
import JivoProtocol

/// One operator operation on a lead (a status, an edit, a resolved conflict, a note), as
/// ``Store/undo(actor:)`` can take it back.
public struct OperationRecord: Sendable, Equatable {
    /// Row id: the number `jivocrm undo` takes.
    public var id: Int64
    /// When, Unix milliseconds.
    public var at: Int64
    /// Who did it.
    public var actor: String
    /// The lead it changed.
    public var leadID: Int64
    /// What it did ("status of #12: Unsorted → Won").
    public var summary: String
    /// What undoing it does ("status of #12 back to Unsorted").
    public var undo: String
    /// When it was undone, if it was.
    public var undoneAt: Int64?
    /// Who undid it.
    public var undoneBy: String?
}

/// What ``Store/undo(actor:)`` took back.
public struct UndoReport: Sendable, Equatable {
    /// The operation undone.
    public var operationID: Int64
    /// Its lead.
    public var leadID: Int64
    /// What was undone, in the words of the message ("status of #12 back to Unsorted").
    public var undone: String
}

/// A part of a lead an operation can change: a column of the lead, one of its ordered lists
/// (emails, phones, custom fields), or one of its tasks, notes or conflicts by row id.
private enum UndoPart: Hashable {
    case column(String)
    case list(String)
    case row(String, Int64)

    /// The lead columns operators change.
    static let columns = ["title", "status", "name", "description", "crm_link", "manager_id"]
    /// Ordered lists: name, table, columns (the first is the position).
    static let lists: [(name: String, table: String, columns: [String])] = [
        ("emails", "lead_emails", ["position", "value", "normalized"]),
        ("phones", "lead_phones", ["position", "value", "normalized"]),
        ("fields", "lead_fields", ["position", "title", "content", "link", "key"]),
    ]
    /// Rows by id: kind, table, columns.
    static let rows: [(kind: String, table: String, columns: [String])] = [
        (
            "task", "tasks",
            [
                "lead_id", "kind", "text", "assignee_id", "due_at", "status", "source_key", "created_at", "done_at",
                "done_by",
            ]
        ),
        ("note", "notes", ["lead_id", "at", "author", "text"]),
        (
            "conflict", "conflicts",
            [
                "lead_id", "field", "current", "incoming", "incoming_normalized", "other_lead_id", "event_id", "status",
                "resolution", "created_at", "resolved_at", "resolved_by",
            ]
        ),
    ]

    /// The name stored in `operation_parts`.
    var key: String {
        switch self {
        case .column(let name): "lead." + name
        case .list(let name): name
        case .row(let kind, let id): "\(kind):\(id)"
        }
    }

    /// The part named `key`, or nil for a name this version does not know.
    init?(key: String) {
        if key.hasPrefix("lead."), Self.columns.contains(String(key.dropFirst(5))) {
            self = .column(String(key.dropFirst(5)))
        } else if Self.lists.contains(where: { $0.name == key }) {
            self = .list(key)
        } else if let colon = key.firstIndex(of: ":"), let id = Int64(key[key.index(after: colon)...]),
            Self.rows.contains(where: { $0.kind == key[..<colon] })
        {
            self = .row(String(key[..<colon]), id)
        } else {
            return nil
        }
    }
}

extension Store {
    /// Runs `body` (an operator's change to lead `lead`) as one undoable operation: the parts
    /// of the lead it changed are recorded before and after, with the audit rows it wrote.
    /// Nested operations belong to the outermost one.
    public func operation<T>(lead: Int64, actor: String, _ body: () throws -> T) throws -> T {
        try database.write {
            operationDepth += 1
            defer { operationDepth -= 1 }
            guard operationDepth == 1 else { return try body() }
            let lastAudit = try database.scalar("SELECT coalesce(max(id), 0) FROM audit") ?? 0
            let before = try undoSnapshot(lead)
            let result = try body()
            guard try database.scalar("SELECT 1 FROM leads WHERE id = ?", [.integer(lead)]) != nil else {
                return result
            }
            let after = try undoSnapshot(lead)
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
                .sorted { $0.key < $1.key }
            guard !changed.isEmpty else { return result }
            let summary = try changed.compactMap {
                try describe($0, lead: lead, from: before[$0], to: after[$0], .done)
            }
            let undo = try changed.compactMap { try describe($0, lead: lead, from: after[$0], to: before[$0], .undone) }
            try database.run(
                """
                INSERT INTO operations(at, actor, lead_id, summary, undo, last_audit)
                VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM audit))
                """,
                [
                    .integer(clock()), .text(actor), .integer(lead), .text(summary.joined(separator: "; ")),
                    .text(undo.joined(separator: "; ")),
                ])
            let id = database.lastInsertID
            for part in changed {
                try database.run(
                    "INSERT INTO operation_parts(operation_id, part, before, after) VALUES (?, ?, ?, ?)",
                    [.integer(id), .text(part.key), SQLValue(before[part]), SQLValue(after[part])])
            }
            try database.run(
                "UPDATE audit SET operation_id = ? WHERE id > ? AND operation_id IS NULL",
                [.integer(id), .integer(lastAudit)])
            return result
        }
    }

    /// Runs `body`, the resolution of conflict `id`, as an operation on the conflict's lead;
    /// a split and a merge of duplicates are not recorded: they have their own undo (`U`,
    /// `jivocrm unmerge`).
    func resolveOperation<T>(_ id: Int64, _ resolution: Resolution, actor: String, _ body: () throws -> T) throws
        -> T
    {
        guard
            let (lead, field) = try database.first(
                "SELECT lead_id, field FROM conflicts WHERE id = ?", [.integer(id)], { ($0.int(0), $0.text(1)) })
        else { return try database.write(body) }
        if resolution == .split || (field == ContactField.duplicate.rawValue && resolution == .takeIncoming) {
            return try database.write { try unrecorded(body) }
        }
        return try operation(lead: lead, actor: actor, body)
    }

    /// The lead of task `id` (0 when there is no such task: the operation's body says so).
    func taskLead(_ id: Int64) throws -> Int64 {
        try database.scalar("SELECT lead_id FROM tasks WHERE id = ?", [.integer(id)]) ?? 0
    }

    /// Runs `body` inside an operation without recording one of its own (a merge's edit of the
    /// lead that stays is undone with the merge).
    @discardableResult
    func unrecorded<T>(_ body: () throws -> T) rethrows -> T {
        operationDepth += 1
        defer { operationDepth -= 1 }
        return try body()
    }

    /// The operations of `actor` not undone yet, newest first.
    public func undoableOperations(actor: String, limit: Int = 50) throws -> [OperationRecord] {
        try database.rows(
            """
            SELECT id, at, actor, lead_id, summary, undo, undone_at, undone_by FROM operations
            WHERE actor = ? AND undone_at IS NULL ORDER BY id DESC LIMIT ?
            """, [.text(actor), .integer(Int64(limit))], Self.operationRow)
    }

    /// Operation `id`, or nil if there is none.
    public func operationRecord(_ id: Int64) throws -> OperationRecord? {
        try database.first(
            "SELECT id, at, actor, lead_id, summary, undo, undone_at, undone_by FROM operations WHERE id = ?",
            [.integer(id)], Self.operationRow)
    }

    private static func operationRow(_ row: Statement) -> OperationRecord {
        OperationRecord(
            id: row.int(0), at: row.int(1), actor: row.text(2), leadID: row.int(3), summary: row.text(4),
            undo: row.text(5), undoneAt: row.optionalInt(6), undoneBy: row.optionalText(7))
    }

    /// Undoes the last operation of `actor` that is not undone yet.
    @discardableResult
    public func undo(actor: String) throws -> UndoReport {
        try database.write {
            guard let last = try undoableOperations(actor: actor, limit: 1).first else {
                throw CRMError.notFound("\(actor) has nothing to undo; `jivocrm undo --list` shows what can be undone")
            }
            return try undo(last.id, actor: actor)
        }
    }

    /// Undoes operation `id` of `actor`: the parts of the lead it changed go back to what they
    /// were before it. Refuses, changing nothing, when it was undone already, was someone
    /// else's, or when any of those parts changed since (a webhook or another operator wrote
    /// over it): undoing would overwrite that later change. The undo is audited.
    @discardableResult
    public func undo(_ id: Int64, actor: String) throws -> UndoReport {
        try database.write {
            guard let record = try operationRecord(id) else {
                throw CRMError.notFound("there is no operation #\(id); `jivocrm undo --list` shows what can be undone")
            }
            guard record.actor == actor else {
                throw CRMError.conflict("operation #\(id) was \(record.actor)'s; only \(record.actor) can undo it")
            }
            if let undoneAt = record.undoneAt {
                throw CRMError.conflict(
                    "operation #\(id) (\(record.summary)) was already undone at \(Timestamp.iso8601(milliseconds: undoneAt))"
                )
            }
            let lastAudit =
                try database.scalar("SELECT last_audit FROM operations WHERE id = ?", [.integer(id)]) ?? 0
            let parts = try database.rows(
                "SELECT part, before, after FROM operation_parts WHERE operation_id = ? ORDER BY part", [.integer(id)]
            ) { (key: $0.text(0), before: $0.optionalText(1), after: $0.optionalText(2)) }
            let current = try undoSnapshot(record.leadID)
            var problems: [String] = []
            for part in parts {
                guard let known = UndoPart(key: part.key) else {
                    problems.append("it changed \(part.key), which this jivocrm cannot restore")
                    continue
                }
                if current[known] != part.after {
                    problems.append(
                        try describe(known, lead: record.leadID, from: part.after, to: current[known], .changedSince)
                            ?? "\(known.key) changed since")
                }
            }
            guard problems.isEmpty else {
                let later = try database.first(
                    "SELECT actor, at FROM audit WHERE lead_id = ? AND id > ? ORDER BY id DESC LIMIT 1",
                    [.integer(record.leadID), .integer(lastAudit)]
                ) { "; the last change was by \($0.text(0)) at \(Timestamp.iso8601(milliseconds: $0.int(1)))" }
                throw CRMError.conflict(
                    "cannot undo \(record.summary): undoing would overwrite a later change ("
                        + problems.joined(separator: "; ") + ")\(later ?? "")")
            }
            for part in parts {
                guard let known = UndoPart(key: part.key) else { continue }
                try restore(known, lead: record.leadID, to: part.before)
            }
            try database.run(
                "UPDATE operations SET undone_at = ?, undone_by = ? WHERE id = ?",
                [.integer(clock()), .text(actor), .integer(id)])
            try audit(actor: actor, lead: record.leadID, action: "undo", detail: "operation #\(id): \(record.undo)")
            try bumpVersion(record.leadID)
            try refreshSearch(record.leadID)
            return UndoReport(operationID: id, leadID: record.leadID, undone: record.undo)
        }
    }

    // MARK: Snapshots

    /// Every part of lead `lead` an operation can change, each encoded as JSON rows.
    private func undoSnapshot(_ lead: Int64) throws -> [UndoPart: String] {
        var parts: [UndoPart: String] = [:]
        let columns = UndoPart.columns
        if let row = try database.first(
            "SELECT \(columns.joined(separator: ", ")) FROM leads WHERE id = ?", [.integer(lead)],
            { row in columns.indices.map { Self.jsonValue(row, $0) } })
        {
            for (index, column) in columns.enumerated() {
                parts[.column(column)] = JSONValue.array([.array([row[index]])]).serialized()
            }
        }
        for list in UndoPart.lists {
            let rows = try database.rows(
                "SELECT \(list.columns.joined(separator: ", ")) FROM \(list.table) WHERE lead_id = ? ORDER BY position",
                [.integer(lead)]
            ) { row in JSONValue.array(list.columns.indices.map { Self.jsonValue(row, $0) }) }
            parts[.list(list.name)] = JSONValue.array(rows).serialized()
        }
        for kind in UndoPart.rows {
            try database.query(
                "SELECT id, \(kind.columns.joined(separator: ", ")) FROM \(kind.table) WHERE lead_id = ?",
                [.integer(lead)]
            ) { row in
                let values = kind.columns.indices.map { Self.jsonValue(row, $0 + 1) }
                parts[.row(kind.kind, row.int(0))] = JSONValue.array([.array(values)]).serialized()
            }
        }
        return parts
    }

    private static func jsonValue(_ row: Statement, _ index: Int) -> JSONValue {
        let column = Int32(index)
        switch sqlite3_column_type(row.handle, column) {
        case SQLITE_INTEGER: return .number(String(row.int(column)))
        case SQLITE_TEXT: return .string(row.text(column))
        default: return .null
        }
    }

    private static func decode(_ encoded: String?) -> [[SQLValue]] {
        guard let encoded, let rows = try? JSONParser.parse(Array(encoded.utf8)).arrayValue else { return [] }
        return rows.map { row in
            (row.arrayValue ?? []).map { value in
                switch value {
                case .number(let text): Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .null
                case .string(let text): .text(text)
                default: .null
                }
            }
        }
    }

    /// Puts part `part` of lead `lead` back to `encoded` (nil: the row did not exist).
    private func restore(_ part: UndoPart, lead: Int64, to encoded: String?) throws {
        let rows = Self.decode(encoded)
        switch part {
        case .column(let column):
            try database.run(
                "UPDATE leads SET \(column) = ? WHERE id = ?", [rows.first?.first ?? .null, .integer(lead)])
        case .list(let name):
            guard let list = UndoPart.lists.first(where: { $0.name == name }) else { return }
            try database.run("DELETE FROM \(list.table) WHERE lead_id = ?", [.integer(lead)])
            let marks = Array(repeating: "?", count: list.columns.count + 1).joined(separator: ", ")
            for row in rows {
                try database.run(
                    "INSERT INTO \(list.table)(lead_id, \(list.columns.joined(separator: ", "))) VALUES (\(marks))",
                    [.integer(lead)] + row)
            }
        case .row(let kind, let id):
            guard let spec = UndoPart.rows.first(where: { $0.kind == kind }) else { return }
            guard let row = rows.first else {
                try database.run("DELETE FROM \(spec.table) WHERE id = ?", [.integer(id)])
                return
            }
            let marks = Array(repeating: "?", count: spec.columns.count + 1).joined(separator: ", ")
            try database.run(
                "INSERT OR REPLACE INTO \(spec.table)(id, \(spec.columns.joined(separator: ", "))) VALUES (\(marks))",
                [.integer(id)] + row)
        }
    }

    // MARK: Words

    /// Which way ``describe(_:lead:from:to:_:)`` speaks of a change.
    private enum Telling {
        /// As done: "status of #12 set to Won".
        case done
        /// As undone: "status of #12 back to Unsorted".
        case undone
        /// As a change made since: "status of #12 changed to Lost since".
        case changedSince

        var verb: String {
            switch self {
            case .done: "set to"
            case .undone: "back to"
            case .changedSince: "changed to"
            }
        }
        var suffix: String { self == .changedSince ? " since" : "" }
    }

    /// The change of `part` from `from` to `to` in words ("status of #12 back to Unsorted"), or
    /// nil for a change that follows from another one (a task's assignee follows the lead's).
    private func describe(_ part: UndoPart, lead: Int64, from: String?, to: String?, _ telling: Telling) throws
        -> String?
    {
        let old = Self.decode(from)
        let new = Self.decode(to)
        switch part {
        case .column(let column):
            let name = column == "manager_id" ? "manager" : column
            return
                "\(name) of #\(lead) \(telling.verb) \(try words(column, new.first?.first ?? .null))\(telling.suffix)"
        case .list(let name):
            let values = new.map { row in
                name == "fields" ? "\(Self.text(row, 1))=\(Self.text(row, 2))" : Self.text(row, 1)
            }
            return "\(name == "fields" ? "custom fields" : name) of #\(lead) \(telling.verb) "
                + (values.isEmpty ? "none" : values.joined(separator: ", ")) + telling.suffix
        case .row(let kind, let id):
            guard !new.isEmpty else { return "\(kind) #\(id) on #\(lead) removed\(telling.suffix)" }
            guard !old.isEmpty else {
                return "\(kind) #\(id) on #\(lead) \(telling == .undone ? "restored" : "added")\(telling.suffix)"
            }
            if kind == "task", Self.text(old[0], 5) == Self.text(new[0], 5) { return nil }
            let value =
                switch kind {
                case "task": Self.text(new[0], 5)
                case "conflict": Self.text(new[0], 7)
                default: "\"" + Self.text(new[0], 3) + "\""
                }
            return "\(kind) #\(id) \(telling.verb) \(value)\(telling.suffix)"
        }
    }

    private func words(_ column: String, _ value: SQLValue) throws -> String {
        switch (column, value) {
        case (_, .null): return "none"
        case ("status", .text(let raw)): return LeadStatus(rawValue: raw)?.label ?? raw
        case ("manager_id", .integer(let id)): return try manager(id: id)?.login ?? "manager #\(id)"
        case (_, .text(let text)): return text.isEmpty ? "empty" : "\"\(text)\""
        default: return Self.text(value)
        }
    }

    /// Column `index` of a decoded row as text; empty when the row is shorter.
    private static func text(_ row: [SQLValue], _ index: Int) -> String {
        row.indices.contains(index) ? text(row[index]) : ""
    }

    private static func text(_ value: SQLValue) -> String {
        switch value {
        case .null, .blob: ""
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): text
        }
    }
}

extension OperationRecord {
    /// The stable `undo --list --json` object.
    public var json: JSONValue {
        .object([
            "id": .int(id), "at": .time(at), "actor": .string(actor), "lead_id": .int(leadID),
            "summary": .string(summary), "undo": .string(undo), "undone_at": .time(undoneAt),
            "undone_by": .optional(undoneBy),
        ])
    }
}

extension UndoReport {
    /// The stable `undo --json` object.
    public var json: JSONValue {
        .object(["operation_id": .int(operationID), "lead_id": .int(leadID), "undone": .string(undone)])
    }
}
