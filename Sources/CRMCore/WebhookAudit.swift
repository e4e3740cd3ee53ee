/// One line of the audit trail a webhook writes about a lead (actor `webhook`), decided without
/// touching the store; the store adds the lead and the time.
public struct WebhookAudit: Sendable, Equatable {
    /// What happened (`created`, `match`, `title`, `fill`, `assign`).
    public var action: String
    /// The field, if one.
    public var field: String?
    /// The value before.
    public var before: String?
    /// The value after.
    public var after: String?
    /// Why, or the rule that decided.
    public var detail: String?

    /// A line of the given values.
    public init(
        action: String, field: String? = nil, before: String? = nil, after: String? = nil, detail: String? = nil
    ) {
        self.action = action
        self.field = field
        self.before = before
        self.after = after
        self.detail = detail
    }

    /// That a valid signed user_token (its `signedBy` contact) matched event `eventID` to the
    /// lead; nil when none did.
    public static func signedMatch(_ signedBy: ContactField?, eventID: Int64) -> WebhookAudit? {
        guard let signedBy else { return nil }
        return WebhookAudit(action: "match", detail: "signed user_token (\(signedBy.rawValue)) from event #\(eventID)")
    }

    /// That `manager` was given to the lead by `rule`; when none was, the reason (`policy`
    /// decides which is missing) for a `created` lead only, else nil.
    public static func assignment(
        _ manager: Manager?, rule: ManagerRule, policy: AssignmentPolicy, created: Bool
    ) -> WebhookAudit? {
        if let manager {
            return WebhookAudit(
                action: "assign", field: "manager", after: manager.login, detail: "rule: \(rule.rawValue)")
        }
        guard created else { return nil }
        return WebhookAudit(
            action: "assign", field: "manager",
            detail: "rule: none (no responsible agent's or agent's login matched and there is no "
                + (policy == .agentThenRoundRobin ? "active manager)" : "default manager)"))
    }
}
