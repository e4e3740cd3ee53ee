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

    /// An empty record from `location`.
    public init(location: String) {
        self.location = location
    }

    /// Whether the record names nobody: no name, email or phone.
    public var isAnonymous: Bool { name.isEmpty && emails.isEmpty && phones.isEmpty }

    /// Equal when every field is equal.
    public static func == (lhs: ImportRecord, rhs: ImportRecord) -> Bool {
        lhs.location == rhs.location && lhs.name == rhs.name && lhs.emails == rhs.emails
            && lhs.phones == rhs.phones && lhs.description == rhs.description && lhs.manager == rhs.manager
            && lhs.status == rhs.status && lhs.crmLink == rhs.crmLink && lhs.title == rhs.title
            && lhs.utm.elementsEqual(rhs.utm, by: ==) && lhs.fields == rhs.fields
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
