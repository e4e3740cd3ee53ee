import CRMCore

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
    /// Writes every lead that `filter` selects (merged leads never), oldest first, in
    /// `format`, piece by piece through `write`, from one snapshot of the store: what each
    /// format writes of a lead is ``LeadExport``'s, which leads ``ExportRepository``'s.
    ///
    /// - csv: a header row and one row per lead (``LeadExport/csvRecord(_:customColumns:)``).
    /// - vcard: vCard 3.0 (``LeadExport/vCard(_:)``).
    /// - json: `{"format": "jivocrm-export", "version": 1, "managers": [...], "leads": [...]}`
    ///   where each lead is the `show --json` object: the lead with custom data, chats and
    ///   messages, calls, tasks, conflicts, notes and its audit trail.
    /// Returns how many leads it wrote.
    @discardableResult
    public func export(_ format: DataFormat, filter: ExportFilter = ExportFilter(), write: (String) throws -> Void)
        throws -> Int
    {
        try database.read {
            let exported = ExportRepository(database: database)
            let ids = try exported.leads(filter)
            switch format {
            case .csv:
                let columns = LeadExport.customColumns(try exported.fieldTitles(filter))
                try write(LeadExport.csvHeader(customColumns: columns))
                for id in ids {
                    guard let lead = try lead(id) else { continue }
                    try write(LeadExport.csvRecord(lead, customColumns: columns))
                }
            case .vcard:
                for id in ids {
                    guard let lead = try lead(id) else { continue }
                    try write(LeadExport.vCard(lead).serialized)
                }
            case .json:
                try write(LeadExport.jsonOpening(exportedAt: clock(), managers: try managers()))
                for (index, id) in ids.enumerated() {
                    guard let detail = try detail(id) else { continue }
                    try write(LeadExport.jsonLead(detail, index: index))
                }
                try write(LeadExport.jsonClosing)
            }
            return ids.count
        }
    }
}
