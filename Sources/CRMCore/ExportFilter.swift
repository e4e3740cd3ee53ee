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
