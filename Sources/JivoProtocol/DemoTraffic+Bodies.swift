/// Building the webhook bodies of each demo scenario.
extension DemoTraffic {
    /// The contacts a visitor shows in one chat, as typed there.
    struct Shown: Sendable {
        var name: String?
        var email: String?
        var phone: String?
        var number: Int

        init(name: String? = nil, email: String? = nil, phone: String? = nil, number: Int) {
            self.name = name
            self.email = email
            self.phone = phone
            self.number = number
        }
    }

    /// Everything a person has, typed their usual way.
    func shownContacts(of person: Person) -> Shown {
        Shown(
            name: person.name, email: person.email.map { recased($0, style: person.emailStyle) },
            phone: person.phone?.typed(style: person.phoneStyle), number: person.number)
    }

    /// chat_accepted, chat_updated when the visitor fills the contact form, chat_finished.
    mutating func conversation(
        _ scenario: DemoScenario, person: Person, shown: Shown
    ) -> [DemoDelivery] {
        let chatID = takeChatID()
        let agent = pickAgent(person.language)
        var common = JSONObject()
        if random.chance(0.6) { common["client_id"] = id(person.clientID) }
        if random.chance(0.2) { common["user_token"] = .string("site-user-\(person.clientID)") }
        let chatsCount = random.int(in: 1...9)
        let context: JSONObject = [
            "session": session(person.language), "page": page(person.language),
        ]
        let viaForm = (shown.email != nil || shown.phone != nil) && random.chance(0.4)
        let early =
            viaForm
            ? Shown(name: random.chance(0.5) ? shown.name : nil, number: shown.number) : shown

        var deliveries: [DemoDelivery] = []
        for (event, contacts) in [("chat_accepted", early)]
            + (viaForm ? [("chat_updated", shown)] : [])
        {
            var body = header(event, chatID: chatID, common: common)
            body["visitor"] = visitor(contacts, chatsCount: chatsCount)
            body["agent"] = self.agent(agent)
            append(context, to: &body)
            deliveries.append(delivery(scenario, event, "chat \(chatID)", body))
        }

        var body = header("chat_finished", chatID: chatID, common: common)
        body["visitor"] = visitor(shown, chatsCount: chatsCount)
        var agents = [agent]
        if random.chance(0.15) {
            let second = pickAgent(person.language)
            if second.id != agent.id { agents.append(second) }
        }
        body["agents"] = .array(agents.map { self.agent($0) })
        let messages = transcript(person.language, agents: agents)
        var chat: JSONObject = ["messages": .array(messages.map(\.json))]
        chat["rate"] = random.pick([.string("positive"), .string("negative"), .null])
        chat["blacklisted"] = .bool(random.chance(0.03))
        if random.chance(0.25) {
            chat["invitation"] = .string(random.pick(Self.invitations(person.language)))
        }
        body["chat"] = .object(chat)
        if random.chance(0.4) {
            body["plain_messages"] = .string(
                messages.map { "\($0.author): \($0.text)" }.joined(separator: "\n"))
        }
        append(context, to: &body)
        deliveries.append(delivery(scenario, "chat_finished", "chat \(chatID)", body))
        return deliveries
    }

    /// One offline_message.
    mutating func offlineMessage(person: Person) -> [DemoDelivery] {
        let messageID = nextOfflineMessageID
        nextOfflineMessageID += random.int(in: 1...5)
        var body = header("offline_message", chatID: nil, common: [:])
        body["visitor"] = visitor(shownContacts(of: person), chatsCount: random.int(in: 0...3))
        body["offline_message_id"] = id(messageID)
        body["message"] = .string(random.pick(Self.offlineLines(person.language)))
        body["session"] = session(person.language)
        body["page"] = page(person.language)
        return [delivery(.offlineMessage, "offline_message", "offline \(messageID)", body)]
    }

