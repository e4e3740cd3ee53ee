/// Which rule chose a lead's manager; written to the audit trail.
public enum ManagerRule: String, Sendable {
    /// The manager whose login equals the email of the client's responsible agent in JivoChat
    /// (`assigned_agent`).
    case assignedAgent = "assigned-agent"
    /// The manager whose login equals the JivoChat agent's email.
    case agentLogin = "agent-login"
    /// The default manager.
    case defaultManager = "default"
    /// The next active manager in turn.
    case roundRobin = "round-robin"
    /// No active manager matched and there is no default.
    case none
}

/// Whose login decides a new lead's manager first: JivoChat's responsible agent for the client
/// (`assigned_agent`) or the agent who took the chat (`agent`, `agents`). The other is asked
/// next, then the default manager (or the managers in turn).
public enum ResponsibleOrder: String, Sendable, CaseIterable {
    /// The responsible agent first: JivoChat's own, deliberate choice of who handles the client.
    case assignedAgentFirst = "assigned-agent-first"
    /// The agent who accepted the chat first.
    case agentFirst = "agent-first"
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
    /// of the responsible agents' or the agents' emails (case-insensitive; which come first as
    /// `order` says, each in their order); else, by `policy`, the active default, or the active
    /// manager after `lastInTurn` in login order (round robin, deactivated managers skipped);
    /// else none.
    public static func choose(
        assignedAgentEmails: [String] = [], agentEmails: [String],
        order: ResponsibleOrder = .assignedAgentFirst, managers: [Manager],
        policy: AssignmentPolicy = .agentThenDefault, lastInTurn: String? = nil
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

extension Manager {
    /// The login `text` names, trimmed; an error when it is empty or more than one word (a
    /// login is usually the manager's JivoChat email).
    public static func login(_ text: String) throws(CRMError) -> String {
        let login = text.trimmingWhitespace
        guard !login.isEmpty, !login.contains(where: \.isWhitespace) else {
            throw CRMError.invalidArgument("a manager's login is one word, usually their JivoChat email")
        }
        return login
    }

    /// The name a manager is shown by: `name`, or their `login` when the name is empty.
    public static func name(_ name: String, login: String) -> String {
        name.isEmpty ? login : name
    }
}
