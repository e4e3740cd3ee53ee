import Foundation
import JivoProtocol
import Testing

@testable import CRMStore

/// The duplicate check's key must not change: stored events' hashes dedupe deliveries across
/// restarts and upgrades. These pin the digests that the code of 93160f6 computed for a corpus
/// of bodies (fixtures, the fuzz corpus, demo traffic and corrupted copies of it, bench-like
/// bodies, compressed ones), whatever computes them now.
@Suite struct IncomingEventHashTests {
    private static let testsDirectory: String = {
        var path = #filePath
        for _ in 0..<2 {
            path.removeLast()
            while let last = path.last, last != "/" { path.removeLast() }
        }
        return path
    }()

    /// The files of `directory` (relative to Tests/), sorted by name; not those of its
    /// subdirectories.
    private static func files(_ directory: String) throws -> [[UInt8]] {
        let path = testsDirectory + directory + "/"
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path + name, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { return nil }
            return try #require(FileManager.default.contents(atPath: path + name)).map { $0 }
        }
    }

    /// The corpus: bodies with the Content-Encoding each is delivered with.
    private static func corpus() throws -> [(body: [UInt8], encoding: String?)] {
        var bodies = try files("Fuzz/corpus/FuzzWebhookEvent").map { ($0, String?.none) }
        bodies += try files("JivoProtocolTests/Fixtures").map { ($0, String?.none) }
        bodies += try files("JivoProtocolTests/Fixtures/traffic").map { ($0, String?.none) }
        var traffic = DemoTraffic(seed: 16)
        var random = SplitMix64(seed: 17)
        for delivery in traffic.next(150) {
            let body = delivery.bodyBytes
            bodies.append((body, nil))
            for _ in 0..<4 {
                var corrupted = body
                corrupted[random.below(corrupted.count)] = UInt8(random.below(256))
                bodies.append((corrupted, nil))
            }
        }
        for text in [
            #"{"event_name":"chat_accepted","chat_id":12,"visitor":{"name":"Иван Петров 7","email":"visitor7@example.com","number":"7"},"session":{"utm":"source=google|medium=cpc","geoip":{"city":"Moscow"}}}"#,
            #"{"event_name":"chat_accepted","chat_id":12.0,"widget_id":"w","visitor":{"name":"Новый посетитель 3","phone":"+1 (408) 555-1234"}}"#,
            #" { "event_name" : "chat_accepted" , "chat_id" : "12" } "#,
            "\u{FEFF}{\"event_name\":\"x\\u00e9\\ud83d\\ude00\\ud800\",\"a\":[1,-0,4.2e1,1e400]}",
            #"{"a":1,"a":2}"#, "[1,2]", "", "{", "null", #""text""#, "{}",
        ] {
            bodies.append((Array(text.utf8), nil))
        }
        let plain = Array(#"{"event_name":"chat_accepted"}"#.utf8)
        bodies += [(plain, "gzip"), (plain, " Identity "), (plain, ""), ([0x1F, 0x8B, 0x08, 0x00], nil)]
        return bodies
    }

    @Test func theHashesOfACorpusAreThoseOfBefore() throws {
        let corpus = try Self.corpus()
        var all: [UInt8] = []
        var decoded = 0
        for entry in corpus {
            let event = IncomingEvent(body: entry.body, contentEncoding: entry.encoding, receivedAt: 0)
            #expect(event.body == entry.body)
            if case .success = event.decoded { decoded += 1 }
            all += event.hash
        }
        #expect(corpus.count == 814)
        #expect(decoded == 366)
        #expect(Crypto.hex(Crypto.sha256(all)) == "6375c71b333e6e51ce93e1727b3674c58443c20d097489acda012abd1dfad7eb")
    }

    @Test func theHashesOfSomeBodiesAreThoseOfBefore() {
        let cases: [(String, String)] = [
            (
                #"{"event_name":"chat_accepted","chat_id":42,"visitor":{"name":"Tom"}}"#,
                "f559e54c8ac4c3246cbbf006d1f9b91cd5c7ca79596169fd41499023b9068b39"
            ),
            (
                #"{"event_name":"chat_accepted","chat_id":"42","visitor":{"name":"Tom"}}"#,
                "f559e54c8ac4c3246cbbf006d1f9b91cd5c7ca79596169fd41499023b9068b39"
            ),
            (
                #"{"event_name":"chat_accepted","chat_id":4.2e1 , "visitor":{"name":"Tom"}}"#,
                "f559e54c8ac4c3246cbbf006d1f9b91cd5c7ca79596169fd41499023b9068b39"
            ),
            ("not json", "7ccfa1fbf3940e6f0c0375d87c0f9235a50514e14cb427bdfaf5077987b26ccf"),
        ]
        for (body, digest) in cases {
            #expect(Crypto.hex(IncomingEvent(body: Array(body.utf8), receivedAt: 0).hash) == digest, "\(body)")
        }
    }
}