    /// A call's status changes, one call_event each.
    mutating func call(_ scenario: DemoScenario, person: Person) -> [DemoDelivery] {
        let chatID = takeChatID()
        let agent = pickAgent(person.language)
        let type = random.pick(["callback", "callback", "incoming", "outgoing"])
        let phone = person.phone?.typed(style: person.phoneStyle) ?? ""
        var statuses = ["start", "agent_connected", "client_connected", "end"]
        if scenario == .failedCall {
            statuses = Array(statuses.prefix(random.int(in: 1...3))) + ["error"]
        }
        let clientID = id(person.clientID)
        let shown = shownContacts(of: person)
        return statuses.map { status in
            var body = header("call_event", chatID: chatID, common: ["client_id": clientID])
            body["visitor"] = visitor(shown, chatsCount: nil)
            if status != "start" { body["agent"] = self.agent(agent) }
            var call: JSONObject = [
                "type": .string(type), "phone": .string(phone), "status": .string(status),
            ]
            if status == "error" { call["reason"] = .string(random.pick(Self.callFailures)) }
            if status == "end" {
                call["record_url"] = .string("https://records.example.com/calls/\(chatID).mp3")
            }
            body["call"] = .object(call)
            return delivery(scenario, "call_event", "chat \(chatID) \(status)", body)
        }
    }

    /// One client_updated: the card changed outside a chat.
    mutating func clientUpdate(person: Person) -> [DemoDelivery] {
        var body = header("client_updated", chatID: nil, common: ["client_id": id(person.clientID)])
        body["visitor"] = visitor(shownContacts(of: person), chatsCount: nil)
        if random.chance(0.4) {
            body["organization"] = .object([
                "id": id(random.int(in: 10...99)),
                "name": .string(person.language == .russian ? "ООО «Вектор»" : "Acme Corp."),
            ])
        }
        let status = random.pick(Self.clientStatuses)
        body["status"] = .object(["id": id(status.id), "title": .string(status.title)])
        let manager = pickAgent(person.language)
        body["assigned_agent"] = .object([
            "id": id(manager.id), "email": .string(manager.email), "name": .string(manager.name),
        ])
        let tag = random.pick(Self.tags)
        body["tags"] = .array([.object(["id": id(tag.id), "title": .string(tag.title)])])
        return [delivery(.clientUpdate, "client_updated", "client \(person.clientID)", body)]
    }

    // MARK: Parts

    private func delivery(
        _ scenario: DemoScenario, _ event: String, _ subject: String, _ body: JSONObject
    ) -> DemoDelivery {
        DemoDelivery(
            scenario: scenario, summary: "\(event) · \(subject) · \(scenario.rawValue)",
            body: .object(body))
    }

    private mutating func header(_ event: String, chatID: Int?, common: JSONObject) -> JSONObject {
        var body: JSONObject = ["event_name": .string(event)]
        if let chatID { body["chat_id"] = id(chatID) }
        body["widget_id"] = .string(widgetID)
        for member in common.members { body[member.key] = member.value }
        return body
    }

    private func append(_ members: JSONObject, to body: inout JSONObject) {
        for member in members.members { body[member.key] = member.value }
    }

    /// An id as a JSON string or number, at random.
    private mutating func id(_ value: Int) -> JSONValue {
        random.chance(0.5) ? .string(String(value)) : .number(String(value))
    }

    /// An agent of the visitor's language, mostly.
    private mutating func pickAgent(_ language: Language) -> Staff {
        let preferred = Self.staff.filter { $0.language == language }
        return random.chance(0.8) ? random.pick(preferred) : random.pick(Self.staff)
    }

    private mutating func agent(_ staff: Staff) -> JSONValue {
        var object: JSONObject = [
            "id": id(staff.id), "name": .string(staff.name), "email": .string(staff.email),
        ]
        if let phone = staff.phone { object["phone"] = .string(phone) }
        return .object(object)
    }

