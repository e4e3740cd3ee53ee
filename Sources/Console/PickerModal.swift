import CRMCore
import DisplayText

/// What a picker chooses.
public enum PickerPurpose: Sendable, Hashable {
    /// A manager for lead `leadID`, whose manager's login (or "" for none) was `seen` when the
    /// picker opened.
    case assign(leadID: Int64, seen: String)
    /// A status for lead `leadID`, which had status `seen` when the picker opened.
    case status(leadID: Int64, seen: LeadStatus)
    /// The status filter of the list.
    case filterStatus
    /// The manager filter of the list.
    case filterManager
    /// The lead to merge into lead `survivor`.
    case mergeWith(survivor: Int64)
    /// A status for every marked lead; `seen`: the status each one the list showed had when the
    /// picker opened (its raw value).
    case bulkStatus(seen: [Int64: String])
    /// A manager for every marked lead; `seen`: the manager's login (or "" for none) each one the
    /// list showed had when the picker opened.
    case bulkAssign(seen: [Int64: String])
    /// The list's order.
    case sort
    /// A saved view to apply.
    case savedView
}

/// A picker over string ids and what it is for.
public struct PickerModal: Sendable {
    /// The picker.
    public var picker: Picker<String>
    /// What choosing does.
    public var purpose: PickerPurpose

    /// Draws the picker centred over `area`.
    func render(on canvas: inout some Canvas, in area: Rect) {
        let rows = min(max(1, picker.items.count) + 3, max(4, area.rows - 2))
        picker.render(on: &canvas, in: area.centered(Size(rows: rows, columns: min(60, area.columns - 2))))
    }
}

extension AppState {
    /// A key in a picker.
    mutating func pickerKey(_ key: Key, _ modal: PickerModal) -> [Effect] {
        var modal = modal
        // In the merge chooser, `#42` (or `:42`) and Enter choose lead 42, listed or not.
        if case .mergeWith(let survivor) = modal.purpose, modal.picker.keymap.command(for: key) == .choose,
            let typed = SearchPlan.leadNumber(modal.picker.filter.text.trimmingWhitespace)
        {
            modals.removeLast()
            guard typed != survivor else {
                notice = Notice(text: "A lead cannot be merged into itself", style: .warning)
                return []
            }
            return [.loadMerge(survivor: survivor, absorbed: typed)]
        }
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
    }

    private mutating func choose(_ id: String, for purpose: PickerPurpose) -> [Effect] {
        switch purpose {
        case .assign(let leadID, let seen):
            return [.assign(lead: leadID, login: id, seen: seen)]
        case .status(let leadID, let seen):
            guard let status = LeadStatus(rawValue: id) else { return [] }
            return [.setStatus(lead: leadID, status, seen: seen)]
        case .filterStatus:
            modals.removeLast()
            query.status = LeadStatus(rawValue: id)
            return reloadList()
        case .filterManager:
            modals.removeLast()
            query.unassigned = id == Self.unassignedChoice
            query.managerLogin = id.isEmpty || query.unassigned ? nil : id
            return reloadList()
        case .bulkStatus(let seen):
            modals.removeLast()
            guard let status = LeadStatus(rawValue: id) else { return [] }
            return confirmBulk(.status(status), question: "Set \(markedLeads) to \(status.label)?", seen: seen)
        case .bulkAssign(let seen):
            modals.removeLast()
            return confirmBulk(.assign(login: id), question: "Assign \(markedLeads) to \(id)?", seen: seen)
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
}
