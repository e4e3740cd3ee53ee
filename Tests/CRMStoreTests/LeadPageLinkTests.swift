import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// Lead page links: signed with the store's key, valid until their expiry, and nothing else
/// verifies.
@Suite struct LeadPageLinkTests {
    let key = Array("0123456789abcdef0123456789abcdef".utf8)

    @Test func aSignedLinkVerifiesUntilItExpires() {
        let link = LeadPageLink(leadID: 42, expiresAt: 2_000_000_000)
        let path = link.path(key: key)
        #expect(path.hasPrefix("/lead/42/2000000000/"))
        #expect(LeadPageLink.verify(path: path, key: key, now: 1_999_999_999) == 42)
        #expect(LeadPageLink.verify(path: path, key: key, now: 2_000_000_000) == nil)
    }

    @Test func anyChangeToTheLinkOrTheKeyFailsVerification() {
        let path = LeadPageLink(leadID: 42, expiresAt: 2_000_000_000).path(key: key)
        let signature = path.split(separator: "/").last!
        var otherKey = key
        otherKey[0] ^= 1
        for forged in [
            "/lead/43/2000000000/\(signature)", "/lead/42/2000000001/\(signature)",
            "/lead/042/2000000000/\(signature)", "/lead/42/2000000000/\(signature.dropLast())",
            "/lead/42/2000000000/\(signature)/", "/lead/-42/2000000000/\(signature)",
            "/lead/42/+2000000000/\(signature)", "/lead/42/2000000000", "/lead/", "/jivo/42",
        ] {
            #expect(LeadPageLink.verify(path: forged, key: key, now: 0) == nil, "\(forged)")
        }
        #expect(LeadPageLink.verify(path: path, key: otherKey, now: 0) == nil)
        #expect(LeadPageLink.verify(path: path, key: [], now: 0) == nil)
    }

    @Test func issuedLinksLastThirtyDaysToTheNextMidnight() {
        let now: Int64 = 1_700_000_000_000
        let link = LeadPageLink.issued(leadID: 1, now: now)
        #expect(link.expiresAt % 86_400 == 0)
        #expect(link.expiresAt > now / 1000 + LeadPageLink.lifetimeSeconds)
        #expect(link.expiresAt <= now / 1000 + LeadPageLink.lifetimeSeconds + 86_400)
        #expect(LeadPageLink.issued(leadID: 1, now: now + 1000) == link)
    }

    @Test func hmacMatchesRFC4231TestCase2() {
        let mac = Crypto.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
        #expect(Crypto.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func aKeyMadeReadyGivesTheOneShotMACForEveryMessageInTurn() {
        let jefe = HMACKey(Array("Jefe".utf8))
        #expect(
            Crypto.hex(jefe.mac(Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        var generator = SystemRandomNumberGenerator()
        for keyLength in [0, 1, 32, 64, 65, 200] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let ready = HMACKey(key)
            for messageLength in [0, 1, 55, 56, 64, 1000, 0] {
                let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                #expect(
                    ready.mac(message) == Crypto.hmacSHA256(key: key, message),
                    "key \(keyLength), message \(messageLength)")
            }
        }
    }

