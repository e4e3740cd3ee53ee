/// Commands of a ``Picker``; any other printable key edits the filter.
public enum PickerCommand: Sendable, Hashable {
    /// Move the highlighted choice.
    case move(ListMotion)
    /// Choose the highlighted item.
    case choose
    /// Close without choosing.
    case cancel

    /// The picker's keys (letters are left free for typing the filter).
    public static let keymap = Keymap<PickerCommand>(
        title: "Choosing from a list",
        [
            KeyBinding([.down], .move(.down), help: "Next match"),
            KeyBinding([.up], .move(.up), help: "Previous match"),
            KeyBinding([.pageDown], .move(.pageDown), help: "Next page of matches"),
            KeyBinding([.pageUp], .move(.pageUp), help: "Previous page of matches"),
            KeyBinding([.enter], .choose, help: "Choose the highlighted item", hint: "choose"),
            KeyBinding([.escape], .cancel, help: "Close without choosing", hint: "cancel"),
        ])
}
