/// How an operator settles a conflict.
public enum Resolution: String, Sendable, CaseIterable {
    /// Keep what the CRM holds.
    case keepCurrent = "keep-current"
    /// Replace it with the visitor's value.
    case takeIncoming = "take-incoming"
    /// Keep both: the visitor's value becomes an additional email or phone (for duplicate
    /// leads: they stay two leads).
    case keepBoth = "keep-both"
    /// The visitor is someone else: split them into a new lead.
    case split
}
