import JivoProtocol

/// What merging one lead into another does, decided without touching the store.
///
/// The absorbed lead's emails and phones become additional values of the survivor; its name
/// and description are offered to the survivor as visitor data are (an empty field takes them,
/// a different value becomes a conflict); its chats, calls, tasks, notes, keys and conflicts
/// move over.
public struct MergePlan: Sendable, Equatable {
    /// The lead that stays.
    public var survivor: Int64
    /// The lead merged into it.
    public var absorbed: Int64
    /// Emails the survivor takes as additional values.
    public var emails: [ContactValue]
    /// Phones the survivor takes as additional values.
    public var phones: [ContactValue]
    /// The absorbed lead's name and description, as visitor data for the survivor.
    public var visitor: Visitor

    /// The plan for merging `absorbed` into `survivor`; refuses a lead merged into itself.
    public init(absorbed: Lead, into survivor: Lead) throws(CRMError) {
        guard absorbed.id != survivor.id else { throw CRMError.invalidArgument("a lead cannot be merged into itself") }
        self.survivor = survivor.id
        self.absorbed = absorbed.id
        emails = absorbed.emails
        phones = absorbed.phones
        visitor = Visitor(
            name: absorbed.name.isEmpty ? nil : absorbed.name,
            description: absorbed.description.isEmpty ? nil : absorbed.description)
    }

    /// Which of the survivor's values the merge disputes: the absorbed lead's name or
    /// description where the survivor holds a different one.
    public func disputes(with survivor: Lead, normalizer: ContactNormalizer) -> [ContactPlan.Dispute] {
        ContactPlan(lead: survivor, visitor: visitor, normalizer: normalizer).disputes
    }

    /// The two leads of a duplicate-leads conflict as a merge takes them: the older one
    /// (created first, then the lower id) stays and the newer joins it, whichever the
    /// visitor's email matched.
    public static func duplicates(_ one: Lead, _ other: Lead) -> (survivor: Int64, absorbed: Int64) {
        (one.createdAt, one.id) <= (other.createdAt, other.id) ? (one.id, other.id) : (other.id, one.id)
    }
}
