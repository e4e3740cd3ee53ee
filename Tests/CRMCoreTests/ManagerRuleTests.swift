import CRMCore
import Testing

@Suite struct ManagerRuleTests {
    static let managers = [
        Manager(id: 1, login: "carol@example.com", name: "Carol", isDefault: true, isActive: true),
        Manager(id: 2, login: "anna@example.com", name: "Anna", isDefault: false, isActive: true),
        Manager(id: 3, login: "betty@example.com", name: "Gone", isDefault: false, isActive: false),
        Manager(id: 4, login: "Bob@example.com", name: "Bob", isDefault: false, isActive: true),
    ]

    @Test func roundRobinTakesTheActiveManagersInTurnAndWraps() {
        var last: String?
        var turns: [String] = []
        for _ in 0..<5 {
            let (manager, rule) = ManagerRule.choose(
                agentEmails: ["agent@elsewhere.com"], managers: Self.managers, policy: .agentThenRoundRobin,
                lastInTurn: last)
            #expect(rule == .roundRobin)
            last = manager?.login
            turns.append(manager?.name ?? "-")
        }
        #expect(turns == ["Anna", "Bob", "Carol", "Anna", "Bob"])
    }

    @Test func theAgentsLoginStillComesFirstAndADeactivatedLastTurnMovesOn() {
        let agent = ManagerRule.choose(
            agentEmails: ["anna@example.com"], managers: Self.managers, policy: .agentThenRoundRobin,
            lastInTurn: "anna@example.com")
        #expect(agent.0?.name == "Anna" && agent.1 == .agentLogin)
        let after = ManagerRule.choose(
            agentEmails: [], managers: Self.managers, policy: .agentThenRoundRobin, lastInTurn: "betty@example.com")
        #expect(after.0?.name == "Bob")
        let nobody = ManagerRule.choose(
            agentEmails: [], managers: [Self.managers[2]], policy: .agentThenRoundRobin, lastInTurn: nil)
        #expect(nobody.0 == nil && nobody.1 == .none)
        #expect(ManagerRule.choose(agentEmails: [], managers: Self.managers).0?.name == "Carol")
    }
}
