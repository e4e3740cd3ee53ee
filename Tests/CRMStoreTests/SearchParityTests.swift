import CRMCore
@testable import CRMStore
import JivoProtocol
import Testing

/// Search on PostgreSQL (`pg_trgm`) finds what search on SQLite (its FTS5 trigram index) finds,
/// SQLite being the reference: the same corpus goes into a store on each engine, and every query
/// of ``queries`` must give the same leads in the same order, both when the hits are gathered
/// first and when the list is walked lead by lead (a broad search).
@Suite("Search parity")
struct SearchParityTests {
    /// Visitors: name, email, phone. Mixed case, Cyrillic, diacritics, digits, LIKE's wildcards.
    static let visitors: [(name: String, email: String?, phone: String?)] = [
        ("Tom Clifton", "Tom.Clifton@Example.COM", "+7 916 555-11-22"),
        ("Maria Garcia", "maria.garcia@example.com", "+1 (646) 938-0741"),
        ("Иван Петров", "ivan@пример.рф", "8 (903) 946-82-00"),
        ("АННА БЕЛОВА", "anna.belova@example.ru", nil),
        ("José Núñez", "jose@example.es", "+34 612 345 678"),
        ("ZOË ŠŤASTNÁ", "zoe@example.cz", nil),
        ("Ёжик Ёлкин", nil, "+7 (999) 000-42-42"),
        ("Martin Straße", "martin@example.de", nil),
        ("Aydın Yıldız", "aydin@example.com.tr", nil),
        ("İpek Işık", "ipek@example.com.tr", nil),
        ("Ann_B 100%", "ann_b@example.com", nil),
        ("Order #42 buyer", "buyer42@example.com", "+7 916 555-11-33"),
        ("", "anonymous@example.com", nil),
        ("Σοφία Παπαδοπούλου", "sofia@example.gr", nil),
        ("maria lopez", "MARIA.LOPEZ@EXAMPLE.COM", "+7 916 555 1122"),
        ("Ross Tessa", "ross@example.com", nil),
    ]

    /// Transcript messages, by the index of the visitor whose chat holds them.
    static let transcripts: [Int: [String]] = [
        0: ["Сколько стоит доставка заказа 42?", "Delivery to 12 Main Street takes two days"],
        1: ["ДОСТАВКА завтра?", "Can I pay order #42 by card on arrival?"],
        2: ["Спасибо, курьер позвонит за час до приезда", "Доставка в Ёлкино"],
        4: ["Un café crème, s'il vous plaît", "CAFÉ au lait"],
        5: ["Příliš žluťoučký kůň", "100% оплата при получении"],
        7: ["Die Straße ist gesperrt", "STRASSE"],
        8: ["Teşekkür ederim, İstanbul'a kargo", "ISTANBUL"],
        11: ["under_score and back\\slash", "tab\tseparated  double  spaced"],
        13: ["Καλημέρα ΣΟΦΊΑ", "ευχαριστώ"],
    ]

