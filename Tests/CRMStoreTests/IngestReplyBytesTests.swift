import Testing
import TestSupport

@testable import CRMStore

/// The reply's bytes as the listener sends them are those of the reply's JSON.
@Suite struct IngestReplyBytesTests {
    @Test func theReplyBytesAreThoseOfTheReplyJSON() throws {
        let harness = try StoreHarness(engine: .sqlite)
        try harness.store.addManager(login: "agent@example.com", name: "Anna", isDefault: false, actor: "test")
        var results = [
            try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com", phone: "8 916 123-45-67")),
            try harness.deliver(StoreHarness.accepted(chat: 2, name: "Иван \"Ваня\"", email: "tom@example.com")),
            try harness.deliver(bytes: Array("not json".utf8)),
        ]
        results.append(try harness.deliver(StoreHarness.accepted(chat: 1, email: "tom@example.com")))
        for result in results {
            #expect(result.replyBytes == result.reply.serializedBytes())
        }
        #expect(results[0].reply.objectValue?["contact_info"] != nil)
    }
}
