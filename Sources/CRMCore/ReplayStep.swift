/// What replaying one operator audit entry does in the new store, read from the entry alone:
/// the operation to carry over, or that the entry is a consequence of another one (a fill, a
/// conflict opened, a merge's moves) and carries nothing. Ids in a step are the old store's;
/// the replay maps leads, tasks, notes and conflicts to their counterparts.
public enum ReplayStep: Sendable, Equatable {
    /// Recorded by an import: counted, not replayed (imported people are not in the inbox).
    case imported
    /// A consequence of another entry or of an event: nothing to carry.
    case consequence
    /// The note was edited or deleted: it is carried once, with the text it has now.
    case noteChanged
    /// An edit of a contact field.
    case edit(ContactEdit)
    /// A custom field set to `content`, keeping its link and key as the old lead has them.
    case setField(title: String, content: String)
    /// A custom field removed.
    case removeField(title: String)
    /// A custom field moved (positions from 0).
    case moveField(from: Int, to: Int)
    /// The status set.
    case status(LeadStatus)
    /// The manager assigned, by login.
    case assign(login: String)
    /// Conflict `conflict` resolved with `resolution`; a split names the lead it created.
    case resolve(conflict: Int64, resolution: Resolution, splitLead: Int64?)
    /// A change to the email or phone list.
    case contacts(ContactField, ContactChange)
    /// The operator's latest change undone.
    case undo
    /// Task `task` added by hand.
    case addTask(task: Int64)
    /// Task `task` reopened.
    case reopenTask(task: Int64)
    /// Task `task` marked done.
    case completeTask(task: Int64)
    /// Note `note` added.
    case addNote(note: Int64)
    /// Lead `absorbed` merged into the entry's lead.
    case merge(absorbed: Int64)
    /// The merge of lead `absorbed` into the entry's lead undone.
    case unmerge(absorbed: Int64)

    /// Actions that only follow from another entry or an event.
    private static let consequences: Set<String> = [
        "fill", "conflict", "merged", "unmerged", "created", "manager", "attributes", "attach", "erase", "title",
    ]

    /// Reads `entry`; throws, saying why, when it cannot be carried.
    public init(_ entry: AuditEntry) throws(CRMError) {
        let detail = entry.detail ?? ""
        if entry.action == "import" {
            self = .imported
            return
        }
        if Self.consequences.contains(entry.action) || detail.hasPrefix("from ") || detail == "rule: import" {
            self = .consequence
            return
        }
        let numbered = Int64(detail.split(separator: "#").last?.split(separator: " ").first ?? "")
        switch entry.action {
        case "edit":
            guard let field = ContactField(rawValue: entry.field ?? ""), field != .duplicate else {
                throw CRMError.invalidArgument("unknown field")
            }
            var edit = ContactEdit()
            edit[field] = entry.after ?? ""
            self = .edit(edit)
        case "field":
            let title = entry.field ?? ""
            if detail == "removed" {
                self = .removeField(title: title)
            } else if detail.hasPrefix("moved from ") {
                let numbers = detail.split(separator: " ").compactMap { Int($0) }
                guard numbers.count == 2 else { throw CRMError.invalidArgument("unreadable move") }
                self = .moveField(from: numbers[0] - 1, to: numbers[1] - 1)
            } else {
                self = .setField(title: title, content: entry.after ?? "")
            }
        case "status": self = .status(try LeadStatus.parse(entry.after ?? ""))
        case "assign": self = .assign(login: entry.after ?? "")
        case "resolve": self = try Self.resolution(detail)
        case "contacts": self = .contacts(entry.field == "email" ? .email : .phone, try Self.contactChange(entry))
        case "undo": self = .undo
        case "note" where detail.hasSuffix(" edited") || detail.hasSuffix(" deleted"): self = .noteChanged
        case "note":
            guard let numbered else { throw CRMError.notFound("the note is gone from the store") }
            self = .addNote(note: numbered)
        case "task" where detail.contains(" added"):
            guard let numbered else { throw CRMError.notFound("the task is gone from the store") }
            self = .addTask(task: numbered)
        case "task":
            guard let numbered else { throw CRMError.notFound("the task has no counterpart") }
            if detail.hasSuffix(" reopened") {
                self = .reopenTask(task: numbered)
            } else if detail.hasSuffix(" done") {
                self = .completeTask(task: numbered)
            } else {
                throw CRMError.notFound("the task has no counterpart")
            }
        case "merge":
            guard let numbered else { throw CRMError.notFound("the merged lead has no counterpart") }
            self = .merge(absorbed: numbered)
        case "unmerge":
            guard let numbered else { throw CRMError.notFound("the undone merge has no counterpart") }
            self = .unmerge(absorbed: numbered)
        default:
            throw CRMError.invalidArgument("replay does not know this action")
        }
    }

    /// A resolution's audit detail ("conflict #4: split, new lead #9").
    private static func resolution(_ detail: String) throws(CRMError) -> ReplayStep {
        let words = detail.split(whereSeparator: { $0 == " " || $0 == "#" || $0 == ":" || $0 == "," })
        guard words.count >= 3, let conflict = Int64(words[1]), let resolution = Resolution(rawValue: String(words[2]))
        else { throw CRMError.notFound("the conflict is gone from the store") }
        let split = detail.contains("new lead #") ? words.last.flatMap { Int64($0) } : nil
        return .resolve(conflict: conflict, resolution: resolution, splitLead: split)
    }

    /// The contacts change an audit entry of a contact-list edit records ("added as email 2",
    /// "email 2 replaced", "email 3 removed", "email moved from 3 to 1").
    private static func contactChange(_ entry: AuditEntry) throws(CRMError) -> ContactChange {
        let detail = entry.detail ?? ""
        let numbers = detail.split(separator: " ").compactMap { Int($0) }.map { $0 - 1 }
        if detail.hasPrefix("added as "), let after = entry.after { return .add(after) }
        if detail.hasSuffix(" replaced"), numbers.count == 1, let after = entry.after {
            return .replace(numbers[0], after)
        }
        if detail.hasSuffix(" removed"), numbers.count == 1 { return .remove(numbers[0]) }
        if detail.contains(" moved from "), numbers.count == 2 { return .move(from: numbers[0], to: numbers[1]) }
        throw CRMError.invalidArgument("unreadable contacts change")
    }

    /// The incoming matching form a resolved conflict has in the new store: the same value,
    /// except that a duplicate-leads conflict (`lead:N`) names the other lead's counterpart, or
    /// an error when that lead has none.
    public static func counterpartIncoming(field: String, normalized: String, leads: [Int64: Int64])
        throws(CRMError) -> String
    {
        guard field == ContactField.duplicate.rawValue else { return normalized }
        guard let other = Int64(normalized.dropFirst("lead:".count)), let mapped = leads[other] else {
            throw CRMError.notFound("the other lead has no counterpart")
        }
        return "lead:\(mapped)"
    }
}
