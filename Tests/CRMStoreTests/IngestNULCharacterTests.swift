import CRMCore
import CRMStore
import Foundation
import Testing

/// A `\u0000` escape in visitor text: PostgreSQL text cannot hold a NUL, so the decoder makes it
/// U+FFFD and the event applies alike on both engines.
@Suite("Ingest: a NUL character in visitor text")
struct IngestNULCharacterTests {
    /// A chat_accepted whose visitor's name holds a `\u0000` escape.
    private static let accepted = Array(
        #"{"event_name":"chat_accepted","chat_id":"777001","visitor":{"name":"Nul\u0000Name","phone":"+1 555 777 0001"}}"#
            .utf8)

    @Test(
        "the lead, the transcript message and the offline task arrive with U+FFFD; the body is kept as it came",
        arguments: StoreEngine.allCases)
    func nulBecomesReplacementCharacter(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let accepted = try harness.deliver(bytes: Self.accepted)
        #expect(accepted.outcome == .applied, "\(accepted.reply)")
        let leadID = try #require(accepted.leadID)
        let lead = try #require(try harness.store.lead(leadID))
        #expect(lead.name == "Nul\u{FFFD}Name")
        #expect(lead.phones.map(\.value) == ["+1 555 777 0001"])
        #expect(try harness.store.eventBody(accepted.eventID) == Self.accepted)

        let finished = try harness.deliver(
            bytes: Array(
                #"""
                {"event_name":"chat_finished","chat_id":"777001","visitor":{"phone":"+1 555 777 0001"},\#
                "chat":{"messages":[{"timestamp":1700000000,"type":"visitor","message":"hello\u0000there"}]}}
                """#.utf8))
        #expect(finished.outcome == .applied, "\(finished.reply)")
        #expect(finished.leadID == lead.id)
        let messages = try harness.store.chats(lead: lead.id).flatMap(\.messages)
        #expect(messages.map(\.text) == ["hello\u{FFFD}there"])

        let offline = try harness.deliver(
            bytes: Array(
                #"""
                {"event_name":"offline_message","offline_message_id":"777002",\#
                "visitor":{"phone":"+1 555 777 0001"},"message":"call me\u0000back"}
                """#.utf8))
        #expect(offline.outcome == .applied, "\(offline.reply)")
        #expect(offline.leadID == lead.id)
        let tasks = try harness.store.tasks(lead: lead.id)
        #expect(tasks.count == 1)
        #expect(tasks.first?.text.contains("call me\u{FFFD}back") == true, "\(tasks)")
        #expect(try harness.store.events(status: "failed").isEmpty)
    }

    @Test(
        "the duplicate check hashes the body as delivered, so a redelivery is one, before and after the fix",
        arguments: StoreEngine.allCases)
    func redeliveryIsRecognised(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let first = try harness.deliver(bytes: Self.accepted)
        let again = try harness.deliver(bytes: Self.accepted)
        #expect(first.outcome == .applied)
        #expect(again.outcome == .duplicate)
        #expect(again.leadID == first.leadID)
        // SHA-256 of the canonical form with the NUL written `\u0000`, as stores kept it before
        // NULs were replaced (here the canonical form is the body itself).
        let hashes = try harness.store.database.rows("SELECT body_hash FROM events ORDER BY id") {
            $0.blob(0).map { String(format: "%02x", $0) }.joined()
        }
        #expect(
            hashes == Array(repeating: "c64d95d77d3ddb90ba14f277dce6a540505b73dd3aa7ca59ccb31514026b7eb2", count: 2))
        #expect(try harness.store.database.scalar("SELECT count(*) FROM leads") == 1)
    }
}
