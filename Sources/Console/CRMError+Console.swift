import CRMCore

extension CRMError {
    /// The message with what to do in the console: a thing that is gone was most likely
    /// changed by another process, so the view is reloaded; a merge that cannot be undone is
    /// separated by hand.
    var consoleMessage: String {
        switch (kind, subject) {
        case (.notFound, .lead?), (.notFound, .conflict?), (.notFound, .task?), (.notFound, .note?),
            (.notFound, .merge?), (.notFound, .split?):
            message + Self.reloadHint
        case (.conflict, .merge?): message + "; edit the lead's contacts or split its conflicts instead"
        default: message
        }
    }

    /// What ends a message about a thing that is gone: `r` reloads the view.
    static let reloadHint = "; press r to reload"

    /// ``reloadHint`` as a form or dialog says it, where `r` is typed or means something else.
    static let reloadHintInDialog = "; Esc closes this, then r reloads"
}
