/// Deterministic, realistic JivoChat webhook traffic for `jivocrm simulate` and benchmarks.
///
/// Scenarios (see ``DemoScenario``) are dealt from a shuffled deck that holds every scenario,
/// so any run of a few dozen deliveries shows all of them; up to three run at once and their
/// deliveries interleave, as they do from a busy channel. Visitors write in English or Russian,
/// type phones in the formats people use, and come back by email, phone or visitor number. Ids
/// are sent as strings or numbers at random. The same seed gives the same deliveries, byte for
/// byte, and `next(a) + next(b)` equals `next(a + b)`.
public struct DemoTraffic: Sendable {
    /// The widget id used when none is given.
    public static let defaultWidgetID = "demo-widget-3925"

    /// The channel the deliveries claim to come from.
    public let widgetID: String
    /// The country code the CRM gives phones typed without one (its `default_country_code`):
    /// only phones of that country are typed without their code, so a visitor who types the
    /// same number two ways does not raise a conflict that real traffic would not.
    public let defaultCountryCode: String

    var random: SplitMix64
    /// Unix seconds of the scenario being built.
    var clock: Int
    var nextChatID: Int
    var nextVisitorNumber: Int
    var nextClientID: Int
    var nextOfflineMessageID: Int
    /// Visitors whose first scenario has been delivered in full; they may come back.
    private var people: [Person] = []
    /// Visitors made up for the scenario being built.
    private var newcomers: [Person] = []
    /// Scenarios still to be dealt, drawn from the end.
    private var deck: [DemoScenario] = []
    /// The scenarios in progress.
    private var streams: [Stream] = []

    /// A scenario in progress: its deliveries still to send and the visitors it introduces.
    private struct Stream: Sendable {
        var deliveries: [DemoDelivery]
        var newcomers: [Person]
    }

    /// How often each scenario appears in one deck.
    private static let deckCounts: [(DemoScenario, Int)] = [
        (.newConversation, 3), (.returningByEmail, 1), (.returningByPhone, 1),
        (.returningByVisitorNumber, 1), (.phoneConflict, 1), (.offlineMessage, 2), (.call, 2),
        (.failedCall, 1), (.clientUpdate, 1),
    ]
    /// At most this many scenarios are in progress at once.
    private static let maxConcurrentScenarios = 3

    /// Traffic determined entirely by `seed`, claiming to come from `widgetID`, for a CRM whose
    /// default country code is `defaultCountryCode`.
    public init(seed: UInt64, widgetID: String = DemoTraffic.defaultWidgetID, defaultCountryCode: String = "7") {
        self.widgetID = widgetID
        self.defaultCountryCode = defaultCountryCode
        random = SplitMix64(seed: seed)
        clock = 1_763_700_000 + random.below(86_400 * 30)
        nextChatID = 10_000 + random.below(9_000_000)
        nextVisitorNumber = 1_000 + random.below(90_000)
        nextClientID = 100_000 + random.below(900_000)
        nextOfflineMessageID = 1_000 + random.below(900_000)
    }

    /// The next `count` deliveries.
    public mutating func next(_ count: Int) -> [DemoDelivery] {
        var deliveries: [DemoDelivery] = []
        deliveries.reserveCapacity(max(count, 0))
        while deliveries.count < count { deliveries.append(nextDelivery()) }
        return deliveries
    }

    private mutating func nextDelivery() -> DemoDelivery {
        if streams.isEmpty
            || (streams.count < Self.maxConcurrentScenarios && random.chance(0.3))
        {
            let deliveries = makeScenario(drawScenario())
            streams.append(Stream(deliveries: deliveries, newcomers: newcomers))
            newcomers = []
        }
        let index = random.below(streams.count)
        let delivery = streams[index].deliveries.removeFirst()
        if streams[index].deliveries.isEmpty {
            people += streams.remove(at: index).newcomers
        }
        return delivery
    }

    private mutating func drawScenario() -> DemoScenario {
        if deck.isEmpty {
            deck = random.shuffled(Self.deckCounts.flatMap { repeatElement($0.0, count: $0.1) })
        }
        return deck.removeLast()
    }