    @Test func theStoreSignsWithItsKeyAsStoredEvenWhenItChanges() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-leadpage")
        let store = try Store(path: directory.file("crm.sqlite"))
        store.settings.publicURL = "https://crm.example.com"
        let first = try #require(try store.leadPageURL(7))
        #expect(LeadPageLink.verify(path: String(first.dropFirst(23)), key: try store.leadPageKey(), now: 0) == 7)
        let other = [UInt8](repeating: 9, count: 32)
        try store.database.write { try store.setSetting("lead_page_key", Crypto.hex(other)) }
        let second = try #require(try store.leadPageURL(7))
        #expect(second != first)
        #expect(LeadPageLink.verify(path: String(second.dropFirst(23)), key: other, now: 0) == 7)
    }

    /// The link as it was built before it was written into one string: the reference.
    static func referenceURL(base: String, _ link: LeadPageLink, key: [UInt8]) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        let message = Array("jivocrm lead page v1 \(link.leadID) \(link.expiresAt)".utf8)
        let signature = Base64URL.encode(Crypto.hmacSHA256(key: key, message))
        return trimmed + "\(LeadPageLink.prefix)\(link.leadID)/\(link.expiresAt)/\(signature)"
    }

    @Test func aLinkWrittenIntoOneStringIsTheLinkAsItWasBuilt() {
        var generator = SystemRandomNumberGenerator()
        let edges: [Int64] = [
            0, 1, 9, 10, 99, 100, 1_000_000_007, 2_000_000_000, .max, .max - 1, -1, -10, .min, .min + 1,
        ]
        let numbers =
            edges + (0..<40).map { _ in Int64.random(in: .min ... .max, using: &generator) }
            + (0..<40).map { _ in Int64.random(in: 0...10_000_000, using: &generator) }
        let keys =
            [self.key, [], [UInt8](repeating: 9, count: 32)]
            + [1, 32, 64, 65, 200].map { length in
                (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
        let bases = [
            "", "/", "https://crm.example.com", "https://crm.example.com/", "https://crm.example.com/crm//",
            "https://пример.рф/лиды/", "http://[::1]:8080/x",
        ]
        for key in keys {
            let ready = HMACKey(key)
            for (index, id) in numbers.enumerated() {
                let link = LeadPageLink(leadID: id, expiresAt: numbers[(index * 7 + key.count) % numbers.count])
                #expect(link.path(key: key) == Self.referenceURL(base: "", link, key: key), "\(link)")
                for base in bases {
                    let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
                    #expect(
                        link.url(base: trimmed, signedBy: ready) == Self.referenceURL(base: base, link, key: key),
                        "\(base) \(link)")
                }
            }
        }
    }

    @Test func theStoresLinksAreTheLinksAsTheyWereBuilt() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-leadpage")
        let store = try Store(path: directory.file("crm.sqlite"))
        var now: Int64 = 1_700_000_000_000
        for base in ["https://crm.example.com", "https://crm.example.com/", "https://пример.рф/crm/"] {
            store.settings.publicURL = base
            for id: Int64 in [1, 7, 42, 123_456_789, .max] {
                store.clock = { [now] in now }
                let inTransaction = try store.database.write { try store.leadPageURL(id) }
                let link = LeadPageLink.issued(leadID: id, now: now)
                #expect(inTransaction == Self.referenceURL(base: base, link, key: try store.leadPageKey()))
                #expect(try store.leadPageURL(id) == inTransaction)
                now += 86_400_000
            }
        }
    }

    @Test(
        "a page key changed by another store between two write transactions signs the next reply",
        arguments: StoreEngine.allCases)
    func aKeyChangedByAnotherStoreSignsTheNextReply(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let listener = harness.store
        listener.settings.publicURL = "https://crm.example.com"
        let first = try listener.database.write { (try listener.leadPageURL(7), try listener.leadPageURL(8)) }
        let key = try listener.leadPageKey()
        #expect(LeadPageLink.verify(path: String(try #require(first.0).dropFirst(23)), key: key, now: 0) == 7)
        #expect(LeadPageLink.verify(path: String(try #require(first.1).dropFirst(23)), key: key, now: 0) == 8)
        let other = try Store(path: harness.cluster?.url(database: "crm") ?? harness.directory.file("crm.sqlite"))
        let changed = [UInt8](repeating: 9, count: 32)
        try other.database.write { try other.setSetting("lead_page_key", Crypto.hex(changed)) }
        let second = try listener.database.write { (try listener.leadPageURL(7), try listener.leadPageURL(8)) }
        #expect(LeadPageLink.verify(path: String(try #require(second.0).dropFirst(23)), key: changed, now: 0) == 7)
        #expect(LeadPageLink.verify(path: String(try #require(second.1).dropFirst(23)), key: changed, now: 0) == 8)
        #expect(LeadPageLink.verify(path: String(try #require(second.0).dropFirst(23)), key: key, now: 0) == nil)
    }

    @Test func aKeyThatASavepointWroteAndUndidSignsNoReplyAfterIt() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-leadpage")
        let store = try Store(path: directory.file("crm.sqlite"))
        store.settings.publicURL = "https://crm.example.com"
        struct Undone: Error {}
        let made = try store.database.write {
            _ = try? store.database.savepoint { () throws -> Void in
                _ = try store.leadPageURL(1)
                throw Undone()
            }
            return try #require(try store.leadPageURL(1))
        }
        #expect(LeadPageLink.verify(path: String(made.dropFirst(23)), key: try store.leadPageKey(), now: 0) == 1)
        let changed = [UInt8](repeating: 9, count: 32)
        let links = try store.database.write {
            let before = try #require(try store.leadPageURL(7))
            _ = try? store.database.savepoint { () throws -> Void in
                try store.setSetting("lead_page_key", Crypto.hex(changed))
                let during = try #require(try store.leadPageURL(7))
                #expect(LeadPageLink.verify(path: String(during.dropFirst(23)), key: changed, now: 0) == 7)
                throw Undone()
            }
            return (before, try #require(try store.leadPageURL(7)))
        }
        #expect(links.1 == links.0)
        #expect(LeadPageLink.verify(path: String(links.1.dropFirst(23)), key: try store.leadPageKey(), now: 0) == 7)
    }

    @Test func theStoreKeepsOneKeyMadeOnFirstUseAndRepliesLinkThePage() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-leadpage")
        let store = try Store(path: directory.file("crm.sqlite"))
        #expect(try store.existingLeadPageKey() == nil)
        #expect(try store.leadPageURL(1) == nil)
        store.settings.publicURL = "https://crm.example.com/"
        let url = try #require(try store.leadPageURL(1))
        #expect(url.hasPrefix("https://crm.example.com/lead/1/"))
        let key = try store.leadPageKey()
        #expect(key.count == 32)
        #expect(try Store(path: directory.file("crm.sqlite")).leadPageKey() == key)
        #expect(LeadPageLink.verify(path: String(url.dropFirst(23)), key: key, now: 0) == 1)
        store.settings.crmLinkTemplate = "https://crm.example.com/leads/{id}"
        #expect(try store.replyContext(1, created: false).pageLink == nil)
    }
}

