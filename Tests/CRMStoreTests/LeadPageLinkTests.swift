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
