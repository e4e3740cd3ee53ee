import JivoProtocol

/// A lead field a CSV column can fill.
public enum ImportColumn: Sendable, Equatable {
    /// The name.
    case name
    /// One or more emails.
    case email
    /// One or more phones.
    case phone
    /// The comment about the person.
    case description
    /// The manager's login.
    case manager
    /// The status.
    case status
    /// The link to the lead's card.
    case crmLink
    /// The title of a created lead.
    case title
    /// UTM marks as a JSON object.
    case utm
    /// A custom data field with this title.
    case custom(String)
    /// Not imported (export-only columns such as `id` and `created_at`).
    case ignored

    /// The field a header or `--map` target names; any other text is a custom field.
    public static func named(_ header: String) -> ImportColumn {
        let key = header.trimmingWhitespace
        if key.isEmpty { return .ignored }
        if key.lowercased().hasPrefix("field:") { return .custom(String(key.dropFirst(6)).trimmingWhitespace) }
        switch key.lowercased().replacing("-", with: "_").replacing(" ", with: "_") {
        case "name", "full_name", "fn", "contact", "contact_name": return .name
        case "email", "emails", "e_mail", "mail": return .email
        case "phone", "phones", "tel", "telephone", "mobile": return .phone
        case "description", "note", "notes", "comment": return .description
        case "manager", "owner": return .manager
        case "status": return .status
        case "crm_link", "link", "url": return .crmLink
        case "title": return .title
        case "utm": return .utm
        case "id", "source", "created_at", "updated_at", "last_activity_at", "ignore": return .ignored
        default: return .custom(key)
        }
    }

    /// The header the export writes for this column.
    public var header: String {
        switch self {
        case .name: "name"
        case .email: "email"
        case .phone: "phone"
        case .description: "description"
        case .manager: "manager"
        case .status: "status"
        case .crmLink: "crm_link"
        case .title: "title"
        case .utm: "utm"
        case .custom(let title): ImportColumn.named(title) == .custom(title) ? title : "field:" + title
        case .ignored: "ignore"
        }
    }
}

extension ImportRecord {
    /// The people in CSV `records`: the first is the header, whose columns are mapped by
    /// name (see ``ImportColumn/named(_:)``) unless `mapping` (header → field) says otherwise.
    /// Rows whose cells are all blank are skipped. Throws for a file without a usable header,
    /// and otherwise after reading every row, naming each row that has more cells than the
    /// header, an unknown status, a utm cell that is no JSON object, an email or phone that
    /// `normalizer` rejects, or no name, email, phone or title.
    public static func fromCSV(
        _ records: [CSVReader.Record], mapping: [String: String] = [:],
        normalizer: ContactNormalizer = ContactNormalizer()
    ) throws(CRMError) -> [ImportRecord] {
        guard let header = records.first else {
            throw CRMError.invalidArgument("the file is empty; a CSV import needs a header row (name,email,phone,...)")
        }
        let lowered = Dictionary(mapping.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        let columns = header.fields.map { cell in
            let title = cell.trimmingWhitespace
            return lowered[title.lowercased()].map(ImportColumn.named) ?? ImportColumn.named(title)
        }
        for key in lowered.keys where !header.fields.contains(where: { $0.trimmingWhitespace.lowercased() == key }) {
            throw CRMError.invalidArgument(
                "--map names a column '\(key)' that the header does not have; the header is: "
                    + header.fields.joined(separator: ", "))
        }
        guard columns.contains(.name) || columns.contains(.email) || columns.contains(.phone) else {
            throw CRMError.invalidArgument(
                "line \(header.line): the header has no name, email or phone column; name them so, or use --map COLUMN=name"
            )
        }
        var result: [ImportRecord] = []
        var refusals = ImportRefusals()
        result.reserveCapacity(records.count)
        for row in records.dropFirst() {
            guard row.fields.contains(where: { !$0.trimmingWhitespace.isEmpty }) else { continue }
            let location = "line \(row.line)"
            guard row.fields.count <= columns.count else {
                refusals.add(
                    location,
                    "\(row.fields.count) cells but the header has \(columns.count); quote cells that contain the separator"
                )
                continue
            }
            var record = ImportRecord(location: location)
            var valid = true
            for (column, raw) in zip(columns, row.fields) {
                let cell = CSVWriter.unguarded(raw)
                let value = cell.trimmingWhitespace
                guard !value.isEmpty else { continue }
                switch column {
                case .name: record.name = value
                case .email: record.emails += list(value)
                case .phone: record.phones += list(value)
                case .description: record.description = value
                case .manager: record.manager = value
                case .status:
                    if !record.takeStatus(value, refusals: &refusals) { valid = false }
                case .crmLink: record.crmLink = value
                case .title: record.title = value
                case .utm:
                    guard let object = (try? JSONParser.parse(Array(value.utf8)))?.objectValue else {
                        refusals.add(
                            location,
                            "the utm cell is not a JSON object such as {\"utm_source\":\"google\"}; correct it or empty it"
                        )
                        valid = false
                        continue
                    }
                    record.utm = pairs(.object(object))
                case .custom(let title): record.fields.append(LeadField(title: title, content: cell))
                case .ignored: continue
                }
            }
            let blank = "the row has no name, email, phone or title; fill one in or delete the row"
            if record.admitted(readWhole: valid, blank: blank, normalizer, refusals: &refusals) {
                result.append(record)
            }
        }
        try refusals.check()
        return result
    }
}
