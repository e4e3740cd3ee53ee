import JivoProtocol
import Testing

/// A delivery decoded, with its position in the run.
private struct Decoded {
    var index: Int
    var delivery: DemoDelivery
    var event: WebhookEvent
}

private func run(seed: UInt64, count: Int = 300, defaultCountryCode: String = "7") throws -> [Decoded] {
    var traffic = DemoTraffic(seed: seed, defaultCountryCode: defaultCountryCode)
    return try traffic.next(count).enumerated().map { index, delivery in
        Decoded(
            index: index, delivery: delivery,
            event: try WebhookEvent.decode(body: delivery.bodyBytes))
    }
}

/// The last ten digits of a phone as typed: the national number for both +7 and +1 formats.
private func nationalDigits(_ phone: String?) -> String? {
    phone.map { String($0.filter(\.isASCII).filter(\.isNumber).suffix(10)) }
}

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        var random = SplitMix64(seed: 1_234_567)
        #expect(
            [random.next(), random.next(), random.next()]
                == [
                    6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                ])
    }

    @Test func rangesStayInBounds() {
        var random = SplitMix64(seed: 9)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = random.int(in: 3...12)
            #expect((3...12).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 10)
    }

    @Test func shuffleIsAPermutation() {
        var random = SplitMix64(seed: 5)
        let shuffled = random.shuffled(Array(0..<50))
        #expect(shuffled.sorted() == Array(0..<50))
        #expect(shuffled != Array(0..<50))
    }
}

@Suite struct DemoTrafficTests {
    @Test func sameSeedGivesIdenticalDeliveries() {
        var first = DemoTraffic(seed: 42)
        var second = DemoTraffic(seed: 42)
        let a = first.next(200)
        let b = second.next(200)
        #expect(a == b)
        #expect(a.map(\.bodyBytes) == b.map(\.bodyBytes))
        #expect(a.map(\.summary) == b.map(\.summary))
    }

    @Test func differentSeedsGiveDifferentDeliveries() {
        var first = DemoTraffic(seed: 1)
        var second = DemoTraffic(seed: 2)
        #expect(first.next(20) != second.next(20))
    }

    @Test func batchesContinueWhereTheLastStopped() {
        var whole = DemoTraffic(seed: 7)
        var pieces = DemoTraffic(seed: 7)
        #expect(pieces.next(3) + pieces.next(0) + pieces.next(57) == whole.next(60))
    }

    @Test func widgetIDIsUsedInEveryBody() throws {
        var traffic = DemoTraffic(seed: 3, widgetID: "w-77")
        for delivery in traffic.next(50) {
            #expect(delivery.body["widget_id"] == .string("w-77"))
        }
    }

    @Test(arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func twoHundredDeliveriesShowEveryScenarioAndDecodeToKnownEvents(seed: UInt64) throws {
        let decoded = try run(seed: seed, count: 200)
        #expect(Set(decoded.map(\.delivery.scenario)) == Set(DemoScenario.allCases))
        for item in decoded {
            let kind = try #require(item.event.kind, "\(item.delivery.summary)")
            #expect(item.delivery.summary.hasPrefix(kind.rawValue + " · "))
            #expect(item.delivery.summary.hasSuffix(" · " + item.delivery.scenario.rawValue))
            #expect(item.event.widgetID == DemoTraffic.defaultWidgetID)
            if let chatID = item.event.chatID {
                #expect(item.delivery.summary.contains("chat \(chatID)"))
            }
        }
        let kinds = Set(decoded.compactMap(\.event.kind))
        #expect(
            kinds
                == [
                    .chatAccepted, .chatUpdated, .chatFinished, .offlineMessage, .callEvent,
                    .clientUpdated,
                ])
    }

    @Test func summariesCarryNoPersonalData() throws {
        for item in try run(seed: 11) {
            let visitor = item.event.visitor
            for secret in [visitor?.name, visitor?.email, visitor?.phone].compactMap({ $0 }) {
                #expect(!item.delivery.summary.contains(secret))
            }
        }
    }

