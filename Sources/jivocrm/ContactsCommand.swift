import CRMCore
import CRMStore

/// `jivocrm contacts`: a lead's emails and phones, the first of each being the primary.
enum ContactsCommand: Command {
    static let name = "contacts"
    static let synopsis =
        "contacts LEAD_ID [add email|phone VALUE | replace email|phone N VALUE | remove email|phone N | move email|phone N TO]"
    static let summary = "List, add, replace, remove or reorder a lead's emails and phones."
    static let details = """
        Positions count from 1; the first email and the first phone are the primary ones, which
        replies send (`move email 3 1` makes the third email primary). Without an action, lists
        them. Every change is audited and `jivocrm undo` takes it back. A value another lead holds
        too is saved, and a note on standard error names that lead: a visitor giving it is
        matched to the lower numbered one, so the two are better merged (`jivocrm merge`).

        examples:
          jivocrm contacts 42
          jivocrm contacts 42 add phone "+7 916 123-45-67"
          jivocrm contacts 42 move email 2 1
        """
    static let options: [OptionSpec] = [.flag("--json", "the list as JSON (without an action)")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        let id = try arguments.id(0, "the LEAD_ID")
        let store = try invocation.openStore()
        guard arguments.positionals.count > 1 else {
            guard let lead = try store.lead(id) else {
                throw CRMError.notFound("there is no lead #\(id); `jivocrm leads` lists them")
            }
            if invocation.json {
                Output.json(
                    .object([
                        "emails": .array(lead.emails.map { .string($0.value) }),
                        "phones": .array(lead.phones.map { .string($0.value) }),
                    ]))
            } else {
                for (field, values) in [("email", lead.emails), ("phone", lead.phones)] {
                    for (index, value) in values.enumerated() {
                        Output.line(
                            "\(field) \(index + 1)\(index == 0 ? " (primary)" : ""): \(Output.safe(value.value))")
                    }
                }
            }
            return 0
        }
        let action = try arguments.positional(1, "the action")
        let fieldText = try arguments.positional(2, "email or phone")
        guard let field = ContactField(rawValue: fieldText), field == .email || field == .phone else {
            throw CLIError.usage("'\(fieldText)' is neither email nor phone")
        }
        func position(_ index: Int) throws -> Int {
            let text = try arguments.positional(index, "a position (1 is the primary)")
            guard let number = Int(text), number >= 1 else {
                throw CLIError.usage("'\(text)' is not a position; positions count from 1")
            }
            return number - 1
        }
        let change: ContactChange
        switch action {
        case "add":
            change = .add(try arguments.positional(3, "the VALUE"))
            try arguments.expectPositionals(atMost: 4)
        case "replace":
            change = .replace(try position(3), try arguments.positional(4, "the new VALUE"))
            try arguments.expectPositionals(atMost: 5)
        case "remove":
            change = .remove(try position(3))
            try arguments.expectPositionals(atMost: 4)
        case "move":
            change = .move(from: try position(3), to: try position(4))
            try arguments.expectPositionals(atMost: 5)
        default:
            throw CLIError.usage("unknown contacts action '\(action)'; use add, replace, remove or move")
        }
        try store.changeContacts(id, field, change, actor: invocation.operatorName)
        switch change {
        case .add(let value), .replace(_, let value): try noteOtherHolder(of: [(field, value)], lead: id, store: store)
        case .remove, .move: break
        }
        let lead = try store.lead(id)
        let values = (field == .email ? lead?.emails : lead?.phones) ?? []
        Output.line(
            "lead #\(id) \(field.rawValue)s: "
                + (values.isEmpty ? "none" : values.map { Output.safe($0.value) }.joined(separator: ", "))
                + (values.isEmpty ? "" : " (the first is primary)"))
        return 0
    }

    /// Says on standard error when another lead holds one of `values` (the emails and phones a
    /// change just gave lead `id`): a visitor giving it is matched to the lower numbered lead.
    static func noteOtherHolder(
        of values: [(field: ContactField, value: String?)], lead id: Int64, store: Store
    ) throws {
        guard let shared = try store.otherLead(holdingAnyOf: values, besides: id) else { return }
        Output.error(
            "note: lead #\(shared.lead) holds \(Output.safe(shared.value)) too; `jivocrm merge \(id) \(shared.lead)` "
                + "(or the other way) makes the two one")
    }
}
