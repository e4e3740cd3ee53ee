import JivoProtocol

/// Webhook bodies for benchmarks: chat_accepted from returning visitors (a seeded lead's email)
/// and from new ones, and chat_finished with a transcript.
struct BenchBodies {
    private var state: UInt64

    /// A generator; the same seed gives the same bodies.
    init(seed: UInt64) { state = seed | 1 }

    private mutating func random(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }

    /// The name ``BenchSeeder`` gives lead `id` (in a store seeded from empty).
    static func seededName(_ id: Int) -> String {
        ["Иван Петров ", "Tom Clifton ", "Maria Garcia "][id % 3] + String(id)
    }

    /// chat_accepted number `index`: returning (a seeded lead among `seededLeads`) with
    /// probability `returningShare`, else a new visitor.
    mutating func chatAccepted(_ index: Int, seededLeads: Int, returningShare: Double = 0.7) -> [UInt8] {
        let returning = seededLeads > 0 && Double(random(1000)) < returningShare * 1000
        let visitor: JSONObject
        if returning {
            let lead = 1 + random(seededLeads)
            visitor = [
                "name": .string(Self.seededName(lead)), "email": .string("visitor\(lead)@example.com"),
                "number": .string(String(lead)),
            ]
        } else {
            visitor = [
                "name": .string("Новый посетитель \(index)"),
                "email": .string("new\(index)-\(state % 1_000_000)@example.com"),
                "phone": .string("+1 (408) \(100 + random(900))-\(1000 + random(9000))"),
            ]
        }
        let body: JSONObject = [
            "event_name": .string("chat_accepted"), "chat_id": .number(String(10_000_000 + index)),
            "widget_id": .string("bench"), "visitor": .object(visitor),
            "agent": .object(["id": .string("7"), "name": .string("Anna"), "email": .string("anna@example.com")]),
            "session": .object([
                "utm": .string("source=google|medium=cpc"),
                "geoip": .object(["city": .string("Moscow"), "country": .string("Russia")]),
            ]),
            "page": .object(["url": .string("https://shop.example.com/cart"), "title": .string("Cart")]),
        ]
        return JSONValue.object(body).serializedBytes()
    }

    /// chat_finished number `index` with `messages` messages.
    mutating func chatFinished(_ index: Int, seededLeads: Int, messages: Int) -> [UInt8] {
        let lead = 1 + random(max(1, seededLeads))
        let lines: [JSONValue] = (0..<messages).map { number in
            .object([
                "timestamp": .number(String(1_700_000_000 + number * 7)),
                "type": .string(number % 2 == 0 ? "visitor" : "agent"),
                "agent_id": number % 2 == 0 ? .null : .string("7"),
                "message": .string(
                    number % 2 == 0
                        ? "Здравствуйте, вопрос по заказу \(index), сообщение \(number)"
                        : "Sure, order \(index) ships tomorrow (\(number))"),
            ])
        }
        let body: JSONObject = [
            "event_name": .string("chat_finished"), "chat_id": .number(String(20_000_000 + index)),
            "widget_id": .string("bench"),
            "visitor": .object([
                "name": .string(Self.seededName(lead)), "email": .string("visitor\(lead)@example.com"),
                "number": .string(String(lead)),
            ]),
            "agents": .array([
                .object(["id": .string("7"), "name": .string("Anna"), "email": .string("anna@example.com")])
            ]),
            "chat": .object(["messages": .array(lines), "rate": .string("positive")]),
        ]
        return JSONValue.object(body).serializedBytes()
    }
}

/// Percentiles of a sample of durations.
struct Percentiles {
    private let sorted: [Double]

    /// Percentiles of `sample`.
    init(_ sample: [Double]) { sorted = sample.sorted() }

    /// The `p`-th percentile (0...100), nearest rank.
    func value(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
