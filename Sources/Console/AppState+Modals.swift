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
        case .search(var editor):
            switch key {
            case .enter:
                modals.removeLast()
                let text = editor.text.trimmingWhitespace
                query.search = text.isEmpty ? nil : text
                focus = .list
                return reloadList()
            case .escape:
                modals.removeLast()
                return []
            default:
                editor.handle(key)
                modals[modals.count - 1] = .search(editor)
                return []
            }
        case .form(var modal):
            switch modal.form.handle(key) {
            case .editing, .rejected:
                modals[modals.count - 1] = .form(modal)
                return []
            case .cancelled:
                modals.removeLast()
                return []
            case .submitted(let values):
                modal.error = nil
                modals[modals.count - 1] = .form(modal)
                return submit(modal, values)
            }
        case .picker(var modal):
            switch modal.picker.handle(key) {
            case .choosing:
                modals[modals.count - 1] = .picker(modal)
                return []
            case .cancelled:
                modals.removeLast()
                return []
            case .chosen(let id):
                return choose(id, for: modal.purpose)
            }
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
        case .confirm(var modal):
            switch modal.dialog.handle(key) {
            case .pending:
                modals[modals.count - 1] = .confirm(modal)
                return []
            case .confirmed:
                modals.removeLast()
                return [modal.effect]
            case .declined:
                modals.removeLast()
                return []
            }
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

    private mutating func submit(_ modal: FormModal, _ values: [String]) -> [Effect] {
        switch modal.purpose {
        case .contact(let base):
            guard let edit = Self.contactEdit(modal.form), !edit.isEmpty else {
                modals.removeLast()
                notice = Notice(text: "Nothing changed", style: .statusBar)
                return []
            }
            return [.saveContact(lead: base.id, edit, expectedVersion: base.version)]
        case .field(let leadID, let original, let index):
            let field = LeadField(
                title: values[0].trimmingWhitespace, content: values[1],
                link: values[2].isEmpty ? nil : values[2], key: values[3].isEmpty ? nil : values[3])
            return [.saveField(lead: leadID, field, replacing: original?.title, position: index)]
        case .note(let leadID):
            return [.addNote(lead: leadID, text: values[0])]
        case .contactValue(let leadID, let row):
            let value = values[0].trimmingWhitespace
            guard let row else {
                return [.changeContacts(lead: leadID, ContactsModal.field(of: value), .add(value))]
            }
            return [.changeContacts(lead: leadID, row.field, .replace(row.position, value))]
        case .editNote(let noteID):
            return [.editNote(noteID, text: values[0])]
        case .task(let leadID):
            guard let due = TaskDue.parse(values[1], now: now, zone: settings.localTime) else { return [] }
            let manager = values[2].trimmingWhitespace
            return [
                .addTask(
                    lead: leadID, title: values[0].trimmingWhitespace, dueAt: due,
                    manager: manager.isEmpty ? nil : manager)
            ]
        }
    }

    private mutating func choose(_ id: String, for purpose: PickerPurpose) -> [Effect] {
        switch purpose {
        case .assign(let leadID):
            return [.assign(lead: leadID, login: id)]
        case .status(let leadID):
            guard let status = LeadStatus(rawValue: id) else { return [] }
            return [.setStatus(lead: leadID, status)]
        case .filterStatus:
            modals.removeLast()
            query.status = LeadStatus(rawValue: id)
            return reloadList()
        case .filterManager:
            modals.removeLast()
            query.unassigned = id == Self.unassignedChoice
            query.managerLogin = id.isEmpty || query.unassigned ? nil : id
            return reloadList()
        case .bulkStatus:
            modals.removeLast()
            guard let status = LeadStatus(rawValue: id) else { return [] }
            return confirmBulk(.status(status), question: "Set the \(marked.count) marked leads to \(status.label)?")
        case .bulkAssign:
            modals.removeLast()
            return confirmBulk(.assign(login: id), question: "Assign the \(marked.count) marked leads to \(id)?")
        case .sort:
            modals.removeLast()
            query.sort = LeadSort(rawValue: id) ?? .activity
            return reloadList()
        case .savedView:
            modals.removeLast()
            guard let saved = savedViews.first(where: { $0.name == id }) else { return [] }
            return apply(saved)
        case .mergeWith(let survivor):
            modals.removeLast()
            guard let absorbed = Int64(id) else { return [] }
            return [.loadMerge(survivor: survivor, absorbed: absorbed)]
        }
    }

    /// The custom field form, filled from `field` when editing one.
    static func fieldForm(_ field: LeadField?) -> Form {
        Form(
            title: field == nil ? "Add a custom field" : "Edit the custom field",
            fields: FormField.customFields(field))
    }
}