    /// Every query the two engines must answer alike.
    static let queries: [String] = [
        // Names, in any case, whole and in part.
        "tom", "TOM", "Tom Clifton", "tom clifton", "clifton", "maria", "MARIA", "Maria Garcia", "garcia",
        "иван", "ИВАН", "Иван Петров", "петров", "анна", "Анна Белова", "белова",
        // Short queries (one or two characters) take the name, email and phone scan.
        "t", "T", "to", "TO", "tO", "ан", "АН", "Ан", "ё", "Ё", "ж", "é", "É", "ß", "ı", "I", "i", "ın", "İ",
        "σ", "Σ", "ſ", "\u{212A}", "ﬁ", "a", "_", "%", "#", "42", "@", "1", "+7", "ss", "SS",
        // Numbers: a lead's number, and digits in text.
        "#42", "#1", ":2", "#999", "#", "#4x", "042", "order #42", "#42 by", "100%", "100",
        // Phones, typed every way.
        "+7 916 555-11-22", "+79165551122", "9165551122", "555-11-22", "5551122", "+7 916 555", "+7 (999) 000-42-42",
        "8 (903) 946-82-00", "89039468200", "(646) 938-0741", "646.938.0741", "+1 646 938 07 41", "938",
        // Emails.
        "tom.clifton@example.com", "TOM.CLIFTON@EXAMPLE.COM", "example.com", "EXAMPLE", "@example", "пример.рф",
        "ПРИМЕР", "ann_b@", "maria.lopez",
        // Transcript text: Cyrillic, Latin, mixed case, diacritics.
        "доставка", "ДОСТАВКА", "Доставка", "доставка заказа 42", "заказа 42?", "курьер", "ёлкин", "ЁЛКИН", "елкин",
        "café", "CAFÉ", "cafe", "crème", "creme", "Straße", "STRASSE", "strasse", "straße", "žluťoučký", "ŽLUŤOUČKÝ",
        "zlutoucky", "istanbul", "İstanbul", "ISTANBUL", "teşekkür", "ТЕŞEKKÜR", "aydın", "AYDIN", "yıldız",
        "ıldı", "ipek", "IŞIK", "ışık", "σοφία", "ΣΟΦΊΑ", "σοφια", "παπαδοπούλου", "καλημέρα", "ΚΑΛΗΜΈΡΑ",
        "under_score", "der_sc", "back\\slash", "k\\s", "tab\tseparated", "double  spaced", "double spaced",
        "main street", "MAIN STREET", "two days", "pay order", "by card", "oplata", "оплата", "ОПЛАТА",
        // Nothing to find.
        "nobody here", "zzz", "qq", "🙂", "x🙂y",
    ]

    @Test("search on PostgreSQL gives the same leads, in the same order, as on SQLite for every query of the corpus")
    func postgresSearchMatchesSQLite() throws {
        let sqlite = try StoreHarness(engine: .sqlite)
        let postgres = try StoreHarness(engine: .postgres)
        for harness in [sqlite, postgres] { try Self.seed(harness) }
        #expect(try sqlite.counts() == postgres.counts())

        for broadSearchHits in [20_000, 1] {
            for harness in [sqlite, postgres] { harness.store.broadSearchHits = broadSearchHits }
            for query in Self.queries {
                let filter = LeadFilter(search: query)
                let expected = try sqlite.store.leads(filter).map(\.lead.id)
                let found = try postgres.store.leads(filter).map(\.lead.id)
                #expect(found == expected, "\(query.debugDescription), broad from \(broadSearchHits) hits")
                #expect(
                    try postgres.store.leadCount(filter) == sqlite.store.leadCount(filter),
                    "\(query.debugDescription), broad from \(broadSearchHits) hits")
            }
        }
        // The corpus exercises both answers: hits and none.
        let answered = try Self.queries.filter { try !sqlite.store.leads(LeadFilter(search: $0)).isEmpty }
        #expect(answered.count > Self.queries.count / 2)
        #expect(answered.count < Self.queries.count)
    }

    /// Delivers the corpus: a chat_accepted per visitor, then a chat_finished with the
    /// transcript for those that have one.
    static func seed(_ harness: StoreHarness) throws {
        for (index, visitor) in visitors.enumerated() {
            var event = StoreHarness.accepted(
                chat: index + 1, name: visitor.name.isEmpty ? nil : visitor.name, email: visitor.email,
                phone: visitor.phone, number: String(index + 1))
            try harness.deliver(event)
            guard let messages = transcripts[index] else { continue }
            event["event_name"] = .string("chat_finished")
            event["chat"] = .object([
                "messages": .array(
                    messages.enumerated().map { offset, text in
                        .object([
                            "timestamp": .number(String(1_700_000_000 + offset)),
                            "type": .string(offset % 2 == 0 ? "visitor" : "agent"), "message": .string(text),
                        ])
                    })
            ])
            try harness.deliver(event)
        }
    }
}
