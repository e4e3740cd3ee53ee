import CRMCore

extension Store {
    /// Imports people as leads in one transaction (``ImportLeads``), under the rules webhooks
    /// follow: a person is matched by email, then phone; a match gets values for its empty
    /// fields and conflicts for differing ones (never an overwrite); anyone unmatched becomes a
    /// lead with source `import` and status `unsorted` unless the file gives one. Managers the
    /// file names that do not exist are added (`managers` gives their names). Each person is
    /// audited with `actor` and `file` and its place in the file. A bad person stops the import
    /// with its place and the reason, and nothing is imported; with `dryRun` nothing is kept
    /// either.
    public func importRecords(
        _ records: [ImportRecord], managers: [(login: String, name: String)] = [], file: String, actor: String,
        dryRun: Bool = false, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        try ImportLeads(store: self).run(
            records, managers: managers, file: file, actor: actor, dryRun: dryRun, progress: progress)
    }
}