    @Test func conversationsRunAcceptedThenMaybeUpdatedThenFinished() throws {
        let decoded = try run(seed: 5)
        let chats = Dictionary(
            grouping: decoded.filter { $0.event.kind != .callEvent && $0.event.chatID != nil }
        ) {
            $0.event.chatID!
        }
        var finishedCount = 0
        for (_, items) in chats {
            let kinds = items.map { $0.event.kind }
            #expect(kinds.first == .chatAccepted)
            let complete =
                kinds == [.chatAccepted, .chatFinished]
                || kinds == [.chatAccepted, .chatUpdated, .chatFinished]
            let cutOff = kinds == [.chatAccepted] || kinds == [.chatAccepted, .chatUpdated]
            #expect(complete || (cutOff && items.last!.index >= decoded.count - 12))
            if let finished = items.last, finished.event.kind == .chatFinished {
                finishedCount += 1
                let transcript = try #require(finished.event.transcript)
                #expect((3...12).contains(transcript.messages.count))
                #expect(transcript.messages.first?.type == "visitor")
                #expect(transcript.messages.allSatisfy { !$0.text.isEmpty && $0.timestamp != nil })
                let stamps = transcript.messages.compactMap(\.timestamp)
                #expect(stamps == stamps.sorted())
                let agentIDs = Set(finished.event.agents.compactMap(\.id))
                for message in transcript.messages where message.type == "agent" {
                    #expect(message.agentID.map(agentIDs.contains) == true)
                }
                #expect(
                    finished.event.agents.allSatisfy { $0.email?.hasSuffix("@example.com") == true }
                )
            }
            if items.count == 3 {
                let early = items[0].event.visitor
                #expect(early?.email == nil && early?.phone == nil)
                #expect(
                    items[1].event.visitor?.email != nil || items[1].event.visitor?.phone != nil)
            }
        }
        #expect(finishedCount > 10)
    }

    @Test func callsRunThroughTheirStatuses() throws {
        let decoded = try run(seed: 8)
        let calls = Dictionary(grouping: decoded.filter { $0.event.kind == .callEvent }) {
            $0.event.chatID!
        }
        var ended = 0
        var failed = 0
        for (_, items) in calls {
            let statuses = items.compactMap { $0.event.call?.status }
            let full = ["start", "agent_connected", "client_connected", "end"]
            if items[0].delivery.scenario == .call {
                #expect(Array(full.prefix(statuses.count)) == statuses)
                if statuses.last == "end" {
                    ended += 1
                    #expect(items.last?.event.call?.recordURL?.hasSuffix(".mp3") == true)
                }
            } else {
                #expect(items[0].delivery.scenario == .failedCall)
                if statuses.last == "error" {
                    failed += 1
                    #expect(Array(full.prefix(statuses.count - 1)) == statuses.dropLast())
                    #expect(items.last?.event.call?.reason?.isEmpty == false)
                    #expect(items.last?.event.call?.recordURL == nil)
                }
            }
            #expect(items.allSatisfy { $0.event.call?.phone?.isEmpty == false })
        }
        #expect(ended > 2 && failed > 0)
    }

    @Test func returningVisitorsMatchWhatWasSeenBefore() throws {
        let decoded = try run(seed: 13, count: 400)
        var checked: Set<DemoScenario> = []
        for item in decoded where item.event.kind == .chatFinished {
            let earlier = decoded[..<item.index].filter { $0.event.chatID != item.event.chatID }
            let visitor = try #require(item.event.visitor)
            switch item.delivery.scenario {
            case .returningByEmail:
                let email = try #require(visitor.email)
                #expect(visitor.phone == nil)
                let first = earlier.lazy.compactMap(\.event.visitor?.email)
                    .first { $0.lowercased() == email.lowercased() }
                #expect(first != nil)
                #expect(first != email, "the email comes back in another letter case")
                checked.insert(.returningByEmail)
            case .returningByPhone:
                let phone = try #require(visitor.phone)
                #expect(visitor.email == nil)
                let first = earlier.lazy.compactMap(\.event.visitor?.phone)
                    .first { nationalDigits($0) == nationalDigits(phone) }
                #expect(first != nil)
                #expect(first != phone, "the phone comes back in another format")
                checked.insert(.returningByPhone)
            case .returningByVisitorNumber:
                #expect(visitor.email == nil && visitor.phone == nil)
                #expect(earlier.contains { $0.event.visitor?.number == visitor.number })
                checked.insert(.returningByVisitorNumber)
            case .phoneConflict:
                let email = try #require(visitor.email).lowercased()
                let phone = try #require(nationalDigits(visitor.phone))
                let sameEmail = earlier.filter { $0.event.visitor?.email?.lowercased() == email }
                #expect(!sameEmail.isEmpty)
                let knownPhones = sameEmail.compactMap { nationalDigits($0.event.visitor?.phone) }
                #expect(!knownPhones.isEmpty)
                #expect(!knownPhones.contains(phone))
                checked.insert(.phoneConflict)
            default:
                break
            }
        }
        #expect(checked.count == 4)
    }

    @Test func offlineMessagesAndClientUpdatesCarryTheirFields() throws {
        let decoded = try run(seed: 21)
        let offline = decoded.filter { $0.event.kind == .offlineMessage }
        let updates = decoded.filter { $0.event.kind == .clientUpdated }
        #expect(!offline.isEmpty && !updates.isEmpty)
        for item in offline {
            #expect(item.event.offlineMessageID != nil)
            #expect(item.event.chatID == nil)
            #expect(item.event.message?.isEmpty == false)
            #expect(item.event.session?.geoip != nil)
        }
        for item in updates {
            #expect(item.event.clientID != nil)
            #expect(item.event.assignedAgent?.email?.hasSuffix("@example.com") == true)
            #expect(item.event.session == nil && item.event.chatID == nil)
        }
        #expect(Set(offline.compactMap(\.event.offlineMessageID)).count == offline.count)
    }

    @Test func trafficIsVariedTheWayRealTrafficIs() throws {
        let decoded = try run(seed: 17, count: 400)
        let bodies = decoded.map(\.delivery.body)
        let chatIDs = bodies.compactMap { $0["chat_id"] }
        #expect(chatIDs.contains { $0.stringValue != nil })
        #expect(chatIDs.contains { if case .number = $0 { true } else { false } })
        let names = decoded.compactMap(\.event.visitor?.name)
        #expect(
            names.contains { $0.unicodeScalars.contains { (0x0410...0x044F).contains($0.value) } })
        #expect(names.contains { $0.unicodeScalars.allSatisfy(\.isASCII) })
        let texts = decoded.flatMap { $0.event.transcript?.messages.map(\.text) ?? [] }
        #expect(texts.contains { $0.contains("Здравствуйте") })
        #expect(texts.contains { $0.contains("Hello") })
        let titles = decoded.compactMap(\.event.page?.title)
        #expect(
            titles.contains { $0.contains("Доставка") }
                || titles.contains { $0.contains("Магазин") })
        let phones = decoded.compactMap(\.event.visitor?.phone)
        #expect(phones.contains { $0.hasPrefix("8 (") && $0.contains("-") })
        // US numbers are typed without +1 only where the CRM's default country code is 1.
        #expect(!phones.contains { $0.hasPrefix("(") })
        let american = try run(seed: 17, count: 400, defaultCountryCode: "1").compactMap(\.event.visitor?.phone)
        #expect(american.contains { $0.hasPrefix("(") })
        #expect(phones.contains { $0.hasPrefix("+1 ") })
        #expect(phones.contains { $0.hasPrefix("+7 ") })
        let emails = decoded.compactMap(\.event.visitor?.email)
        #expect(emails.contains { $0 != $0.lowercased() })
        #expect(emails.contains { $0 == $0.lowercased() })
        let sessions = decoded.compactMap(\.event.session)
        #expect(sessions.contains { $0.utm.contains { $0.key == "utm_source" } })
        #expect(sessions.contains { $0.utm.isEmpty })
        #expect(bodies.contains { $0["session"]?["utm_json"] != nil })
        #expect(
            bodies.contains {
                $0["session"]?["utm"]?.stringValue?.contains("|") == true
                    && $0["session"]?["utm_json"] == nil
            })
        #expect(sessions.contains { $0.geoip?.all.contains { $0.key == "isp" } == true })
        #expect(sessions.allSatisfy { $0.userAgent?.hasPrefix("Mozilla/5.0") == true })
    }
}
