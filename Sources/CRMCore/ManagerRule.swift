/// Which rule chose a lead's manager; written to the audit trail.
public enum ManagerRule: String, Sendable {
    /// The manager whose login equals the JivoChat agent's email.
    case agentLogin = "agent-login"
    /// The default manager.
    case defaultManager = "default"
    /// No active manager matched and there is no default.
    case none
}

extension ManagerRule {
    /// Chooses the manager for a lead that has none: the active manager whose login equals one
    /// of the agents' emails (case-insensitive, in the agents' order), else the active default,
    /// else none.
    public static func choose(agentEmails: [String], managers: [Manager]) -> (
        Manager?, ManagerRule
    ) {
        let active = managers.filter(\.isActive)
        for email in agentEmails {
            let wanted = email.lowercased()
            if let match = active.first(where: { $0.login.lowercased() == wanted }) {
                return (match, .agentLogin)
            }
        }
        if let fallback = active.first(where: \.isDefault) { return (fallback, .defaultManager) }
        return (nil, .none)
    }
}
