/// Which rule chose a lead's manager; written to the audit trail.
public enum ManagerRule: String, Sendable {
    /// The manager whose login equals the email of the client's responsible agent in JivoChat
    /// (`assigned_agent`).
    case assignedAgent = "assigned-agent"
    /// The manager whose login equals the JivoChat agent's email.
    case agentLogin = "agent-login"
    /// The default manager.
    case defaultManager = "default"
    /// No active manager matched and there is no default.
    case none
}

/// Whose login decides a new lead's manager first: JivoChat's responsible agent for the client
/// (`assigned_agent`) or the agent who took the chat (`agent`, `agents`). The other is asked
/// next, then the default manager.
public enum ResponsibleOrder: String, Sendable, CaseIterable {
    /// The responsible agent first: JivoChat's own, deliberate choice of who handles the client.
    case assignedAgentFirst = "assigned-agent-first"
    /// The agent who accepted the chat first.
    case agentFirst = "agent-first"
}

extension ManagerRule {
    /// Chooses the manager for a lead that has none: the active manager whose login equals one
    /// of the responsible agents' or the agents' emails (case-insensitive; which come first as
    /// `order` says, each in their order), else the active default, else none.
    public static func choose(
        assignedAgentEmails: [String] = [], agentEmails: [String],
        order: ResponsibleOrder = .assignedAgentFirst, managers: [Manager]
    ) -> (Manager?, ManagerRule) {
        let active = managers.filter(\.isActive)
        let responsible = assignedAgentEmails.map { ($0, ManagerRule.assignedAgent) }
        let agents = agentEmails.map { ($0, ManagerRule.agentLogin) }
        for (email, rule) in order == .assignedAgentFirst ? responsible + agents : agents + responsible {
            let wanted = email.lowercased()
            if let match = active.first(where: { $0.login.lowercased() == wanted }) {
                return (match, rule)
            }
        }
        if let fallback = active.first(where: \.isDefault) { return (fallback, .defaultManager) }
        return (nil, .none)
    }
}
