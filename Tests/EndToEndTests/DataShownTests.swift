import Foundation
import JivoProtocol
import Testing
import TestSupport

/// Issue 10: what the command line shows and accepts: phones found in every format matching
/// accepts, times in the configured zone, links and lengths checked before they are stored.
@Suite("Data shown and accepted")
struct DataShownTests {
    /// A CRM holding one imported lead `name` with `phone`; its id.
    private static func crm(phone: String, settings: [String: String] = [:]) throws -> (CRMHarness, Int64) {
        let crm = try CRMHarness(settings: settings)
        let file = crm.directory.file("people.csv")
        try "name,phone\nIvan Petrov,\(phone)\n".write(toFile: file, atomically: true, encoding: .utf8)
        try crm.succeed("import", file)
        let lead = try #require(try crm.leads().first)
        return (crm, try lead.id())
    }

    @Test func leadsSearchFindsAPhoneInEveryFormatMatchingAccepts() throws {
        let (crm, id) = try Self.crm(phone: "+7 903 946-82-00")
        for text in ["8 (903) 946-82-00", "89039468200", "+7 903 946 82 00"] {
            let found = try #require(try crm.json("leads", "--search", text).arrayValue)
            #expect(try found.map { try $0.id() } == [id], "\(text)")
        }
        let (american, client) = try Self.crm(phone: "(646) 938-0741", settings: ["default_country_code": "1"])
        for text in ["646 938 0741", "001 646 938 0741", "+1 (646) 938-0741"] {
            let found = try #require(try american.json("leads", "--search", text).arrayValue)
            #expect(try found.map { try $0.id() } == [client], "\(text)")
        }
    }
}
