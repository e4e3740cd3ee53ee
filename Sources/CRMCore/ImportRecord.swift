import JivoProtocol

/// One person read from an import file, before matching.
public struct ImportRecord: Sendable, Equatable {
    /// Where in the file it came from (`line 12`, `lead 3`), for reports and errors.
    public var location: String
    /// The name.
    public var name: String = ""
    /// Emails as written, in order.
    public var emails: [String] = []
    /// Phones as written, in order.
    public var phones: [String] = []
    /// The comment about the person.
    public var description: String = ""
    /// The manager's login.
    public var manager: String?
    /// The status.
    public var status: LeadStatus?
    /// The link to the lead's card.
    public var crmLink: String?
    /// The title for a lead the import creates.
    public var title: String?
    /// UTM marks.
    public var utm: [(key: String, value: String)] = []
    /// Custom data fields.
    public var fields: [LeadField] = []
    /// JivoChat's visitor number (a JSON export's `visitor_number`).
    public var visitorNumber: String?
    /// The JivoChat channel (widget id) the visitor number belongs to.
    public var channel: String?
    /// JivoChat's client id.
    public var clientID: String?
    /// The site's user token.
    public var userToken: String?
    /// The history the file carries about the person, which the import does not bring (a
    /// JSON export's chats, calls, tasks, conflicts, notes and audit).
    public var history = ImportHistory()

    /// An empty record from `location`.
    public init(location: String) {
        self.location = location
    }

    /// Whether the record holds nothing a lead is made of: no name, email, phone, title or
    /// visitor key. A visitor who gave no contacts still has a title (and, in a JSON export,
    /// their keys), so such a lead is imported.
    public var isBlank: Bool { name.isEmpty && emails.isEmpty && phones.isEmpty && title == nil && keys.isEmpty }

    /// The keys a webhook remembers for the visitor, as the record carries them: the user
    /// token, the visitor number within its channel, the client id. An import matches by them
    /// when no email or phone matched, and a lead it creates remembers them.
    public var keys: [LeadKey] {
        [
            userToken.map { LeadKey.remembered(.userToken, scope: "", value: $0) },
            visitorNumber.map { LeadKey.remembered(.visitor, scope: channel ?? "", value: $0) },
            clientID.map { LeadKey.remembered(.client, scope: "", value: $0) },
        ].compactMap { $0 }
    }

    /// Whether importing the record again can find the lead it made: it has an email, a phone
    /// or a key to match on. A record without (a name or title alone) makes a new lead each time.
    public var canMatch: Bool { !emails.isEmpty || !phones.isEmpty || !keys.isEmpty }

    /// Equal when every field is equal.
    public static func == (lhs: ImportRecord, rhs: ImportRecord) -> Bool {
        lhs.location == rhs.location && lhs.name == rhs.name && lhs.emails == rhs.emails
            && lhs.phones == rhs.phones && lhs.description == rhs.description && lhs.manager == rhs.manager
            && lhs.status == rhs.status && lhs.crmLink == rhs.crmLink && lhs.title == rhs.title
            && lhs.utm.elementsEqual(rhs.utm, by: ==) && lhs.fields == rhs.fields
            && lhs.visitorNumber == rhs.visitorNumber && lhs.channel == rhs.channel && lhs.clientID == rhs.clientID
            && lhs.userToken == rhs.userToken && lhs.history == rhs.history
    }

    /// Takes `text` as the record's status; false, its refusal added to `refusals`, when it
    /// names no status.
    mutating func takeStatus(_ text: String, refusals: inout ImportRefusals) -> Bool {
        do throws(CRMError) {
            status = try LeadStatus.parse(text)
            return true
        } catch {
            refusals.add(location, error.message)
            return false
        }
    }

    /// Whether the record is to be imported, once its reader is done with it (`readWhole`: no
    /// cell of it refused): it holds something a lead is made of, else it is refused for
    /// `blank` (what its file calls it and what to do), and its emails and phones are such,
    /// else each kind that is not is refused (``contacts(_:refusals:)``).
    func admitted(readWhole: Bool, blank: String, _ normalizer: ContactNormalizer, refusals: inout ImportRefusals)
        -> Bool
    {
        guard !isBlank else {
            refusals.add(location, blank)
            return false
        }
        return contacts(normalizer, refusals: &refusals) != nil && readWhole
    }

    /// The record's emails and phones, each once by matching form as `normalizer` gives it
    /// (``ImportPlan/uniqueContacts(_:at:_:expected:_:)``); nil when one is no email address or
    /// phone number, each such kind added to `refusals`.
    public func contacts(_ normalizer: ContactNormalizer, refusals: inout ImportRefusals) -> (
        emails: [ContactValue], phones: [ContactValue]
    )? {
        var emails: [ContactValue]?
        var phones: [ContactValue]?
        do throws(CRMError) {
            emails = try ImportPlan.uniqueContacts(
                self.emails, at: location, "email", expected: "an email address (name@domain)", normalizer.email)
        } catch {
            refusals.add(error)
        }
        do throws(CRMError) {
            phones = try ImportPlan.uniqueContacts(
                self.phones, at: location, "phone", expected: "a phone number (5 to 15 digits)", normalizer.phone)
        } catch {
            refusals.add(error)
        }
        guard let emails, let phones else { return nil }
        return (emails, phones)
    }

    /// The values of an email or phone cell: several may be given, separated by commas,
    /// semicolons or line breaks.
    static func list(_ cell: String) -> [String] {
        cell.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" || $0 == "\r\n" })
            .map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// Pairs from a JSON object of strings; empty for anything else.
    static func pairs(_ value: JSONValue?) -> [(key: String, value: String)] { value?.textPairs ?? [] }
}
