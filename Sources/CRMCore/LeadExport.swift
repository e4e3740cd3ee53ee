import JivoProtocol

/// What `jivocrm export` writes of each lead, decided without the store: the CSV columns and
/// records, the vCard, and the JSON document around the leads' `show --json` objects.
public enum LeadExport {
    /// The fixed columns of a CSV export, before one column per custom field title.
    public static let csvHeaders = [
        "id", "title", "name", "email", "phone", "description", "status", "manager", "crm_link", "source", "utm",
        "created_at", "last_activity_at",
    ]

    /// The custom field columns of a CSV export: each title of `titles` once (ignoring case),
    /// in the order first met.
    public static func customColumns(_ titles: [String]) -> [String] {
        var seen: Set<String> = []
        return titles.filter { seen.insert($0.lowercased()).inserted }
    }

    /// The CSV header record: the fixed columns, then each of `customColumns`.
    public static func csvHeader(customColumns: [String]) -> String {
        CSVWriter.record(csvHeaders + customColumns.map { ImportColumn.custom($0).header })
    }

    /// `lead`'s CSV record: contacts (several emails or phones separated by `, `), status,
    /// manager, crm_link, source, UTM (a JSON object), times, then the content of its field of
    /// each of `customColumns` (matched ignoring case; empty when it has none).
    public static func csvRecord(_ lead: Lead, customColumns: [String]) -> String {
        let fixed = [
            String(lead.id), lead.title, lead.name, lead.emails.map(\.value).joined(separator: ", "),
            lead.phones.map(\.value).joined(separator: ", "), lead.description, lead.status.rawValue,
            lead.manager?.login ?? "", lead.crmLink ?? "", lead.source,
            lead.utm.isEmpty ? "" : JSONValue.pairs(lead.utm).serialized(),
            Timestamp.iso8601(milliseconds: lead.createdAt), Timestamp.iso8601(milliseconds: lead.lastActivityAt),
        ]
        let custom = customColumns.map { title in
            lead.fields.field(titled: title)?.content ?? ""
        }
        return CSVWriter.record(fixed + custom)
    }

    /// `lead` as a vCard: FN, EMAIL, TEL, NOTE (description), URL (crm_link),
    /// X-JIVOCRM-STATUS, X-JIVOCRM-MANAGER and X-JIVOCRM-TITLE.
    public static func vCard(_ lead: Lead) -> VCard {
        VCard(
            name: lead.name, emails: lead.emails.map(\.value), phones: lead.phones.map(\.value),
            note: lead.description, url: lead.crmLink, status: lead.status.rawValue, manager: lead.manager?.login,
            title: lead.title)
    }

    /// The JSON document up to the opening of its `leads` array:
    /// `{"format": "jivocrm-export", "version": 1, "exported_at": …, "managers": [...], "leads": [`.
    public static func jsonOpening(exportedAt: Int64, managers: [Manager]) -> String {
        let head: JSONObject = [
            "format": .string("jivocrm-export"), "version": .number("1"),
            "exported_at": .string(Timestamp.iso8601(milliseconds: exportedAt)),
            "managers": .array(managers.map(\.json)),
        ]
        return String(JSONValue.object(head).serialized().dropLast()) + ",\"leads\":["
    }

    /// The `index`th lead of the JSON document: its `show --json` object on a line of its own.
    public static func jsonLead(_ detail: LeadDetail, index: Int) -> String {
        (index == 0 ? "\n" : ",\n") + detail.json.serialized()
    }

    /// The end of the JSON document, after its leads.
    public static let jsonClosing = "\n]}\n"
}
