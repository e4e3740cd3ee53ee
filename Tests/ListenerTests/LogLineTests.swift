import Testing

@testable import Listener

/// The request log's line builder writes what string interpolation of the same parts writes.
@Suite struct LogLineTests {
    @Test func numbersAreWrittenAsTheirDescription() {
        for number: Int64 in [0, 7, -1, 10, 42, 1_000_000, -987_654_321, .max, .min] {
            var line = LogLine()
            line.append(number)
            line.append(" ")
            line.append(Int(truncatingIfNeeded: number))
            #expect(line.text == "\(number) \(Int(truncatingIfNeeded: number))")
        }
    }

    @Test func aPrefixIsCountedInCharactersAsString_prefixCountsThem() {
        let texts = [
            "", "chat_accepted", String(repeating: "a", count: 40), String(repeating: "a", count: 41),
            String(repeating: "e\u{301}", count: 30), String(repeating: "👩‍👩‍👧", count: 12), "Новый посетитель 12345",
            String(repeating: "ж", count: 25), "\r\n" + String(repeating: "x", count: 45),
        ]
        for text in texts {
            for limit in [0, 1, 10, 40] {
                var line = LogLine()
                line.append("event=")
                line.append(text, prefix: limit)
                #expect(line.text == "event=\(String(text.prefix(limit)))", "\(text) \(limit)")
            }
        }
    }
}
