import Foundation
import JivoProtocol
import Testing
import TestSupport

/// Done-when 4: the conflict rules through `serve` and the CLI: empty fields filled from the
/// visitor, differing values kept as conflicts, every resolution verb, and duplicate leads; on
/// a SQLite store and on a PostgreSQL one.
@Suite struct ConflictTests {
    /// A chat event for the visitor with visitor number 5100 on channel 3925.
    static func chat(
        _ event: String = "chat_updated", chat: Int = 300, name: String? = "Пётр", email: String? = nil,
        phone: String? = nil, number: String = "5100"
    ) -> [UInt8] {
        var visitor: JSONObject = ["number": .string(number)]
        if let name { visitor["name"] = .string(name) }
        if let email { visitor["email"] = .string(email) }
        if let phone { visitor["phone"] = .string(phone) }
        let body: JSONObject = [
            "event_name": .string(event), "chat_id": .number(String(chat)), "widget_id": .string("3925"),
            "visitor": .object(visitor),
        ]
        return body.bytes
    }

    /// A CRM holding one lead with phone `8 (916) 123-45-67` and email `petr@example.com`, and
    /// an open phone conflict against `+7 999 000-00-01` from a later chat_updated.
    struct PhoneConflict {
        let crm: CRMHarness
        let server: ServeProcess
        let lead: Int64
        let conflict: JSONValue

