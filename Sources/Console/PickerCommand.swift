/// Commands of a ``Picker``: moving, choosing, and starting the filter; while the filter has
/// the keys, printable keys edit it.
public enum PickerCommand: Sendable, Hashable {
    /// Move the highlighted choice.
    case move(ListMotion)
    /// Choose the highlighted item.
    case choose
    /// Type a filter.
    case filter
    /// Close without choosing.
    case cancel

    /// The picker's keys until a filter is typed: the list motions (`j`, `k`, `g`, `G`, Home,
    /// End, pages), Enter, `/` and Esc. Any other printable key starts the filter with itself.
    public static let keymap = Keymap<PickerCommand>(
        title: "Choosing from a list",
        ListMotion.keymap.bindings.map { $0.map { PickerCommand.move($0) } } + [
            KeyBinding([.enter], .choose, help: "Choose the highlighted item", hint: "choose"),
            KeyBinding([.character("/")], .filter, help: "Type a filter (other letters start one too)", hint: "filter"),
            KeyBinding([.escape], .cancel, help: "Close without choosing", hint: "cancel"),
        ])

    /// The picker's keys while a filter is typed; every letter types into the filter.
    public static let filterKeymap = Keymap<PickerCommand>(
        title: "Narrowing a list",
        [
            KeyBinding([.down], .move(.down), help: "Next match"),
            KeyBinding([.up], .move(.up), help: "Previous match"),
            KeyBinding([.pageDown], .move(.pageDown), help: "Next page of matches"),
            KeyBinding([.pageUp], .move(.pageUp), help: "Previous page of matches"),
            KeyBinding([.home], .move(.top), help: "First match"),
            KeyBinding([.end], .move(.bottom), help: "Last match"),
            KeyBinding([.enter], .choose, help: "Choose the highlighted item", hint: "choose"),
            KeyBinding([.escape], .cancel, help: "Close without choosing", hint: "cancel"),
        ])
}
