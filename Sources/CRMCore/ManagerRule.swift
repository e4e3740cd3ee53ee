/// Which rule chose a lead's manager; written to the audit trail.
public enum ManagerRule: String, Sendable {
    /// The manager whose login equals the JivoChat agent's email.
    case agentLogin = "agent-login"
    /// The default manager.
    case defaultManager = "default"
    /// The next active manager in turn.
    case roundRobin = "round-robin"
    /// No active manager matched and there is no default.
    case none
}

/// Who gets a new lead that no agent's login matches (config `assign`).
public enum AssignmentPolicy: String, Sendable, CaseIterable {
    /// The agent's login, else the default manager (the default policy).
    case agentThenDefault = "agent-then-default"
    /// The agent's login, else the active managers in turn.
    case agentThenRoundRobin = "agent-then-round-robin"
}

extension ManagerRule {
    /// Chooses the manager for a lead that has none: the active manager whose login equals one
    /// of the agents' emails (case-insensitive, in the agents' order); else, by `policy`, the
    /// active default, or the active manager after `lastInTurn` in login order (round robin,
    /// deactivated managers skipped); else none.
    public static func choose(
        agentEmails: [String], managers: [Manager], policy: AssignmentPolicy = .agentThenDefault,
        lastInTurn: String? = nil
    ) -> (Manager?, ManagerRule) {
        let active = managers.filter(\.isActive)
        for email in agentEmails {
            let wanted = email.lowercased()
            if let match = active.first(where: { $0.login.lowercased() == wanted }) {
                return (match, .agentLogin)
            }
        }
        switch policy {
        case .agentThenDefault:
            if let fallback = active.first(where: \.isDefault) { return (fallback, .defaultManager) }
        case .agentThenRoundRobin:
            let turn = active.sorted { $0.login.lowercased() < $1.login.lowercased() }
            let last = lastInTurn?.lowercased() ?? ""
            if let next = turn.first(where: { $0.login.lowercased() > last }) ?? turn.first {
                return (next, .roundRobin)
            }
        }
        return (nil, .none)
    }
}
