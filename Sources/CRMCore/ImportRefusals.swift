/// The places in an import file that cannot be imported, each with what is wrong and what to
/// do, collected over the whole file so that one attempt names every one of them, not just
/// the first.
public struct ImportRefusals: Sendable, Equatable {
    /// Each refusal as the error names it (`line 17: the row has …; fill one in or delete the
    /// row`), in file order.
    public private(set) var messages: [String] = []

    /// None yet.
    public init() {}

    /// Refuses the entry at `location` (`line 17`, `lead 3`) for `reason`, which says what to do.
    public mutating func add(_ location: String, _ reason: String) {
        messages.append("\(location): \(reason)")
    }

    /// Refuses an entry for `error`, whose message names its place in the file.
    public mutating func add(_ error: CRMError) {
        messages.append(error.message)
    }

    /// Throws when anything was refused: the one refusal as it is, or for several, how many
    /// there are and that nothing was imported, then each on a line of its own.
    public func check() throws(CRMError) {
        switch messages.count {
        case 0: return
        case 1: throw CRMError.invalidArgument(messages[0])
        default:
            throw CRMError.invalidArgument(
                "the file has \(messages.count) entries that cannot be imported, so nothing was; "
                    + "correct or remove each and import again:\n" + messages.joined(separator: "\n"))
        }
    }
}
