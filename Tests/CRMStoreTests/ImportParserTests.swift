import CRMCore
import Testing

@Suite("Import parsers: CSV and vCard")
struct ImportParserTests {
    @Test("CSV: quoted fields with separators, doubled quotes and newlines; CRLF; line numbers")
    func csvQuoting() throws {
        let text =
            "name,email,note\r\n\"Clifton, Tom\",tom@example.com,\"said \"\"hi\"\"\nand left\"\r\n\r\nAnna,anna@example.com,\r\n"
        let records = try CSVReader.records(Array(text.utf8))
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["Clifton, Tom", "tom@example.com", "said \"hi\"\nand left"])
        #expect(records[2].fields == ["Anna", "anna@example.com", ""])
    }

    @Test("CSV: a semicolon file with a byte-order mark is detected as such")
    func csvSemicolonBOM() throws {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("Name;Email;Phone\nИван Петров;ivan@example.com;+7 916 123-45-67\n".utf8)
        let records = try CSVReader.records(bytes)
        #expect(records[0].fields == ["Name", "Email", "Phone"])
        #expect(records[1].fields == ["Иван Петров", "ivan@example.com", "+7 916 123-45-67"])
        let people = try ImportRecord.fromCSV(records)
        #expect(people.first?.name == "Иван Петров")
        #expect(people.first?.phones == ["+7 916 123-45-67"])
    }

    @Test("CSV: an unclosed quote names the line it opened on")
    func csvUnclosedQuote() {
        #expect(throws: CRMError.invalidArgument("line 3: a quoted field is never closed; add the closing \"")) {
            try CSVReader.records(Array("name\nTom\n\"Anna\nand more".utf8))
        }
    }

    @Test("CSV: columns map by name, --map renames, other columns become custom fields")
    func csvMapping() throws {
        let text =
            "Full Name,Mobile,E-mail,Plan,Status\nTom,+1 408 498-7855,\"a@example.com; b@example.com\",Gold,won\n"
        let people = try ImportRecord.fromCSV(try CSVReader.records(Array(text.utf8)), mapping: ["mobile": "phone"])
        let tom = try #require(people.first)
        #expect(tom.name == "Tom")
        #expect(tom.phones == ["+1 408 498-7855"])
        #expect(tom.emails == ["a@example.com", "b@example.com"])
        #expect(tom.fields == [LeadField(title: "Plan", content: "Gold")])
        #expect(tom.status == .won)
    }

    @Test("CSV: a bad status stops with the line number")
    func csvBadStatus() {
        #expect(throws: CRMError.self) {
            try ImportRecord.fromCSV(try CSVReader.records(Array("name,status\nTom,open\nAnna,maybe\n".utf8)))
        }
        do {
            _ = try ImportRecord.fromCSV(try CSVReader.records(Array("name,status\nTom,open\nAnna,maybe\n".utf8)))
        } catch {
            #expect(error.message.hasPrefix("line 3: "))
        }
    }

    @Test("CSV: every refused row is named, each with what to do, not just the first")
    func csvEveryRefusedRow() {
        let text = """
            name,email,phone,status,description
            Tom,tom@example.com,,,
            ,,,,only a note
            Anna,,,maybe,
            Bob,bob-at-example,,,
            Eve,,12,,
            Ann,,,,,extra
            ,,,won,another note

            """
        do {
            _ = try ImportRecord.fromCSV(try CSVReader.records(Array(text.utf8)))
            Issue.record("the rows should have been refused")
        } catch {
            let lines = error.message.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("the file has 6 entries that cannot be imported, so nothing was") == true)
            #expect(
                lines.dropFirst().map { $0.prefix(8) } == [
                    "line 3: ", "line 4: ", "line 5: ", "line 6: ", "line 7: ", "line 8: ",
                ])
            #expect(lines[1] == "line 3: the row has no name, email, phone or title; fill one in or delete the row")
            #expect(lines[6] == "line 8: the row has no name, email, phone or title; fill one in or delete the row")
            #expect(lines.dropFirst().allSatisfy { $0.contains(";") }, "each says what to do")
            #expect(!error.message.contains("bob-at-example"))
        }
    }

    @Test("vCard and JSON: every refused card and lead is named, not just the first")
    func vcardAndJSONEveryRefusal() {
        let cards = "BEGIN:VCARD\nNOTE:a\nEND:VCARD\nBEGIN:VCARD\nFN:Tom\nEND:VCARD\nBEGIN:VCARD\nNOTE:b\nEND:VCARD\n"
        #expect(
            throws: CRMError.invalidArgument(
                "the file has 2 entries that cannot be imported, so nothing was; correct or remove each and import again:\n"
                    + "line 1: the card has no FN, EMAIL, TEL or X-JIVOCRM-TITLE; fill one in or remove the card\n"
                    + "line 7: the card has no FN, EMAIL, TEL or X-JIVOCRM-TITLE; fill one in or remove the card")
        ) { try ImportRecord.fromVCards(try VCard.parse(cards)) }
        let json = #"{"leads":[{"description":"x"},{"name":"Tom"},7,{"title":"JivoChat #5 - Visitor 5"}]}"#
        do {
            _ = try ImportRecord.fromJSON(Array(json.utf8))
            Issue.record("the leads should have been refused")
        } catch {
            let lines = error.message.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.dropFirst().map { $0.prefix(8) } == ["lead 1: ", "lead 3: "])
        }
    }

    @Test("CSV: formula-looking text is guarded on export and unguarded on import; phones are left alone")
    func csvFormulaGuard() {
        #expect(CSVWriter.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVWriter.field("+7 916 123-45-67") == "+7 916 123-45-67")
        #expect(CSVWriter.unguarded("'=1+1") == "=1+1")
        #expect(CSVWriter.unguarded("'quoted") == "'quoted")
    }

    @Test("vCard: folded lines, groups, parameters, several EMAIL and TEL, escapes, 4.0 tel: URIs")
    func vcard() throws {
        let text = """
            BEGIN:VCARD\r
            VERSION:3.0\r
            FN:Tom\r
              Clifton\r
            item1.EMAIL;TYPE=INTERNET,pref:tom@example.com\r
            EMAIL:t.clifton@example.com\r
            TEL;TYPE=cell:+1 408 498-7855\r
            NOTE:likes tea\\, not coffee\\nsecond line\r
            URL:https://crm.example.com/1\r
            END:VCARD\r
            BEGIN:VCARD\r
            VERSION:4.0\r
            N:Petrov;Ivan;;;\r
            TEL;VALUE=uri;TYPE="voice,cell":tel:+7-916-123-45-67\r
            EMAIL;LABEL="Office: 2nd floor":ivan@example.com\r
            END:VCARD\r

            """
        let cards = try VCard.parse(text)
        #expect(cards.count == 2)
        #expect(cards[0].name == "Tom Clifton")
        #expect(cards[0].emails == ["tom@example.com", "t.clifton@example.com"])
        #expect(cards[0].phones == ["+1 408 498-7855"])
        #expect(cards[0].note == "likes tea, not coffee\nsecond line")
        #expect(cards[0].url == "https://crm.example.com/1")
        #expect(cards[1].name == "Ivan Petrov")
        #expect(cards[1].phones == ["+7-916-123-45-67"])
        #expect(cards[1].emails == ["ivan@example.com"])
        #expect(cards[1].line == 11)
    }

    @Test("vCard: serialised cards fold long lines and parse back to the same values")
    func vcardRoundTrip() throws {
        let card = VCard(
            line: 1, name: "Анна-Мария" + String(repeating: " Длинное Имя", count: 8),
            emails: ["a@example.com", "b@example.com"],
            phones: ["+7 916 123-45-67"], note: "one; two, three\nfour", url: "https://x.example.com/a?b=c",
            status: "won",
            manager: "boss@example.com")
        let text = card.serialized
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let parsed = try VCard.parse(text)
        #expect(parsed == [card])
    }

    @Test("vCard: a card that is never closed names its line")
    func vcardUnclosed() {
        #expect(throws: CRMError.invalidArgument("line 1: the card is never closed; end it with END:VCARD")) {
            try VCard.parse("BEGIN:VCARD\nFN:Tom\n")
        }
    }
}