    /// The deliveries of `scenario`; a scenario that needs a returning visitor nobody fits yet
    /// goes back into the deck and a new conversation is played instead.
    private mutating func makeScenario(_ scenario: DemoScenario) -> [DemoDelivery] {
        clock += random.int(in: 20...600)
        switch scenario {
        case .newConversation:
            let person = newPerson()
            return conversation(scenario, person: person, shown: shownContacts(of: person))
        case .returningByEmail:
            guard let person = returning(scenario, where: { $0.email != nil }) else {
                return makeScenario(.newConversation)
            }
            var shown = shownContacts(of: person)
            shown.email = person.email.map {
                recased($0, style: (person.emailStyle + random.int(in: 1...3)) % 4)
            }
            shown.phone = nil
            shown.number = takeVisitorNumber()
            return conversation(scenario, person: person, shown: shown)
        case .returningByPhone:
            guard let person = returning(scenario, where: { $0.phone != nil }) else {
                return makeScenario(.newConversation)
            }
            var shown = shownContacts(of: person)
            shown.email = nil
            let otherStyle = person.phoneStyle + random.int(in: 1...Phone.styleCount - 1)
            shown.phone = person.phone?.typed(style: otherStyle % Phone.styleCount)
            shown.number = takeVisitorNumber()
            return conversation(scenario, person: person, shown: shown)
        case .returningByVisitorNumber:
            guard let person = returning(scenario, where: { _ in true }) else {
                return makeScenario(.newConversation)
            }
            let shown = Shown(name: random.chance(0.5) ? person.name : nil, number: person.number)
            return conversation(scenario, person: person, shown: shown)
        case .phoneConflict:
            guard let person = returning(scenario, where: { $0.email != nil && $0.phone != nil })
            else {
                return makeScenario(.newConversation)
            }
            var shown = shownContacts(of: person)
            shown.email = person.email.map { recased($0, style: random.below(4)) }
            var other = newPhone(person.language)
            while other == person.phone { other = newPhone(person.language) }
            shown.phone = other.typed(style: random.below(Phone.styleCount))
            shown.number = takeVisitorNumber()
            return conversation(scenario, person: person, shown: shown)
        case .offlineMessage:
            let known = random.chance(0.3) ? returning(nil, where: { _ in true }) : nil
            return offlineMessage(person: known ?? newPerson())
        case .call, .failedCall:
            let known = random.chance(0.5) ? returning(nil, where: { $0.phone != nil }) : nil
            return call(scenario, person: known ?? newPerson(needsPhone: true))
        case .clientUpdate:
            guard let person = returning(scenario, where: { _ in true }) else {
                return makeScenario(.newConversation)
            }
            return clientUpdate(person: person)
        }
    }

    /// A known visitor who fits, or nil; then `scenario`, if given, goes back into the deck.
    private mutating func returning(
        _ scenario: DemoScenario?, where fits: (Person) -> Bool
    ) -> Person? {
        let candidates = people.filter(fits)
        guard candidates.isEmpty else { return random.pick(candidates) }
        if let scenario { deck.insert(scenario, at: 0) }
        return nil
    }

    mutating func takeVisitorNumber() -> Int {
        defer { nextVisitorNumber += 1 }
        return nextVisitorNumber
    }

    mutating func takeChatID() -> Int {
        defer { nextChatID += random.int(in: 1...7) }
        return nextChatID
    }

    /// A visitor never seen before, who may come back once this scenario is delivered.
    mutating func newPerson(needsPhone: Bool = false) -> Person {
        let language: Language = random.chance(0.5) ? .russian : .english
        let name: String
        let latin: (first: String, last: String)
        switch language {
        case .english:
            let first = random.pick(Self.englishFirstNames)
            let last = random.pick(Self.englishLastNames)
            name = first + " " + last
            latin = (first.lowercased(), last.lowercased().filter { $0 != "'" })
        case .russian:
            let first = random.pick(Self.russianFirstNames)
            let last = random.pick(Self.russianLastNames)
            name = first.cyrillic + " " + (first.feminine ? last.feminine : last.masculine)
            latin = (first.latin, first.feminine ? last.latin + "a" : last.latin)
        }
        let hasEmail = random.chance(0.85)
        let hasPhone = needsPhone || !hasEmail || random.chance(0.75)
        var email: String?
        if hasEmail {
            let domain = random.pick(Self.domains(language))
            switch random.below(3) {
            case 0: email = "\(latin.first).\(latin.last)@\(domain)"
            case 1: email = "\(latin.first)\(latin.last)\(random.int(in: 70...99))@\(domain)"
            default: email = "\(latin.first.prefix(1))\(latin.last)@\(domain)"
            }
        }
        let person = Person(
            language: language, name: name, email: email,
            phone: hasPhone ? newPhone(language) : nil, number: takeVisitorNumber(),
            clientID: nextClientID, emailStyle: random.below(4),
            phoneStyle: random.below(Phone.styleCount))
        nextClientID += 1
        newcomers.append(person)
        return person
    }

    mutating func newPhone(_ language: Language) -> Phone {
        let areas =
            language == .russian
            ? ["916", "903", "925", "985", "912", "921"] : ["408", "415", "212", "646", "999"]
        var digits = Array(random.pick(areas))
        for position in 0..<7 {
            let low = position == 0 ? 2 : 0
            digits.append(Character(String(random.int(in: low...9))))
        }
        let country = language == .russian ? "7" : "1"
        return Phone(countryCode: country, national: digits, dialsLocally: country == defaultCountryCode)
    }

    /// `email` in another letter case: 0 as is, 1 each part capitalised, 2 upper, 3 the local
    /// part capitalised.
    func recased(_ email: String, style: Int) -> String {
        switch style {
        case 1, 3:
            var result = ""
            var capitalizeNext = true
            var inDomain = false
            for character in email {
                if character == "@" { inDomain = true }
                let capitalize = capitalizeNext && (style == 1 || !inDomain)
                result += capitalize ? character.uppercased() : String(character)
                capitalizeNext = character == "." || character == "@"
            }
            return result
        case 2: return email.uppercased()
        default: return email
        }
    }
}
