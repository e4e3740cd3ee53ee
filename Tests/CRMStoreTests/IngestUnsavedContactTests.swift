import CRMCore
import JivoProtocol
import Testing
import TestSupport

@testable import CRMStore

@Suite("Ingest: a visitor's email or phone that is none is said, not dropped without a word")
struct IngestUnsavedContactTests {
    /// Lead `id`'s audit entries for contacts that were not saved, as field and value.
    private static func unsaved(lead id: Int64, in harness: StoreHarness) throws -> [String] {
        try harness.store.auditTrail(lead: id).filter { $0.action == "not saved" }.map {
            "\($0.field ?? "") \($0.after ?? "") (\($0.detail ?? ""))"
        }
    }

    @Test(
        "a new visitor's email and phone that are none: the lead has neither, the event's note and the lead's trail say so once",
        arguments: StoreEngine.allCases)
    func newVisitor(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let first = try harness.deliver(StoreHarness.accepted(chat: 1, email: " ivan.mail.ru ", phone: "12"))
        let id = try #require(first.leadID)
        let lead = try #require(try harness.store.lead(id))
        #expect(lead.emails.isEmpty && lead.phones.isEmpty)
        #expect(
            try harness.note(ofEvent: first.eventID)
                == "the visitor's email \"ivan.mail.ru\" is not an email address (name@domain): not saved on the lead; "
                + "the visitor's phone \"12\" is not a phone number (5 to 15 digits): not saved on the lead")
        #expect(
            try Self.unsaved(lead: id, in: harness) == [
                "email ivan.mail.ru (from event #\(first.eventID): not an email address (name@domain))",
                "phone 12 (from event #\(first.eventID): not a phone number (5 to 15 digits))",
            ])
        // The chat's next event repeats the visitor's contacts: its note says so again, the
        // lead's trail does not.
        var updated = StoreHarness.accepted(chat: 1, email: "ivan.mail.ru", phone: "12")
        updated["event_name"] = .string("chat_updated")
        let second = try harness.deliver(updated)
        #expect(second.leadID == id)
        #expect(
            try harness.note(ofEvent: second.eventID)?.hasPrefix("the visitor's email \"ivan.mail.ru\"") == true)
        #expect(try Self.unsaved(lead: id, in: harness).count == 2)
    }

    @Test(
        "a returning visitor found by phone who gives an email that is none: the phone stays, the email is said",
        arguments: StoreEngine.allCases)
    func returningVisitor(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let first = try harness.deliver(
            StoreHarness.accepted(chat: 1, email: "tom@example.com", phone: "+7 916 123-45-67"))
        let id = try #require(first.leadID)
        #expect(try harness.note(ofEvent: first.eventID) == nil)
        let again = try harness.deliver(
            StoreHarness.accepted(chat: 2, email: "tom(at)example", phone: "+7 916 123-45-67", number: "101"))
        #expect(again.leadID == id && !again.created)
        let lead = try #require(try harness.store.lead(id))
        #expect(lead.emails.map(\.value) == ["tom@example.com"])
        #expect(
            try harness.note(ofEvent: again.eventID)
                == "the visitor's email \"tom(at)example\" is not an email address (name@domain): not saved on the lead"
        )
        #expect(
            try Self.unsaved(lead: id, in: harness) == [
                "email tom(at)example (from event #\(again.eventID): not an email address (name@domain))"
            ])
    }

    @Test(
        "a visitor's very long name, email, user_token or visitor number never fails the event: the name is cut, the others are no contact or key",
        arguments: StoreEngine.allCases)
    func veryLongValues(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        // PostgreSQL indexes no entry over about 2.7 KB: each of these failed the whole event there.
        let name = String(repeating: "Длинное имя ", count: 700)
        let email = String(repeating: "e", count: 5_000) + "@example.com"
        let token = String(repeating: "t", count: 8_000)
        let body = StoreHarness.accepted(chat: 1, name: name, email: email, phone: "+7 916 123-45-67", number: token)
            .setting("user_token", .string(token)).setting("client_id", .string(token))
        let result = try harness.deliver(body)
        #expect(result.status == "applied")
        let leadID = try #require(result.leadID)
        let lead = try #require(try harness.store.lead(leadID))
        #expect(lead.name == String(name.prefix(ContactLimits.name - 1)) + "…")
        #expect(lead.emails.isEmpty)
        #expect(lead.phones.map(\.normalized) == ["+79161234567"])
        #expect(lead.userToken == nil && lead.visitorNumber == nil && lead.clientID == nil)
        #expect(try Self.unsaved(lead: lead.id, in: harness).count == 1)
        // The body keeps them whole.
        let kept = try harness.store.database.first("SELECT body FROM events WHERE id = ?", [.integer(result.eventID)])
        {
            $0.blob(0)
        }
        #expect(kept.map { String(decoding: $0, as: UTF8.self).contains(token) } == true)
    }

    @Test("a note names at most 80 characters of a long value; the body keeps it whole")
    func longValueShortened() {
        let value = String(repeating: "x", count: 200)
        let text = IngestNote.contactNotSaved(UnsavedContact(field: .email, value: value)).text
        #expect(
            text == "the visitor's email \"\(String(repeating: "x", count: 79))…\" is not an email address "
                + "(name@domain): not saved on the lead")
    }
}
