import CRMCore
@testable import CRMStore
import JivoProtocol
import Testing

/// A term with a long run of digits in it is looked up on PostgreSQL by the run alone and
/// tested whole on each row found (``SearchPlan/indexedPart(of:)``): the leads found stay those
/// SQLite finds, the rows holding the run but not the term left out, in either case.
@Suite("Search by a term's digits")
struct SearchIndexedPartTests {
    /// Visitors: name, email, and the transcript message of their chat.
    static let visitors: [(name: String, email: String, message: String)] = [
        ("Maria Garcia 500000", "visitor500000@example.com", "Сколько стоит доставка заказа 500000?"),
        ("Maria Garcia 1500000", "Visitor1500000@Example.COM", "ДОСТАВКА ЗАКАЗА 1500000 завтра?"),
        ("Tom Clifton 500000", "tom500000@example.org", "Order 500000 by card"),
        ("Иван Петров", "ivan@example.ru", "заказ 500000, доставка 12"),
        ("Anna 5000001", "anna5000001@example.com", "доставка заказа 5000001?"),
    ]

    /// The queries both engines must answer alike.
    static let queries = [
        "visitor500000@example.com", "VISITOR500000@EXAMPLE.COM", "visitor1500000@example", "Maria Garcia 500000",
        "maria garcia 500000", "garcia 1500000", "доставка заказа 500000?", "Доставка Заказа 500000", "заказа 500000",
        "заказ 500000", "order 500000", "ORDER 500000 BY", "nobody 500000", "500000 by card", "x500000",
    ]

    @Test("a term with five digits or more in a row gives the same leads on PostgreSQL as on SQLite")
    func digitsRunMatchesSQLite() throws {
        let sqlite = try StoreHarness(engine: .sqlite)
        let postgres = try StoreHarness(engine: .postgres)
        for harness in [sqlite, postgres] {
            for (index, visitor) in Self.visitors.enumerated() {
                var event = StoreHarness.accepted(
                    chat: index + 1, name: visitor.name, email: visitor.email, number: String(index + 1))
                try harness.deliver(event)
                event["event_name"] = .string("chat_finished")
                event["chat"] = .object([
                    "messages": .array([
                        .object([
                            "timestamp": .number("1700000000"), "type": .string("visitor"),
                            "message": .string(visitor.message),
                        ])
                    ])
                ])
                try harness.deliver(event)
            }
        }
        for broadSearchHits in [20_000, 1] {
            for harness in [sqlite, postgres] { harness.store.broadSearchHits = broadSearchHits }
            for query in Self.queries {
                let filter = LeadFilter(search: query)
                let expected = try sqlite.store.leads(filter).map(\.lead.id)
                #expect(
                    try postgres.store.leads(filter).map(\.lead.id) == expected,
                    "\(query), broad from \(broadSearchHits)")
                #expect(
                    try postgres.store.leadCount(filter) == sqlite.store.leadCount(filter),
                    "\(query), broad from \(broadSearchHits)")
            }
        }
        // The corpus has queries with hits and queries whose digits are found without the term.
        let answered = try Self.queries.filter { try !sqlite.store.leads(LeadFilter(search: $0)).isEmpty }
        #expect(answered.count > Self.queries.count / 2)
        #expect(answered.count < Self.queries.count)
    }
}
