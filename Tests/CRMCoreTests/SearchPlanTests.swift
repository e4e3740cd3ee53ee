import CRMCore
import Testing

/// What a typed search looks for is decided before the store runs it, the same on either engine.
@Suite("Search plan")
struct SearchPlanTests {
    let russian = ContactNormalizer(defaultCountryCode: "7")

    @Test("nothing typed selects every lead", arguments: [nil, "", "   ", "\t\n"] as [String?])
    func nothingTyped(typed: String?) {
        #expect(SearchPlan(typed, normalizer: russian) == .everything)
    }

    @Test(
        "#42 and :42 name a lead by its number, white space around them ignored",
        arguments: [("#42", Int64(42)), (":7", 7), ("  #42  ", 42), ("#007", 7)])
    func leadNumbers(typed: String, id: Int64) {
        #expect(SearchPlan(typed, normalizer: russian) == .lead(id))
    }

    @Test("a # that does not stand before digits alone is text")
    func notALeadNumber() {
        #expect(SearchPlan("#4a2", normalizer: russian) == .anyOf(["#4a2"]))
        #expect(SearchPlan("#99999999999999999999", normalizer: russian) == .anyOf(["#99999999999999999999"]))
        #expect(SearchPlan("#", normalizer: russian) == .contacts(nameSpellings: ["#"], lowered: "#"))
    }

    @Test("fewer than three characters scan the contacts, the name in every mix of cases")
    func shortSearches() {
        #expect(
            SearchPlan("aB", normalizer: russian)
                == .contacts(nameSpellings: ["AB", "Ab", "aB", "ab"], lowered: "ab"))
        #expect(SearchPlan("Я1", normalizer: russian) == .contacts(nameSpellings: ["Я1", "я1"], lowered: "я1"))
        #expect(SearchPlan("12", normalizer: russian) == .contacts(nameSpellings: ["12"], lowered: "12"))
        #expect(SearchPlan(" x ", normalizer: russian) == .contacts(nameSpellings: ["X", "x"], lowered: "x"))
        // "ı" is "I" uppercased, which is "i" too to SQLite's LIKE: PostgreSQL's is told so.
        #expect(SearchPlan("ı", normalizer: russian) == .contacts(nameSpellings: ["I", "i", "ı"], lowered: "ı"))
        #expect(
            SearchPlan("ß%", normalizer: russian)
                == .contacts(nameSpellings: ["SS%", "Ss%", "sS%", "ss%", "ß%"], lowered: "ß%"))
    }

    @Test("text is looked up as typed, digits in it included")
    func text() {
        #expect(SearchPlan("maria", normalizer: russian) == .anyOf(["maria"]))
        #expect(SearchPlan("Maria Garcia 500", normalizer: russian) == .anyOf(["Maria Garcia 500"]))
        #expect(SearchPlan("ann@example.com", normalizer: russian) == .anyOf(["ann@example.com"]))
    }

    @Test("a phone with separators also finds its digits; digits typed together are searched alone")
    func phones() {
        #expect(
            SearchPlan("+7 916 123-45-67", normalizer: russian) == .anyOf(["+7 916 123-45-67", "79161234567"]))
        #expect(SearchPlan("+79161234567", normalizer: russian) == .anyOf(["79161234567"]))
        #expect(SearchPlan("555", normalizer: russian) == .anyOf(["555"]))
    }

    @Test("a phone in a national format also finds the number matching takes it for, by the country code")
    func nationalPhones() {
        #expect(
            SearchPlan("8 (903) 946-82-00", normalizer: russian)
                == .anyOf(["8 (903) 946-82-00", "89039468200", "79039468200"]))
        let american = ContactNormalizer(defaultCountryCode: "1")
        #expect(
            SearchPlan("001 646 938 0741", normalizer: american)
                == .anyOf(["001 646 938 0741", "0016469380741", "16469380741"]))
        // The normalised form holds the digits already: any text holding them is found anyway.
        #expect(SearchPlan("(646) 938-0741", normalizer: american) == .anyOf(["(646) 938-0741", "6469380741"]))
    }

    @Test("the index is asked for a term's longest run of five digits or more, the first of the longest")
    func indexedParts() {
        #expect(SearchPlan.indexedPart(of: "visitor500000@example.com") == "500000")
        #expect(SearchPlan.indexedPart(of: "доставка заказа 500000?") == "500000")
        #expect(SearchPlan.indexedPart(of: "order 12345 of 2024-56789") == "12345")
        #expect(SearchPlan.indexedPart(of: "a 123456 b 1234567 c") == "1234567")
        #expect(SearchPlan.indexedPart(of: "+7 916 123-45-67") == nil)
        #expect(SearchPlan.indexedPart(of: "invoice 2024") == nil)
        #expect(SearchPlan.indexedPart(of: "Maria") == nil)
        // Digits alone are the whole term already.
        #expect(SearchPlan.indexedPart(of: "79161234567") == nil)
        #expect(SearchPlan.indexedPart(of: "٥٥٥٥٥٥ x") == nil)
    }
}
