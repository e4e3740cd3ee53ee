import JivoProtocol

/// What importing one person does, decided from the file's record, the leads its contacts
/// match and the lead it lands on: the rules webhooks follow (match by email, then phone; fill
/// what is empty; a differing value is a conflict, never an overwrite), plus the import's own
/// (status only over `unsorted`, a manager only where there is none, new custom fields added,
/// UTM only where there is none). The store looks the contacts up and carries the plan out.
public struct ImportPlan: Sendable, Equatable {
    /// One of the record's emails or phones and the lead that already holds it, if any.
    public struct Match: Sendable, Equatable {
        /// Email or phone.
        public var field: ContactField
        /// The value and its matching form.
        public var value: ContactValue
        /// The lead whose contact list holds the matching form (the lowest id), or nil.
        public var lead: Int64?

        /// A contact and where it matched.
        public init(field: ContactField, value: ContactValue, lead: Int64?) {
            self.field = field
            self.value = value
            self.lead = lead
        }
    }

    /// A link, status or manager the import sets, or a link that disagrees.
    public enum LinkChange: Sendable, Equatable {
        /// The lead had no link: it gets the file's.
        case fill(String)
        /// The lead has another link: a conflict between `current` and `incoming`.
        case conflict(current: String, incoming: String)
    }

    /// The matched lead.
    public var target: Int64
    /// Other leads the record's contacts matched: a duplicate-lead conflict each.
    public var duplicates: [Int64]
    /// Contacts no lead holds that go into an empty list of the target.
    public var fills: [Match]
    /// Contacts no lead holds that differ from the target's first one: a conflict each, with
    /// the value the lead holds.
    public var disputes: [(match: Match, current: String)]
    /// What happens to the link.
    public var link: LinkChange?
    /// The status the target gets (it was `unsorted`).
    public var status: LeadStatus?
    /// Whether the target gets the record's manager (it had none).
    public var assignsManager: Bool
    /// Custom fields the target does not have, with the positions they take.
    public var newFields: [(position: Int, field: LeadField)]
    /// The UTM the target gets (it had none).
    public var utm: [(key: String, value: String)]?
    /// Fields whose differing value the lead kept (status, manager, custom field titles).
    public var kept: [String]

    /// Whether the plan changes the lead's own row or lists (besides conflicts and audit).
    public var changesLead: Bool {
        !fills.isEmpty || link.map { if case .fill = $0 { true } else { false } } == true || status != nil
            || assignsManager || !newFields.isEmpty || utm != nil
    }

    /// The lead a record lands on: the first lead an email matched, else the first any contact
    /// matched; nil when none did (a new lead).
    public static func target(of matches: [Match]) -> Int64? {
        matches.first { $0.field == .email && $0.lead != nil }?.lead ?? matches.first { $0.lead != nil }?.lead
    }

    /// The title of the lead created for `record` when nothing matched: the file's title, else
    /// `Import - ` and the person's name, else their first email or phone, else their visitor
    /// number, else the record's place in the file.
    public static func newLeadTitle(_ record: ImportRecord, emails: [ContactValue], phones: [ContactValue]) -> String {
        if let title = record.title { return title }
        let who = [
            record.name, emails.first?.value, phones.first?.value, record.visitorNumber.map { "Visitor \($0)" },
        ].compactMap { $0 }.first { !$0.isEmpty }
        return "Import - \(who ?? record.location)"
    }

    /// The visitor data a matched lead is filled from (its name and description; what the
    /// file leaves empty is not given).
    public static func visitor(of record: ImportRecord) -> Visitor {
        Visitor(
            name: record.name.isEmpty ? nil : record.name,
            description: record.description.isEmpty ? nil : record.description)
    }

    /// The record's emails or phones (`what`, described as `expected`), each once by its
    /// matching form from `normalize`; an invalid one stops the import, naming the place in the
    /// file and never the value.
    public static func uniqueContacts(
        _ values: [String], at location: String, _ what: String, expected: String, _ normalize: (String) -> String?
    ) throws(CRMError) -> [ContactValue] {
        var result: [ContactValue] = []
        for value in values {
            guard let normalized = normalize(value) else {
                throw CRMError.invalidArgument(
                    "\(location): one of its \(what)s is not \(expected); correct it or remove it and import again")
            }
            if !result.contains(where: { $0.normalized == normalized }) {
                result.append(ContactValue(value: value.trimmingWhitespace, normalized: normalized))
            }
        }
        return result
    }

    /// What `record`, whose contacts matched as `matches`, does to `lead` (the target), with
    /// `managerID` the manager the record names.
    public init(record: ImportRecord, matches: [Match], lead: Lead, managerID: Int64?) {
        target = lead.id
        duplicates = matches.compactMap { $0.lead }.filter { $0 != lead.id }
        fills = []
        disputes = []
        for (field, current) in [(ContactField.email, lead.emails), (.phone, lead.phones)] {
            for match in matches where match.lead == nil && match.field == field {
                if current.isEmpty {
                    fills.append(match)
                } else {
                    disputes.append((match, current[0].value))
                }
            }
        }
        link = record.crmLink.flatMap { incoming in
            guard let current = lead.crmLink else { return .fill(incoming) }
            return current == incoming ? nil : .conflict(current: current, incoming: incoming)
        }
        kept = []
        status = nil
        if let wanted = record.status, wanted != lead.status {
            if lead.status == .unsorted { status = wanted } else { kept.append("status") }
        }
        assignsManager = false
        if let managerID, lead.manager?.id != managerID {
            if lead.manager == nil { assignsManager = true } else { kept.append("manager") }
        }
        newFields = []
        for field in record.fields {
            if let existing = lead.fields.field(titled: field.title) {
                if existing.content != field.content { kept.append(field.title) }
                continue
            }
            newFields.append((lead.fields.count + newFields.count, field))
        }
        utm = lead.utm.isEmpty && !record.utm.isEmpty ? record.utm : nil
    }

    /// Plans compare by what they do (tuples are not Equatable).
    public static func == (left: ImportPlan, right: ImportPlan) -> Bool {
        left.target == right.target && left.duplicates == right.duplicates && left.fills == right.fills
            && left.disputes.map(\.match) == right.disputes.map(\.match)
            && left.disputes.map(\.current) == right.disputes.map(\.current) && left.link == right.link
            && left.status == right.status && left.assignsManager == right.assignsManager
            && left.newFields.map(\.position) == right.newFields.map(\.position)
            && left.newFields.map(\.field) == right.newFields.map(\.field)
            && left.utm?.map(\.key) == right.utm?.map(\.key) && left.utm?.map(\.value) == right.utm?.map(\.value)
            && left.kept == right.kept
    }
}
