/// How a change of an ``OperationPart`` is told: what an operation did ("status of #12 set to
/// Won"), what undoing it does ("status of #12 back to Unsorted"), or what changed since and
/// stops an undo ("status of #12 changed to Lost since").
public enum OperationWords {
    /// Which way a change is told.
    public enum Telling: Sendable {
        /// As done: "status of #12 set to Won".
        case done
        /// As undone: "status of #12 back to Unsorted".
        case undone
        /// As a change made since: "status of #12 changed to Lost since". It goes into an error
        /// message, so the lead's own values (its name, contacts, notes) are not repeated.
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

    /// The change of `part` of lead `lead` from the recorded value `from` to `to` in words, or
    /// nil for a change that follows from another one (a task's assignee follows the lead's
    /// manager). `manager` gives a manager's login by id.
    public static func describe(
        _ part: OperationPart, lead: Int64, from: String?, to: String?, _ telling: Telling,
        manager: (Int64) throws -> String?
    ) rethrows -> String? {
        let old = OperationPart.decode(from)
        let new = OperationPart.decode(to)
        switch part {
        case .column(let column):
            let name = column == "manager_id" ? "manager" : column
            if telling == .changedSince, column != "status", column != "manager_id" {
                return "\(name) of #\(lead) changed since"
            }
            let value = try words(column, new.first?.first ?? .null, manager: manager)
            return "\(name) of #\(lead) \(telling.verb) \(value)\(telling.suffix)"
        case .list(let name):
            let title = name == "fields" ? "custom fields" : name
            if telling == .changedSince { return "\(title) of #\(lead) changed since" }
            let values = new.map { row in
                name == "fields" ? "\(text(row, 1))=\(text(row, 2))" : text(row, 1)
            }
            return "\(title) of #\(lead) \(telling.verb) "
                + (values.isEmpty ? "none" : values.joined(separator: ", ")) + telling.suffix
        case .row(let kind, let id):
            guard !new.isEmpty else { return "\(kind) #\(id) on #\(lead) removed\(telling.suffix)" }
            guard !old.isEmpty else {
                return "\(kind) #\(id) on #\(lead) \(telling == .undone ? "restored" : "added")\(telling.suffix)"
            }
            let fields = OperationPart.rows.first { $0.kind == kind }?.fields ?? []
            let status = fields.firstIndex(of: "status") ?? -1
            if kind == "task", text(old[0], status) == text(new[0], status) { return nil }
            if kind == "note", telling == .changedSince { return "note #\(id) changed since" }
            let value =
                switch kind {
                case "task", "conflict": text(new[0], status)
                default: "\"" + text(new[0], fields.firstIndex(of: "text") ?? -1) + "\""
                }
            return "\(kind) #\(id) \(telling.verb) \(value)\(telling.suffix)"
        }
    }

    private static func words(_ column: String, _ value: OperationPart.Value, manager: (Int64) throws -> String?)
        rethrows -> String
    {
        switch (column, value) {
        case (_, .null): return "none"
        case ("status", .text(let raw)): return LeadStatus(rawValue: raw)?.label ?? raw
        case ("manager_id", .integer(let id)): return try manager(id) ?? "manager #\(id)"
        case (_, .text(let text)): return text.isEmpty ? "empty" : "\"\(text)\""
        default: return text(value)
        }
    }

    /// Field `index` of a recorded row as text; empty when the row is shorter.
    private static func text(_ row: [OperationPart.Value], _ index: Int) -> String {
        row.indices.contains(index) ? text(row[index]) : ""
    }

    private static func text(_ value: OperationPart.Value) -> String {
        switch value {
        case .null: ""
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): text
        }
    }
}
