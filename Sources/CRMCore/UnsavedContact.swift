import JivoProtocol

/// A value the visitor gave as an email or phone that is none, and so is not saved on a lead.
public struct UnsavedContact: Sendable, Equatable {
    /// ``ContactField/email`` or ``ContactField/phone``.
    public var field: ContactField
    /// The value as given, trimmed.
    public var value: String

    /// The value `value` given as `field`.
    public init(field: ContactField, value: String) {
        self.field = field
        self.value = value
    }

    /// `raw` given as `field` when it is one that has no matching form (`normalized` nil); nil
    /// for a valid value and for none (an empty one is no contact at all).
    public init?(_ field: ContactField, raw: String?, normalized: String?) {
        guard normalized == nil, let value = raw?.trimmingWhitespace, !value.isEmpty else { return nil }
        self.init(field: field, value: value)
    }

    /// The audit action that records one on a lead's trail.
    public static let auditAction = "not saved"

    /// Why it is not saved, in words an operator reads beside the value.
    public var reason: String {
        field == .email ? "not an email address (name@domain)" : "not a phone number (5 to 15 digits)"
    }
}
