import CRMCore

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
        try ExportLeads(store: self).run(format, filter: filter, write: write)
    }
}
