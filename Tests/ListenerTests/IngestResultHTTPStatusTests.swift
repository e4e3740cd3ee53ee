import CRMStore
import Testing
import TestSupport

@testable import Listener

@Suite("The webhook answers each ingest outcome with its HTTP status")
struct IngestResultHTTPStatusTests {
    @Test("an event and its redelivery 200, a body that is not an event 400, a compressed one 415")
    func statuses() throws {
        let directory = TemporaryDirectory()
        let store = try Store(path: directory.file("crm.sqlite"))
        func ingest(_ body: String, encoding: String? = nil) throws -> IngestResult {
            try store.database.write {
                try store.ingest(IncomingEvent(body: Array(body.utf8), contentEncoding: encoding, receivedAt: 1))
            }
        }
        let event = #"{"event_name":"chat_accepted","chat_id":1,"widget_id":"w","visitor":{"name":"Tom"}}"#
        let first = try ingest(event)
        #expect(first.outcome == .applied)
        #expect(first.httpStatus == 200)
        let again = try ingest(event)
        #expect(again.outcome == .duplicate)
        #expect(again.httpStatus == 200)
        let array = try ingest("[1]")
        #expect(array.outcome == .rejected(.unreadable))
        #expect(array.httpStatus == 400)
        let compressed = try ingest(event, encoding: "gzip")
        #expect(compressed.outcome == .rejected(.compressed))
        #expect(compressed.httpStatus == 415)
    }
}
