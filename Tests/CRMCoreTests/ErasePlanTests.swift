import CRMCore
import Testing

@Suite("Erase plans: what finds a person's data")
struct ErasePlanTests {
    let normalizer = ContactNormalizer(defaultCountryCode: "7")

    @Test("contacts as typed and normalised, the visitor token, conflict values and call phones; short ones left out")
    func terms() {
        var lead = Lead(id: 1)
        lead.name = "Анна"
        lead.emails = [ContactValue(value: "Anna@Example.com", normalized: normalizer.email("Anna@Example.com")!)]
        lead.phones = [ContactValue(value: "8 916 555-11-22", normalized: normalizer.phone("8 916 555-11-22")!)]
        lead.userToken = "token-1"
        let plan = ErasePlan(
            leads: [lead], conflictValues: [(.name, ["Ann", "A"]), (.email, ["ann@work.example", "x@y"])],
            callPhones: ["+7 916 000-00-00", "112"])
        #expect(
            plan.contacts == [
                "Anna@Example.com", "anna@example.com", "8 916 555-11-22", "+79165551122", "token-1",
                "ann@work.example", "+7 916 000-00-00",
            ])
        #expect(plan.names == ["Анна", "Ann"])
    }

    @Test("a name is looked for in raw bodies as a JSON string, also with non-ASCII escaped")
    func bodyTerms() {
        var lead = Lead(id: 1)
        lead.name = "Анна"
        let plan = ErasePlan(leads: [lead], conflictValues: [], callPhones: [])
        #expect(plan.bodyTerms.contains("\"Анна\""))
        #expect(plan.bodyTerms.contains("\"\\u0410\\u043d\\u043d\\u0430\""))
        #expect(ErasePlan.asciiLowercased("ÄB@Example.COM") == "Äb@example.com")
    }
}
