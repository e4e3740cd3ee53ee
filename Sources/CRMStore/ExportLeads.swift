import CRMCore

/// The export use case: the leads an ``ExportFilter`` selects, from one snapshot, written in a
/// ``DataFormat`` piece by piece (``Store/export(_:filter:write:)``). What each format writes of
/// a lead is ``LeadExport``'s; which leads, ``ExportRepository``'s.
struct ExportLeads {
    /// The store exported from.
    let store: Store

    /// Writes the selected leads through `write`; returns how many it wrote.
    func run(_ format: DataFormat, filter: ExportFilter, write: (String) throws -> Void) throws -> Int {
        try store.database.read {
            let exported = ExportRepository(database: store.database)
            let ids = try exported.leads(filter)
            switch format {
            case .csv:
                let columns = LeadExport.customColumns(try exported.fieldTitles(filter))
                try write(LeadExport.csvHeader(customColumns: columns))
                for id in ids {
                    guard let lead = try store.lead(id) else { continue }
                    try write(LeadExport.csvRecord(lead, customColumns: columns))
                }
            case .vcard:
                for id in ids {
                    guard let lead = try store.lead(id) else { continue }
                    try write(LeadExport.vCard(lead).serialized)
                }
            case .json:
                try write(LeadExport.jsonOpening(exportedAt: store.clock(), managers: try store.managers()))
                for (index, id) in ids.enumerated() {
                    guard let detail = try store.detail(id) else { continue }
                    try write(LeadExport.jsonLead(detail, index: index))
                }
                try write(LeadExport.jsonClosing)
            }
            return ids.count
        }
    }
}
