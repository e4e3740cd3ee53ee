import CRMCore
import Testing

/// Which links may reach a reply: absolute http(s) URLs only.
@Suite struct SafeLinkTests {
    @Test(arguments: [
        "https://crm.example.com/leads/1", "http://crm.example.com", "HTTPS://CRM.EXAMPLE.COM/x?y=1#z",
        "https://user@crm.example.com:8443/a",
    ])
    func httpLinksPass(link: String) {
        #expect(SafeLink.isHTTP(link))
    }

    @Test(arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//crm.example.com/leads/1", "/leads/1",
        "...", "", "https://", "http:///leads/1", "https://crm.example.com/a b", "https://crm.example.com/\u{0}",
        "https://crm.example.com/\u{2028}", "ftp://crm.example.com/", " https://crm.example.com/",
    ])
    func otherLinksDoNot(link: String) {
        #expect(!SafeLink.isHTTP(link))
        #expect(SafeLink.httpOnly(link) == nil)
    }

    /// An operator's edit stores exactly the links a reply sends: one rule, so no link is
    /// accepted by the form and then silently left out of the reply, or the other way round.
    @Test(arguments: [
        "https://crm.example.com/leads/1", "https://user@crm.example.com:8443/a", "https://@crm.example.com",
        "https://user@", "https://:8080", "https://crm.example.com/\u{202E}gpj", "https://crm.example.com/a\u{85}b",
        "http://crm.example.com\u{7F}", "ftp://crm.example.com", "javascript:alert(1)", "https://",
    ])
    func theEditAndTheReplyFollowOneRule(link: String) {
        #expect((ContactLimits.linkProblem(link, "CRM link") == nil) == SafeLink.isHTTP(link))
    }

    @Test func aProblemSaysWhichPartIsWrong() {
        #expect(SafeLink.problem("ftp://x") == .notHTTP)
        #expect(SafeLink.problem("https://x.example/a b") == .spaceOrControl)
        #expect(SafeLink.problem("HTTPS://@x.example") == .noHost(scheme: "https://"))
        #expect(SafeLink.problem("http://x.example") == nil)
    }
}
