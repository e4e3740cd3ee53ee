import Locking

/// What load clients had acknowledged: the keys of every request answered 2xx.
final class Acknowledgements: Sendable {
    private let state = Locked<(emails: Set<String>, offline: Set<String>, other: [Int])>(([], [], []))

    /// Records an acknowledged chat whose visitor email is `email`.
    func chat(_ email: String) { state.withLock { _ = $0.emails.insert(email) } }
    /// Records an acknowledged offline message with text `text`.
    func offline(_ text: String) { state.withLock { _ = $0.offline.insert(text) } }
    /// Records a status that is neither 2xx nor a refusal the test expects.
    func unexpected(_ status: Int) { state.withLock { $0.other.append(status) } }

    /// Acknowledged visitor emails.
    var emails: Set<String> { state.withLock { $0.emails } }
    /// Acknowledged offline texts.
    var offline: Set<String> { state.withLock { $0.offline } }
    /// Unexpected statuses.
    var unexpectedStatuses: [Int] { state.withLock { $0.other } }
    /// How many requests were acknowledged.
    var count: Int { state.withLock { $0.emails.count + $0.offline.count } }
}
