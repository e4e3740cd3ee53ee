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
}
