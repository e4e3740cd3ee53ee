import CRMCore
import Testing

@Suite struct LeadFieldTitleTests {
    @Test func aCustomFieldIsFoundByItsTitleIgnoringCase() {
        let fields = [LeadField(title: "Budget", content: "10k"), LeadField(title: "City", content: "Riga")]
        #expect(fields.field(titled: "CITY")?.content == "Riga")
        #expect(fields.fieldIndex(titled: "budget") == 0)
        #expect(fields.field(titled: "Phone") == nil)
    }
}
