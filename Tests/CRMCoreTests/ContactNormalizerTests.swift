import CRMCore
import Testing

@Suite("Contact normalisation")
struct ContactNormalizerTests {
    let russian = ContactNormalizer(defaultCountryCode: "7")
    let american = ContactNormalizer(defaultCountryCode: "1")

    @Test(
        "phones as visitors type them reach one international form",
        arguments: [
            ("8 (916) 123-45-67", "+79161234567"), ("+7 916 123 45 67", "+79161234567"),
            ("89161234567", "+79161234567"), ("(916) 123-45-67", "+79161234567"),
            ("007 916 1234567", "+79161234567"), ("+1 408 498-7855", "+14084987855"),
            ("+44 20 7946 0958", "+442079460958"),
        ])
    func phones(raw: String, expected: String) {
        #expect(russian.phone(raw) == expected)
    }

    @Test("a national number gets the configured country code")
    func nationalNumbers() {
        #expect(american.phone("(999) 829-1550") == "+19998291550")
        #expect(american.phone("1 999 829 1550") == "+19998291550")
        #expect(russian.phone("(999) 829-1550") == "+79998291550")
    }

    @Test("too few or too many digits is not a phone", arguments: ["", "123", "call me", "+1234567890123456"])
    func notPhones(raw: String) {
        #expect(russian.phone(raw) == nil)
    }

    @Test("the default country code does not make four digits a phone", arguments: ["1234", "12-34", "00 1234"])
    func fourDigitsNotPhones(raw: String) {
        #expect(russian.phone(raw) == nil)
        #expect(american.phone(raw) == nil)
    }

    @Test("digits around a control character or in an escape sequence are no phone")
    func controlCharactersNotPhones() {
        // A loop, not arguments: the test's log would show each argument's control characters.
        for raw in [
            "1\u{1B}[31m2", "12345\u{1B}[31m", "+7 916\u{0}123 45 67", "916\u{9B}1234567", "8 916 123\u{7F}45 67",
        ] {
            #expect(russian.phone(raw) == nil, "\(raw.unicodeScalars.map { $0.escaped(asASCII: true) }.joined())")
        }
    }

    @Test("five digits given are a phone, with the country code added; a tab is a space")
    func fiveDigits() {
        #expect(russian.phone("12345") == "+712345")
        #expect(russian.phone("+7\t916 123 45 67") == "+79161234567")
    }

    @Test("emails are trimmed and lowercased; malformed ones give nil")
    func emails() {
        #expect(russian.email("  Tom.Clifton@Example.COM ") == "tom.clifton@example.com")
        #expect(russian.email("ИВАН@почта.рф") == "иван@почта.рф")
        for bad in ["", "tom", "@example.com", "tom@", "a b@example.com", "a@b@c"] {
            #expect(russian.email(bad) == nil, "\(bad)")
        }
    }

    @Test(
        "phones outside ASCII read digits by Characters as ASCII ones do by bytes",
        arguments: [
            ("８ 916 123-45-67", "+79161234567"), ("+7\u{A0}916\u{A0}123 45 67", "+79161234567"),
            ("тел. 8 (916) 123-45-67", "+79161234567"), ("+\u{301}7 916 123 45 67", "+79161234567"),
            ("1\u{301}23 456 78 90", "+7234567890"), (" 00 1 408 498 7855\r\n", "+14084987855"),
        ])
    func phonesOutsideASCII(raw: String, expected: String) {
        #expect(russian.phone(raw) == expected)
    }
}
