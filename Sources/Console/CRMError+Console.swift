import CRMCore

extension CRMError {
    /// The message with what to do in the console: a thing that is gone was most likely
    /// changed by another process, so the view is reloaded; a merge that cannot be undone is
    /// separated by hand.
    var consoleMessage: String {
        switch (kind, subject) {
        case (.notFound, .lead?), (.notFound, .conflict?), (.notFound, .task?), (.notFound, .note?),
            (.notFound, .merge?), (.notFound, .split?):
            message + "; press r to reload"
        case (.conflict, .merge?): message + "; edit the lead's contacts or split its conflicts instead"
        default: message
        }
    }
}
