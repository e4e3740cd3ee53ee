import DisplayText

extension AppState {
    /// The notice for a paste with no text field to take it.
    static let pasteIgnored: DisplayLine = "Paste ignored: no text field is open"

    /// The notice for Ctrl-Z in a console that runs the webhook listener (short enough for the
    /// half of an 80-column status line a message keeps).
    static let suspendRefused: DisplayLine = "Ctrl-Z off: use jivocrm serve + console --no-listen"

    /// Puts pasted `text` into the text field with the cursor (the search line, a form's focused
    /// field, a chooser's filter), as text; with none, ignores it and says so. A paste is never
    /// read as commands.
    mutating func paste(_ text: String) -> [Effect] {
        switch modals.last {
        case .search?, .form?, .picker?:
            return keyInModal(.paste(text))
        default:
            notice = Notice(text: Self.pasteIgnored, style: .warning)
            return []
        }
    }
}