        init(engine: StoreEngine) throws {
            crm = try CRMHarness(engine: engine)
            server = try crm.serve()
            _ = try server.deliver(
                ConflictTests.chat("chat_accepted", email: "petr@example.com", phone: "8 (916) 123-45-67"))
            lead = try crm.lead(where: "email", is: "petr@example.com").id()
            let reply = try server.deliver(ConflictTests.chat(phone: "+7 999 000-00-01"))
            #expect(
                reply["contact_info"]?["phone"]?.stringValue == "8 (916) 123-45-67", "the reply keeps the CRM's value")
            let open = try crm.conflicts(all: false)
            try #require(open.count == 1, "\(open)")
            conflict = open[0]
        }
    }

    @Test(arguments: StoreEngine.allCases)
    func emptyFieldsAreFilledFromTheVisitorAndAudited(engine: StoreEngine) throws {
        let crm = try CRMHarness(engine: engine)
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.chat("chat_accepted", name: nil))
        let id = try crm.lead(where: "visitor_number", is: "5100").id()
        #expect(try crm.show(id)["phones"]?.arrayValue?.isEmpty == true)

        let reply = try server.deliver(
            Self.chat(name: "Пётр Ильич", email: "Petr@Example.com", phone: "8 (916) 123-45-67"))
        #expect(reply["contact_info"]?["name"]?.stringValue == "Пётр Ильич")
        #expect(reply["contact_info"]?["phone"]?.stringValue == "8 (916) 123-45-67")
        #expect(reply["contact_info"]?["email"]?.stringValue == "Petr@Example.com")
        let lead = try crm.show(id)
        #expect(lead["name"]?.stringValue == "Пётр Ильич")
        #expect(lead["phones"] == .array([.string("8 (916) 123-45-67")]))
        #expect(lead["emails"] == .array([.string("Petr@Example.com")]))
        let fills = lead.list("audit").filter { $0["action"]?.stringValue == "fill" }.compactMap {
            $0["field"]?.stringValue
        }
        #expect(Set(fills).isSuperset(of: ["name", "email", "phone"]))
        #expect(try crm.conflicts().isEmpty)

        // The same phone typed another way is the same phone: no conflict, no second value.
        _ = try server.deliver(Self.chat(chat: 301, name: "Пётр Ильич", phone: "+7 916 123-45-67"))
        #expect(try crm.conflicts().isEmpty)
        #expect(try crm.show(id)["phones"] == .array([.string("8 (916) 123-45-67")]))
    }

    @Test(arguments: StoreEngine.allCases)
    func anEmailAnotherLeadHoldsIsNotBlankedInTheReply(engine: StoreEngine) throws {
        let crm = try CRMHarness(engine: engine)
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            Self.chat("chat_accepted", chat: 1, name: "Иван", email: "ivan@example.com", number: "1"))
        // Another visitor (no contacts yet) gets a lead of their own, then types Иван's email
        // mid-chat: a duplicate for an operator, and the reply must not answer it with "".
        _ = try server.deliver(Self.chat("chat_accepted", chat: 2, name: nil, number: "2"))
        let reply = try server.deliver(Self.chat(chat: 2, name: "Иван", email: "ivan@example.com", number: "2"))
        #expect(reply["contact_info"]?["email"] == nil, "\(reply)")
        #expect(reply["contact_info"]?["phone"] == nil, "\(reply)")
        #expect(reply["contact_info"]?["name"]?.stringValue == "Иван", "\(reply)")
        #expect(try crm.conflicts().map { $0["field"]?.stringValue } == ["duplicate"])
    }

    @Test(arguments: StoreEngine.allCases)
    func anEmailThatIsNoAddressIsSaidOnTheEventAndTheLeadsTrail(engine: StoreEngine) throws {
        let crm = try CRMHarness(engine: engine)
        let server = try crm.serve()
        defer { server.stop() }
        let reply = try server.deliver(
            Self.chat("chat_accepted", email: "petr.example.com", phone: "8 (916) 123-45-67"))
        // Left out, not "": JivoChat keeps the email the visitor typed instead of blanking it.
        #expect(reply["contact_info"]?["email"] == nil, "\(reply)")
        #expect(reply["contact_info"]?["phone"]?.stringValue == "8 (916) 123-45-67", "\(reply)")
        let id = try crm.lead(where: "visitor_number", is: "5100").id()
        #expect(try crm.show(id)["emails"] == .array([]))
        let shown = try crm.succeed("show", String(id))
        #expect(shown.contains("webhook not saved email: 'petr.example.com' (from event #"), "\(shown)")
        let notes = try crm.events().compactMap { $0["note"]?.stringValue }
        #expect(
            notes == [
                "the visitor's email \"petr.example.com\" is not an email address (name@domain): not saved on the lead"
            ], "\(notes)")
    }

    @Test(arguments: StoreEngine.allCases)
    func differingValuesBecomeConflictsWithBothValuesAndTheEvent(engine: StoreEngine) throws {
        let setup = try PhoneConflict(engine: engine)
        defer { setup.server.stop() }
        let conflict = setup.conflict
        #expect(conflict["lead_id"]?.int64Value == setup.lead)
        #expect(conflict["field"]?.stringValue == "phone")
        #expect(conflict["current"]?.stringValue == "8 (916) 123-45-67")
        #expect(conflict["incoming"]?.stringValue == "+7 999 000-00-01")
        #expect(conflict["status"]?.stringValue == "open")
        #expect(conflict["resolution"] == .null)
        let events = try setup.crm.events()
        let updated = try #require(events.first { $0["event_name"]?.stringValue == "chat_updated" })
        #expect(conflict["event_id"] == updated["id"])
        #expect(try setup.crm.show(setup.lead)["phones"] == .array([.string("8 (916) 123-45-67")]))
        // The table says its value is the lead's when the conflict opened.
        let table = try setup.crm.succeed("conflicts")
        #expect(table.hasPrefix("ID") && table.contains("LEAD HAD") && table.contains("8 (916) 123-45-67"), "\(table)")

        // A differing name, email and description each become a conflict too.
        _ = try setup.server.deliver(
            fixture(
                "chat_updated", ("chat_id", .number("300")), ("visitor.number", .string("5100")),
                ("visitor.name", .string("Павел")),
                ("visitor.email", .string("pavel@example.com")), ("visitor.phone", nil),
                ("visitor.description", .string("Другой"))))
        let fields = try setup.crm.conflicts(all: false).compactMap { $0["field"]?.stringValue }
        #expect(Set(fields) == ["phone", "name", "email"], "\(fields)")
        let lead = try setup.crm.show(setup.lead)
        #expect(lead["name"]?.stringValue == "Пётр")
        #expect(lead["emails"] == .array([.string("petr@example.com")]))
        #expect(lead["open_conflicts"]?.int64Value == 3)
    }

    @Test(arguments: StoreEngine.allCases)
    func keepCurrentLeavesTheLeadAndIsNotAskedAgain(engine: StoreEngine) throws {
        let setup = try PhoneConflict(engine: engine)
        defer { setup.server.stop() }
        let id = try setup.conflict.id()
        let result = try setup.crm.run("resolve", String(id), "--keep-current")
        #expect(result.status == 0, "\(result.stderr)")
        let resolved = try #require(try setup.crm.conflicts().first { $0["id"]?.int64Value == id })
        #expect(resolved["status"]?.stringValue == "resolved")
        #expect(resolved["resolution"]?.stringValue == "keep-current")
        #expect(try setup.crm.show(setup.lead)["phones"] == .array([.string("8 (916) 123-45-67")]))
        // The same incoming value in a later chat does not reopen it.
        _ = try setup.server.deliver(Self.chat(chat: 302, phone: "+7 999 000-00-01"))
        #expect(try setup.crm.conflicts(all: false).isEmpty)
        try Self.expectResolutionAudited(setup, conflict: id, "keep-current")
        // The audit as `show` prints it names both sides, not a change to the value declined.
        let shown = try setup.crm.succeed("show", String(setup.lead))
        #expect(
            shown.contains(
                "resolve phone: lead had '8 (916) 123-45-67', incoming '+7 999 000-00-01' (conflict #\(id): keep-current)"
            ),
            "\(shown)")
    }

    @Test(arguments: StoreEngine.allCases)
    func takeIncomingReplacesTheValueAndTheNextReplyCarriesIt(engine: StoreEngine) throws {
        let setup = try PhoneConflict(engine: engine)
        defer { setup.server.stop() }
        let id = try setup.conflict.id()
        #expect(try setup.crm.run("resolve", String(id), "--take-incoming").status == 0)
        #expect(try setup.crm.show(setup.lead)["phones"] == .array([.string("+7 999 000-00-01")]))
        let reply = try setup.server.deliver(Self.chat(chat: 303, phone: "+7 999 000-00-01"))
        #expect(reply["contact_info"]?["phone"]?.stringValue == "+7 999 000-00-01")
        #expect(try setup.crm.conflicts().first?["resolution"]?.stringValue == "take-incoming")
        try Self.expectResolutionAudited(setup, conflict: id, "take-incoming")
    }

    @Test(arguments: StoreEngine.allCases)
    func keepBothAddsTheIncomingValue(engine: StoreEngine) throws {
        let setup = try PhoneConflict(engine: engine)
        defer { setup.server.stop() }
        let id = try setup.conflict.id()
        #expect(try setup.crm.run("resolve", String(id), "--keep-both").status == 0)
        let lead = try setup.crm.show(setup.lead)
        #expect(lead["phones"] == .array([.string("8 (916) 123-45-67"), .string("+7 999 000-00-01")]))
        #expect(lead["phone"]?.stringValue == "8 (916) 123-45-67")
        // The added phone now matches the lead.
        _ = try setup.server.deliver(
            Self.chat("chat_accepted", chat: 304, name: nil, phone: "8 999 000 00 01", number: "6200"))
        #expect(try setup.crm.leads().count == 1)
        try Self.expectResolutionAudited(setup, conflict: id, "keep-both")
    }

    @Test(arguments: StoreEngine.allCases) func splitMakesTheVisitorANewLeadWithTheIncomingValue(engine: StoreEngine)
        throws
    {
        let setup = try PhoneConflict(engine: engine)
        defer { setup.server.stop() }
        let id = try setup.conflict.id()
        let result = try setup.crm.run("resolve", String(id), "--split")
        #expect(result.status == 0, "\(result.stderr)")
        let leads = try setup.crm.leads()
        #expect(leads.count == 2)
        let other = try #require(leads.first { $0["id"]?.int64Value != setup.lead })
        #expect(other["phones"] == .array([.string("+7 999 000-00-01")]))
        #expect(try setup.crm.show(setup.lead)["phones"] == .array([.string("8 (916) 123-45-67")]))
        #expect(result.stdout.contains("#\(try other.id())"))
        try Self.expectResolutionAudited(setup, conflict: id, "split")
    }

    @Test(arguments: StoreEngine.allCases)
    func emailOfOneLeadAndPhoneOfAnotherIsADuplicateLeadsConflict(engine: StoreEngine) throws {
        let crm = try CRMHarness(engine: engine)
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            Self.chat("chat_accepted", chat: 401, name: "Анна", email: "anna@example.com", number: "7001"))
        _ = try server.deliver(
            Self.chat("chat_accepted", chat: 402, name: "Анна", phone: "+7 916 555-11-22", number: "7002"))
        let byEmail = try crm.lead(where: "email", is: "anna@example.com").id()
        let byPhone = try crm.lead(where: "phone", is: "+7 916 555-11-22").id()
        #expect(byEmail != byPhone)

        _ = try server.deliver(
            Self.chat(
                "chat_accepted", chat: 403, name: "Анна", email: "ANNA@example.com", phone: "8 (916) 555-11-22",
                number: "7003"))
        let open = try crm.conflicts(all: false)
        let duplicates = open.filter { $0["field"]?.stringValue == "duplicate" }
        try #require(duplicates.count == 1, "\(open)")
        let conflict = duplicates[0]
        #expect(conflict["lead_id"]?.int64Value == byEmail)
        #expect(conflict["other_lead_id"]?.int64Value == byPhone)
        #expect(try crm.leads().count == 2)
        // Neither lead took the other's value silently.
        #expect(try crm.show(byEmail)["phones"]?.arrayValue?.isEmpty == true)

        let wrong = try crm.run("resolve", String(try conflict.id()), "--split")
        #expect(wrong.status == 1)
        #expect(wrong.stderrLines.count == 1, "\(wrong.stderr)")

        #expect(try crm.run("resolve", String(try conflict.id()), "--take-incoming").status == 0)
        let leads = try crm.leads()
        #expect(leads.count == 1)
        let merged = try crm.show(byEmail)
        #expect(merged["phones"] == .array([.string("+7 916 555-11-22")]))
        #expect(Set(merged.list("chats").compactMap { $0["chat_id"]?.stringValue }) == ["401", "402", "403"])
        #expect(try crm.show(byPhone)["merged_into"]?.int64Value == byEmail)
    }

    @Test(arguments: StoreEngine.allCases)
    func duplicateLeadsKeptApartWithKeepBoth(engine: StoreEngine) throws {
        let crm = try CRMHarness(engine: engine)
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.chat("chat_accepted", chat: 501, email: "x@example.com", number: "8001"))
        _ = try server.deliver(Self.chat("chat_accepted", chat: 502, phone: "+1 408 498-7855", number: "8002"))
        _ = try server.deliver(
            Self.chat("chat_accepted", chat: 503, email: "x@example.com", phone: "(408) 498-7855", number: "8003"))
        // (408) 498-7855 with default_country_code 7 is a Russian number, not the US one.
        #expect(try crm.conflicts().allSatisfy { $0["field"]?.stringValue != "duplicate" })

        _ = try server.deliver(
            Self.chat("chat_updated", chat: 503, email: "x@example.com", phone: "+14084987855", number: "8003"))
        let duplicate = try #require(try crm.conflicts(all: false).first { $0["field"]?.stringValue == "duplicate" })
        #expect(try crm.run("resolve", String(try duplicate.id()), "--keep-both").status == 0)
        #expect(try crm.leads().count == 2)
        #expect(try crm.conflicts().first { $0["id"] == duplicate["id"] }?["resolution"]?.stringValue == "keep-both")
    }

    @Test(arguments: StoreEngine.allCases) func resolvingTwiceOrAnUnknownConflictFailsWithOneLine(engine: StoreEngine)
        throws
    {
        let setup = try PhoneConflict(engine: engine)
        defer { setup.server.stop() }
        let id = String(try setup.conflict.id())
        #expect(try setup.crm.run("resolve", id, "--keep-current").status == 0)
        let again = try setup.crm.run("resolve", id, "--take-incoming")
        #expect(again.status == 1)
        #expect(again.stderrLines.count == 1, "\(again.stderr)")
        let unknown = try setup.crm.run("resolve", "999", "--keep-current")
        #expect(unknown.status == 1)
        #expect(unknown.stderrLines.count == 1, "\(unknown.stderr)")
        let none = try setup.crm.run("resolve", id)
        #expect(none.status == 2)
        let two = try setup.crm.run("resolve", id, "--keep-current", "--split")
        #expect(two.status == 2)
    }

    private static func expectResolutionAudited(_ setup: PhoneConflict, conflict: Int64, _ resolution: String) throws {
        let audit = try setup.crm.show(setup.lead).list("audit")
        #expect(
            audit.contains {
                $0["action"]?.stringValue == "resolve" && $0["actor"]?.stringValue == CRMHarness.operatorName
                    && $0["detail"]?.stringValue?.contains("conflict #\(conflict): \(resolution)") == true
            }, "\(audit)")
    }
}
