import CRMCore
import CRMStore
import Console
import Testing

/// The bell and the terminal title: which listener notes ring and count as unread.
@Suite struct NotificationTests {
    private static func state(bell: BellPolicy = .standard) -> AppState {
        var state = AppState(size: Size(rows: 24, columns: 80), operatorName: "alice", now: 0)
        state.bell = bell
        return state
    }

    private static let newLead = ChangeNote(eventName: "chat_accepted", leadID: 7, created: true)
    private static let offlineForKnownLead = ChangeNote(eventName: "offline_message", leadID: 3, created: false)
    private static let update = ChangeNote(eventName: "chat_finished", leadID: 3, created: false)

    @Test func aNewLeadRingsAndCountsInTheTitle() {
        var state = Self.state()
        #expect(state.terminalTitle == "jivocrm")
        _ = state.update(.changes([Self.newLead]))
        #expect(rang(&state))
        #expect(!rang(&state), "the request is taken once")
        #expect(state.terminalTitle == "jivocrm — 1 unread")
    }

    @Test func anOfflineMessageForAKnownLeadRingsAndCounts() {
        var state = Self.state()
        _ = state.update(.changes([Self.offlineForKnownLead]))
        #expect(rang(&state))
        #expect(state.terminalTitle == "jivocrm — 1 unread")
    }

    @Test func anUpdateToAKnownLeadNeitherRingsNorCounts() {
        var state = Self.state()
        _ = state.update(.changes([Self.update, ChangeNote(eventName: "chat_updated", leadID: 4, created: false)]))
        #expect(!rang(&state))
        #expect(state.terminalTitle == "jivocrm")
    }

    @Test func theBellSettingChoosesWhatRingsButEveryArrivalCounts() {
        var leadsOnly = Self.state(bell: [.newLead])
        _ = leadsOnly.update(.changes([Self.offlineForKnownLead]))
        #expect(!rang(&leadsOnly))
        _ = leadsOnly.update(.changes([Self.newLead]))
        #expect(rang(&leadsOnly))
        #expect(leadsOnly.terminalTitle == "jivocrm — 2 unread")

        var offlineOnly = Self.state(bell: [.offline])
        _ = offlineOnly.update(.changes([Self.newLead]))
        #expect(!rang(&offlineOnly))
        _ = offlineOnly.update(.changes([Self.offlineForKnownLead]))
        #expect(rang(&offlineOnly))

        var silent = Self.state(bell: .off)
        _ = silent.update(.changes([Self.newLead, Self.offlineForKnownLead]))
        #expect(!rang(&silent))
        #expect(silent.terminalTitle == "jivocrm — 2 unread")
    }

    @Test func twoArrivalsOnOneLeadCountOnceAndOpeningItReadsThem() {
        var state = Self.state()
        var lead = Lead(id: 7, title: "Lead 7", createdAt: 1)
        lead.name = "Visitor 7"
        _ = state.update(
            .leadsLoaded(
                [LeadSummary(lead: lead, openConflicts: 0, openTasks: 0, chats: 1, unreadChats: 1)], append: false,
                filter: LeadFilter(limit: 100)))
        _ = state.update(
            .changes([Self.newLead, ChangeNote(eventName: "offline_message", leadID: 7, created: false)]))
        #expect(state.terminalTitle == "jivocrm — 1 unread")
        _ = state.update(.key(.enter))
        #expect(state.terminalTitle == "jivocrm")
    }

    @Test(arguments: [
        ("new-lead", BellPolicy.newLead), ("offline", .offline), ("new-lead,offline", .standard),
        ("offline, new-lead", .standard), ("off", .off), ("OFF", .off), ("New-Lead", .newLead),
    ])
    func bellSettingsParse(text: String, policy: BellPolicy) {
        #expect(BellPolicy(setting: text) == policy)
    }

    @Test(arguments: ["", "on", "loud", "off,new-lead", "new-lead;offline", ","])
    func badBellSettingsAreRefused(text: String) {
        #expect(BellPolicy(setting: text) == nil)
    }
}

/// Whether `state` asked for the bell (taking the request).
private func rang(_ state: inout AppState) -> Bool {
    state.takeBellRequest()
}