    /// The visitor object; missing contacts are left out or sent as null.
    private mutating func visitor(_ shown: Shown, chatsCount: Int?) -> JSONValue {
        var object = JSONObject()
        let absent: JSONValue? = random.chance(0.5) ? .null : nil
        object["name"] = shown.name.map(JSONValue.string) ?? absent
        object["email"] = shown.email.map(JSONValue.string) ?? absent
        object["phone"] = shown.phone.map(JSONValue.string) ?? absent
        object["number"] = id(shown.number)
        if random.chance(0.3) { object["description"] = .string("") }
        object["social"] = .object([:])
        if let chatsCount { object["chats_count"] = .number(String(chatsCount)) }
        return .object(object)
    }

    private mutating func page(_ language: Language) -> JSONValue {
        let page = random.pick(Self.pages(language))
        return .object(["url": .string(page.url), "title": .string(page.title)])
    }

    /// geoip (sometimes with an ISP), UTM as a pipe string, as utm_json, or absent, IP, browser.
    private mutating func session(_ language: Language) -> JSONValue {
        let place = random.pick(Self.places(language))
        var geoip: JSONObject = [
            "region_code": .string(place[2]), "country": .string(place[3]),
            "country_code": .string(place[4]), "region": .string(place[1]),
            "city": .string(place[0]), "latitude": .string(place[5]),
            "longitude": .string(place[6]),
        ]
        if random.chance(0.5) { geoip["isp"] = .string(place[7]) }
        var session: JSONObject = ["geoip": .object(geoip)]
        let campaign = random.pick(Self.campaigns)
        let pipe =
            "source=\(campaign[0])|medium=\(campaign[1])|campaign=\(campaign[2])|term=\(campaign[3])"
        switch random.below(4) {
        case 0:
            session["utm"] = .string(pipe)
        case 1:
            session["utm"] = .string(pipe)
            session["utm_json"] = .object([
                "utm_source": .string(campaign[0]), "utm_medium": .string(campaign[1]),
                "utm_campaign": .string(campaign[2]), "utm_term": .string(campaign[3]),
            ])
        case 2:
            session["utm"] = .null
        default:
            break
        }
        let network = random.pick(Self.networks(language))
        let host = (0..<3).map { _ in String(random.int(in: 1...254)) }.joined(separator: ".")
        session["ip_addr"] = .string("\(network).\(host)")
        session["user_agent"] = .string(random.pick(Self.userAgents))
        return .object(session)
    }

    /// One transcript line and who wrote it.
    struct Line {
        var author: String
        var text: String
        var json: JSONValue
    }

    /// 3–12 messages starting with the visitor; now and then the agents never answer.
    private mutating func transcript(_ language: Language, agents: [Staff]) -> [Line] {
        let count = random.int(in: 3...12)
        let agentsAnswer = random.chance(0.92)
        var lines: [Line] = []
        var time = clock
        var visitorTurn = true
        var agentSpoke = false
        let visitorName = language == .russian ? "Посетитель" : "Visitor"
        for _ in 0..<count {
            time += random.int(in: 4...90)
            if visitorTurn || !agentsAnswer {
                let text = random.pick(Self.visitorLines(language))
                lines.append(
                    Line(
                        author: visitorName, text: text,
                        json: .object([
                            "timestamp": .number(String(time)), "type": .string("visitor"),
                            "message": .string(text),
                        ])))
            } else {
                let agent = random.pick(agents)
                let choices = Self.agentLines(language)
                let text = agentSpoke ? random.pick(Array(choices.dropFirst())) : choices[0]
                agentSpoke = true
                lines.append(
                    Line(
                        author: agent.name, text: text,
                        json: .object([
                            "timestamp": .number(String(time)), "type": .string("agent"),
                            "agent_id": id(agent.id), "message": .string(text),
                        ])))
            }
            visitorTurn = random.chance(0.25) ? visitorTurn : !visitorTurn
        }
        return lines
    }
}
