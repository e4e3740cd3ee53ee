/// A lead's email or phone list after a ``ContactChange``, decided without touching the store:
/// values are checked and normalised as an edit's are, and a value already on the lead is
/// refused.
public struct ContactListEdit: Sendable, Equatable {
    /// The list after the change.
    public var values: [ContactValue]
    /// The value replaced or removed, for the audit.
    public var before: String?
    /// The value added, replacing or moved, for the audit.
    public var after: String?
    /// What happened, for the audit ("phone 2 removed").
    public var detail: String

    /// The list `values` of `field` on lead `lead` after `change`; an error, changing nothing,
    /// when a position is off, a value is not valid or is on the lead already.
    public init(
        lead: Int64, field: ContactField, values: [ContactValue], change: ContactChange,
        normalizer: ContactNormalizer
    ) throws(CRMError) {
        try Self.requireList(field)
        var values = values
        let noun = field.rawValue
        func checked(_ position: Int) throws(CRMError) -> Int {
            guard values.indices.contains(position) else {
                throw CRMError.invalidArgument(
                    values.isEmpty
                        ? "lead #\(lead) has no \(noun)s"
                        : "lead #\(lead) has \(values.count) \(noun)s; positions run from 1 to \(values.count)")
            }
            return position
        }
        func value(_ raw: String) throws(CRMError) -> ContactValue {
            ContactValue(value: raw.trimmingWhitespace, normalized: try normalizer.valid(field, raw))
        }
        func unique(_ new: ContactValue, except position: Int? = nil) throws(CRMError) {
            if let other = values.indices.first(where: { values[$0].normalized == new.normalized && $0 != position }) {
                throw CRMError.conflict("lead #\(lead) already has that \(noun) (number \(other + 1))")
            }
        }
        switch change {
        case .add(let raw):
            let new = try value(raw)
            try unique(new)
            values.append(new)
            (after, detail) = (new.value, "added as \(noun) \(values.count)")
        case .replace(let position, let raw):
            let index = try checked(position)
            let new = try value(raw)
            try unique(new, except: index)
            (before, after, detail) = (values[index].value, new.value, "\(noun) \(index + 1) replaced")
            values[index] = new
        case .remove(let position):
            let removed = values.remove(at: try checked(position))
            (before, detail) = (removed.value, "\(noun) \(position + 1) removed")
        case .move(let from, let to):
            let moved = values.remove(at: try checked(from))
            guard (0...values.count).contains(to) else {
                throw CRMError.invalidArgument(
                    "lead #\(lead) has \(values.count + 1) \(noun)s; positions run from 1 to \(values.count + 1)")
            }
            values.insert(moved, at: to)
            (after, detail) = (moved.value, "\(noun) moved from \(from + 1) to \(to + 1)")
        }
        self.values = values
    }

    /// Refuses a field that is not a list (only emails and phones are).
    public static func requireList(_ field: ContactField) throws(CRMError) {
        guard field == .email || field == .phone else {
            throw CRMError.invalidArgument("only emails and phones are lists; edit the \(field.rawValue) instead")
        }
    }
}

extension ContactNormalizer {
    /// The matching form of `raw` as an email (`field` `.email`) or else a phone; an error that
    /// says what is expected (without repeating the value) when it is not one.
    public func valid(_ field: ContactField, _ raw: String) throws(CRMError) -> String {
        if field == .email {
            guard let normalized = email(raw) else {
                throw CRMError.invalidArgument(
                    "the email given is not an email address (expected name@domain); correct it and try again")
            }
            return normalized
        }
        guard let normalized = phone(raw) else {
            throw CRMError.invalidArgument(
                "the phone given is not a phone number (expected 5 to 15 digits, e.g. +1 408 498-7855); correct it and try again"
            )
        }
        return normalized
    }
}