/// Signed visitor tokens: round trip, tampering, expiry, other keys.
@Suite struct VisitorTokenUnitTests {
    let key = Array("0123456789abcdef0123456789abcdef".utf8)

    @Test func aSignedTokenVerifiesUntilItExpires() {
        let claim = VisitorToken(email: "a@example.org", phone: nil, expiresAt: 2_000_000_000)
        let token = claim.signed(key: key)
        #expect(VisitorToken.verify(token, key: key, now: 1_999_999_999) == claim)
        #expect(VisitorToken.verify(token, key: key, now: 2_000_000_000) == nil)
        var other = key
        other[5] ^= 1
        #expect(VisitorToken.verify(token, key: other, now: 0) == nil)
        #expect(VisitorToken.verify(token + "x", key: key, now: 0) == nil)
        #expect(VisitorToken.verify("v1." + token.dropFirst(4), key: key, now: 0) == nil)
        #expect(VisitorToken.verify("plain", key: key, now: 0) == nil)
        let nobody = VisitorToken(email: nil, phone: nil, expiresAt: 2_000_000_000).signed(key: key)
        #expect(VisitorToken.verify(nobody, key: key, now: 0) == nil)
    }

    @Test func base64URLRoundTrips() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + length) & 0xFF) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.decode("a+b") == nil)
    }
}
