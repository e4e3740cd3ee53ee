import CRMCore
import JivoProtocol

/// Which leads an export writes.
public struct ExportFilter: Sendable, Equatable {
    /// Only this status.
    public var status: LeadStatus?
    /// Only leads changed or active at or after this time, Unix milliseconds.
    public var since: Int64?

    /// A filter; by default every lead.
    public init(status: LeadStatus? = nil, since: Int64? = nil) {
        self.status = status
        self.since = since
    }
}

extension Store {
    /// The fixed columns of a CSV export, before one column per custom field title.
    static let csvHeaders = [
        "id", "title", "name", "email", "phone", "description", "status", "manager", "crm_link", "source", "utm",
        "created_at", "last_activity_at",
    ]

    /// Writes every lead that `filter` selects (merged leads never), oldest first, in
    /// `format`, piece by piece through `write`, from one snapshot of the store.
    ///
    /// - csv: a header row and one row per lead: contacts (several emails or phones separated
    ///   by `, `), status, manager, crm_link, source, UTM (a JSON object), times, then one
    ///   column per custom field title.
    /// - vcard: vCard 3.0 with FN, EMAIL, TEL, NOTE (description), URL (crm_link) and
    ///   X-JIVOCRM-STATUS and X-JIVOCRM-MANAGER.
    /// - json: `{"format": "jivocrm-export", "version": 1, "managers": [...], "leads": [...]}`
    ///   where each lead is the `show --json` object: the lead with custom data, chats and
    ///   messages, calls, tasks, conflicts, notes and its audit trail.
    /// Returns how many leads it wrote.
    @discardableResult
    public func export(_ format: DataFormat, filter: ExportFilter = ExportFilter(), write: (String) throws -> Void)
        throws -> Int
    {
        try database.read {
            var conditions = ["l.merged_into IS NULL"]
            var values: [SQLValue] = []
            if let status = filter.status {
                conditions.append("l.status = ?")
                values.append(.text(status.rawValue))
            }
            if let since = filter.since {
                conditions.append(
                    database.isPostgres
                        ? "greatest(l.updated_at, l.last_activity_at) >= ?"
                        : "max(l.updated_at, l.last_activity_at) >= ?")
                values.append(.integer(since))
            }
            let condition = conditions.joined(separator: " AND ")
            let ids = try database.rows("SELECT l.id FROM leads l WHERE \(condition) ORDER BY l.id", values) {
                $0.int(0)
            }
            switch format {
            case .csv:
                var seen: Set<String> = []
                let titles = try database.rows(
                    "SELECT f.title FROM lead_fields f JOIN leads l ON l.id = f.lead_id WHERE \(condition) "
                        + "ORDER BY f.lead_id, f.position", values
                ) { $0.text(0) }.filter { seen.insert($0.lowercased()).inserted }
                try write(CSVWriter.record(Store.csvHeaders + titles.map { ImportColumn.custom($0).header }))
                for id in ids {
                    guard let lead = try lead(id) else { continue }
                    let fixed = [
                        String(lead.id), lead.title, lead.name, lead.emails.map(\.value).joined(separator: ", "),
                        lead.phones.map(\.value).joined(separator: ", "), lead.description, lead.status.rawValue,
                        lead.manager?.login ?? "", lead.crmLink ?? "", lead.source,
                        lead.utm.isEmpty ? "" : Store.json(lead.utm), Timestamp.iso8601(milliseconds: lead.createdAt),
                        Timestamp.iso8601(milliseconds: lead.lastActivityAt),
                    ]
                    let custom = titles.map { title in
                        lead.fields.first { $0.title.lowercased() == title.lowercased() }?.content ?? ""
                    }
                    try write(CSVWriter.record(fixed + custom))
                }
            case .vcard:
                for id in ids {
                    guard let lead = try lead(id) else { continue }
                    let card = VCard(
                        name: lead.name, emails: lead.emails.map(\.value), phones: lead.phones.map(\.value),
                        note: lead.description, url: lead.crmLink, status: lead.status.rawValue,
                        manager: lead.manager?.login)
                    try write(card.serialized)
                }
            case .json:
                let head: JSONObject = [
                    "format": .string("jivocrm-export"), "version": .number("1"),
                    "exported_at": .string(Timestamp.iso8601(milliseconds: clock())),
                    "managers": .array(try managers().map(\.json)),
                ]
                let opening = JSONValue.object(head).serialized()
                try write(String(opening.dropLast()) + ",\"leads\":[")
                for (index, id) in ids.enumerated() {
                    guard let detail = try detail(id) else { continue }
                    try write((index == 0 ? "\n" : ",\n") + detail.json.serialized())
                }
                try write("\n]}\n")
            }
            return ids.count
        }
    }
}
