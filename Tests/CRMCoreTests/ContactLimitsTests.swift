import CRMCore
import Testing

@Suite("Contact limits")
struct ContactLimitsTests {
    @Test(arguments: ["javascript:alert(1)", "foo bar", "ftp://x", "not a url", "mailto:a@b.c", "//example.com"])
    func aLinkThatIsNotHTTPIsRefusedSayingWhy(link: String) throws {
        let message = try #require(ContactLimits.linkProblem(link, "CRM link"))
        #expect(message == "CRM link must be an http:// or https:// URL (got \"\(link)\")")
    }

    @Test func anHTTPLinkNeedsAHostAndNoSpacesOrControlCharacters() {
        #expect(
            ContactLimits.linkProblem("https://", "CRM link")
                == "CRM link must name a host after https:// (got \"https://\")")
        #expect(ContactLimits.linkProblem("http://:80/x", "CRM link") != nil)
        #expect(
            ContactLimits.linkProblem("https://crm.example.com/a b", "CRM link")
                == "CRM link must not contain spaces or control characters (got \"https://crm.example.com/a b\")")
        #expect(ContactLimits.linkProblem("https://crm.example.com/\u{1b}[2J", "Field link")?.contains("?[2J") == true)
        #expect(ContactLimits.linkProblem("https://crm.example.com/\u{202e}x", "CRM link") != nil)
    }

    @Test func goodLinksAndEmptyOnesPass() {
        for link in [
            "https://crm.example.com/leads/42", "HTTP://Example.com", "http://user@host:8080/p?q=1#f", "", "  ",
        ] {
            #expect(ContactLimits.linkProblem(link, "CRM link") == nil, "\(link)")
        }
    }

    @Test func lengthsAreLimited() throws {
        let name = String(repeating: "a", count: 3_500)
        #expect(ContactLimits.nameProblem(name) == "Name is 3500 characters; the limit is 200")
        #expect(ContactLimits.nameProblem(String(repeating: "я", count: 200)) == nil)
        let link = "https://example.com/" + String(repeating: "x", count: 2_000)
        #expect(ContactLimits.linkProblem(link, "CRM link")?.hasPrefix("CRM link is 2020 characters") == true)
        #expect(ContactLimits.descriptionProblem(String(repeating: "d", count: 2_001)) != nil)
        #expect(ContactLimits.phoneProblem("12", normalizer: ContactNormalizer()) != nil)
        #expect(ContactLimits.phoneProblem("8 (903) 946-82-00", normalizer: ContactNormalizer()) == nil)
        #expect(ContactLimits.emailProblem("nobody", normalizer: ContactNormalizer()) != nil)
    }

    @Test("a name is one line of text; a description may break lines but holds no other control character")
    func controlCharactersAreRefused() {
        for name in ["Line1\nLine2", "Tab\tbed", "Esc\u{1B}[31mRed", "C1\u{9B}31m", "Del\u{7F}"] {
            #expect(
                ContactLimits.nameProblem(name)
                    == "Name must be one line: it holds a line break, tab or other control character", "\(name)")
        }
        #expect(ContactLimits.nameProblem("Анна 👩\u{200D}💻 O'Neil") == nil)
        #expect(ContactLimits.descriptionProblem("first line\nsecond\tcolumn\r\n") == nil)
        #expect(
            ContactLimits.descriptionProblem("Esc\u{1B}[2J")
                == "Description must not hold control characters (an escape or the like); line breaks are fine")
    }

    @Test func aCustomFieldReportsEveryProblemInFieldOrder() {
        let problems = ContactLimits.fieldProblems(
            title: String(repeating: "t", count: 101), content: "ok", link: "not a url", key: nil)
        #expect(
            problems == [
                "Field title is 101 characters; the limit is 100",
                "Field link must be an http:// or https:// URL (got \"not a url\")",
            ])
    }
}
