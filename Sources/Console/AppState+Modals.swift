import CRMCore
import DisplayText

extension AppState {
    /// A key for the top dialog.
    mutating func keyInModal(_ key: Key) -> [Effect] {
        guard let top = modals.last else { return [] }
        switch top {
        case .help(var overlay):
            guard let motion = ListMotion.keymap.command(for: key) else {
                modals.removeLast()
                return []
            }
            overlay.scroll(motion, page: max(1, size.rows - 4))
            modals[modals.count - 1] = .help(overlay)
            return []
        case .search(let modal):
            return searchKey(key, modal)
        case .form(let modal):
            return formKey(key, modal)
        case .picker(let modal):
            return pickerKey(key, modal)
        case .conflicts(let modal):
            return conflictsKey(key, modal)
        case .merge(let modal):
            return mergeKey(key, modal)
        case .fields(let modal):
            return fieldsKey(key, modal)
        case .contacts(let modal):
            return contactsKey(key, modal)
        case .notes(let modal):
            return notesKey(key, modal)
        case .stale(let modal):
            return staleKey(key, modal)
        case .confirm(let modal):
            return confirmKey(key, modal)
        case .text(var viewer):
            if viewer.handle(key, rows: max(1, size.rows - 4)) {
                modals[modals.count - 1] = .text(viewer)
            } else {
                modals.removeLast()
            }
            return []
        case .confirmQuit(var dialog):
            switch dialog.handle(key) {
            case .pending: modals[modals.count - 1] = .confirmQuit(dialog)
            case .confirmed: quitRequested = true
            case .declined: modals.removeLast()
            }
            return []
        }
    }

    /// The custom field form, filled from `field` when editing one.
    static func fieldForm(_ field: LeadField?) -> Form {
        Form(
            title: field == nil ? "Add a custom field" : "Edit the custom field",
            fields: FormField.customFields(field))
    }
}
