import JivoProtocol
import Testing

@Suite struct JSONSerializationTests {
    private let sample: JSONValue = .object([
        "event_name": .string("chat_finished"),
        "chat_id": .number("4248"),
        "rate": .null,
        "ok": .bool(true),
        "list": .array([.number("-1.50e+3"), .bool(false), .object([:]), .array([])]),
        "nested": .object(["name": .string("Иван \"Ваня\" 😀"), "n": .number("1")]),
    ])

    @Test func compactOutputKeepsKeyOrderAndLiterals() {
        #expect(
            sample.serialized()
                == #"{"event_name":"chat_finished","chat_id":4248,"rate":null,"ok":true,"#
                + #""list":[-1.50e+3,false,{},[]],"nested":{"name":"Иван \"Ваня\" 😀","n":1}}"#)
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        let expected = """
            {
              "event_name": "chat_finished",
              "chat_id": 4248,
              "rate": null,
              "ok": true,
              "list": [
                -1.50e+3,
                false,
                {},
                []
              ],
              "nested": {
                "name": "Иван \\"Ваня\\" 😀",
                "n": 1
              }
            }
            """
        #expect(sample.serialized(pretty: true) == expected)
    }

    @Test func scalarsSerialize() {
        #expect(JSONValue.null.serialized() == "null")
        #expect(JSONValue.number("1e400").serialized() == "1e400")
        #expect(JSONValue.string("").serialized() == #""""#)
        #expect(JSONValue.array([]).serialized(pretty: true) == "[]")
    }

    @Test func stringsEscapeQuotesBackslashesAndControls() {
        let text = "q\"b\\s/\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F}é"
        #expect(
            JSONValue.string(text).serialized()
                == #""q\"b\\s/\b\f\n\r\t\u0000\u001f"# + "\u{7F}é\"")
    }

    @Test func serializedBytesAreTheUTF8OfTheText() {
        #expect(sample.serializedBytes() == Array(sample.serialized().utf8))
        #expect(sample.serializedBytes(pretty: true) == Array(sample.serialized(pretty: true).utf8))
    }

    @Test func roundTripsThroughTheParser() throws {
        var controls = ""
        for scalar in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        let value: JSONValue = .array([
            sample, .string(controls), .string("Привет 👋🏽 \u{2028} \u{FEFF}"),
            .number("123456789012345678901234567890"), .number("-0.0e-7"),
        ])
        for pretty in [false, true] {
            #expect(try JSONParser.parse(value.serializedBytes(pretty: pretty)) == value)
        }
    }

    @Test func parsedTextReserializesByteForByteWhenCompact() throws {
        let text = #"{"a":[1,2.50,-3e7,"x\n\u0001"],"b":{"c":null,"d":"Ж😀"}}"#
        #expect(try JSONParser.parse(Array(text.utf8)).serialized() == text)
    }
}

@Suite struct ChatReplyJSONTests {
    @Test func replyIsWrittenInTheProtocolsOrder() {
        let reply = ChatReply(
            contactInfo: ContactInfo(name: "Иван", phone: "+79161234567", email: "a@b.c", description: "VIP"),
            customData: [
                CustomDataField(title: "Lead", content: "lead 5", link: "https://crm/5", key: "lead"),
                CustomDataField(content: "plain"),
            ],
            crmLink: "https://crm/lead/5", enableAssign: true)
        #expect(
            reply.json.serialized()
                == #"{"result":"ok","contact_info":{"name":"Иван","phone":"+79161234567","email":"a@b.c","#
                + #""description":"VIP"},"custom_data":[{"title":"Lead","content":"lead 5","link":"https://crm/5","#
                + #""key":"lead"},{"content":"plain"}],"crm_link":"https://crm/lead/5","enable_assign":true}"#)
        let bare = ChatReply(contactInfo: ContactInfo(), customData: [], crmLink: nil, enableAssign: false)
        #expect(
            bare.json.serialized()
                == #"{"result":"ok","contact_info":{"name":""},"#
                + #""custom_data":[],"enable_assign":false}"#)
    }

    @Test func theReplyWrittenDirectlyIsTheBytesOfItsJSON() {
        let texts = ["", "Иван Петров", "a\"b\\c\n\u{1}\u{7F}", "😀 e\u{301}", String(repeating: "x/", count: 40)]
        var random = SplitMix64(seed: 16)
        for round in 0..<200 {
            func text() -> String { texts[random.below(texts.count)] }
            func maybe() -> String? { random.below(2) == 0 ? nil : text() }
            let fields = (0..<random.below(13)).map { _ in
                CustomDataField(title: maybe(), content: text(), link: maybe(), key: maybe())
            }
            let reply = ChatReply(
                contactInfo: ContactInfo(name: text(), phone: text(), email: text(), description: text()),
                customData: fields, crmLink: maybe(), enableAssign: round % 2 == 0)
            #expect(reply.serializedBytes() == reply.json.serializedBytes())
        }
    }
}

@Suite struct JSONRobustnessTests {
    private let body: [UInt8] = {
        var traffic = DemoTraffic(seed: 99)
        return traffic.next(12).first { $0.summary.hasPrefix("chat_finished") }!.bodyBytes
    }()

    @Test func everyStrictPrefixOfAnObjectIsRejected() {
        #expect(throws: Never.self) { try JSONParser.parse(body) }
        for length in 0..<body.count {
            let prefix = Array(body[..<length])
            #expect(throws: JSONError.self, "prefix of \(length) bytes") {
                try JSONParser.parse(prefix)
            }
        }
    }

    @Test func corruptedBytesEitherParseOrFailWithAnOffsetInsideTheInput() {
        var random = SplitMix64(seed: 4)
        for _ in 0..<3_000 {
            var corrupted = body
            for _ in 0..<random.int(in: 1...3) {
                corrupted[random.below(corrupted.count)] = UInt8(random.below(256))
            }
            do {
                let value = try JSONParser.parse(corrupted)
                #expect(try JSONParser.parse(value.serializedBytes()) == value)
            } catch {
                #expect((0...corrupted.count).contains(error.offset))
            }
        }
    }

    @Test func demoBodiesRoundTripThroughTheSerializer() throws {
        var traffic = DemoTraffic(seed: 5)
        for delivery in traffic.next(100) {
            #expect(try JSONParser.parse(delivery.bodyBytes) == delivery.body)
            #expect(
                try JSONParser.parse(delivery.body.serializedBytes(pretty: true)) == delivery.body)
        }
    }
}
