/// The rules for an operator's tasks: a task has a title, and moves between open and done.
public enum TaskRules {
    /// The title of a new task, trimmed; an error when nothing is left.
    public static func title(_ text: String) throws(CRMError) -> String {
        let title = text.trimmingWhitespace
        guard !title.isEmpty else { throw CRMError.invalidArgument("a task needs a title: what is to be done") }
        return title
    }

    /// Checks that task `id`, now `status`, can be marked done (it is open).
    public static func requireCanComplete(_ id: Int64, status: String) throws(CRMError) {
        guard status == "open" else { throw CRMError.conflict("task #\(id) is already done") }
    }

    /// Checks that task `id`, now `status`, can be opened again (it is done).
    public static func requireCanReopen(_ id: Int64, status: String) throws(CRMError) {
        guard status == "done" else { throw CRMError.conflict("task #\(id) is open already") }
    }
}
