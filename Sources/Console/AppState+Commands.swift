import CRMCore
import DisplayText

extension AppState {
    /// The keymap of what has the keys now, outside dialogs.
    public var focusedKeymap: Keymap<AppCommand> {
        if screen == .tasks { return keys.tasks }
        if screen == .events { return AppKeymaps.events }
        return focus == .list ? keys.list : keys.lead
    }

    /// A key with no dialog open: the global keys, then the focused pane's.
    mutating func keyOnScreen(_ key: Key) -> [Effect] {
        guard let command = keys.global.command(for: key) ?? focusedKeymap.command(for: key) else {
            return []
        }
        return apply(command)
    }

    /// Carries out `command`.
    mutating func apply(_ command: AppCommand) -> [Effect] {
        switch command {
        case .move(let motion): return move(motion)
        case .nextPane, .previousPane:
            guard screen == .leads else { return [] }
            let panes = Pane.allCases
            let index = panes.firstIndex(of: focus) ?? 0
            let step = command == .nextPane ? 1 : panes.count - 1
            focus = panes[(index + step) % panes.count]
            clampPages()
            return []
        case .open:
            if screen == .events {
                guard let id = inboxList.selectedID, let event = inbox.first(where: { $0.id == id }) else { return [] }
                guard let lead = event.leadID else {
                    // Why it reached none, in full (the row cuts it; L shows what the status rows
                    // cut), and where its body is read.
                    let why = event.error ?? event.note
                    notice = Notice(
                        text: Sanitizer.line(
                            "Delivery #\(event.id) reached no lead" + (why.map { ": " + $0 } ?? "")
                                + "; `jivocrm events \(event.id)` shows its body"),
                        style: .warning)
                    return []
                }
                screen = .leads
                focus = .card
                return list.select(id: lead) ? open(lead, markRead: false) : jump(to: lead)
            }
            if screen == .tasks {
                guard let id = taskList.selectedID, let task = tasks.first(where: { $0.id == id }) else { return [] }
                screen = .leads
                focus = .card
                guard list.select(id: task.leadID) else { return jump(to: task.leadID) }
                return open(task.leadID, markRead: true)
            }
            guard let id = list.selectedID else { return [] }
            focus = .card
            return open(id, markRead: true)
        case .back:
            if screen == .tasks || screen == .events {
                screen = .leads
                return []
            }
            if focus != .list {
                focus = .list
                return []
            }
            guard isFiltered else {
                if !marked.isEmpty {
                    marked = []
                    notice = Notice(text: "Marks cleared", style: .statusBar)
                }
                return []
            }
            if query.search != nil { highlightLeavingSearch = list.selectedID }
            query = query.unfiltered
            return reloadList()
        case .edit: return openContactForm()
        case .fields:
            guard let id = openLeadID, detail != nil else { return noLead() }
            var modal = FieldsModal(leadID: id)
            modal.selection.select(0, in: (detail?.summary.lead.fields ?? []).map(\.title))
            modals.append(.fields(modal))
            return []
        case .assign:
            guard let id = openLeadID ?? marked.first else { return noLead() }
            let items = managers.filter(\.isActive).map {
                Picker<String>.Item(id: $0.login, label: Sanitizer.line("\($0.name) (\($0.login))"))
            }
            guard !items.isEmpty else {
                notice = Notice(text: "No active managers; add one with `jivocrm managers add`", style: .warning)
                return []
            }
            if marked.isEmpty {
                openPicker(
                    Sanitizer.line("Assign a manager to lead #\(id)"), items,
                    .assign(leadID: id, seen: openLead?.manager?.login ?? ""))
            } else {
                openPicker(
                    "Assign a manager to every marked lead", items,
                    .bulkAssign(seen: markedHolding { $0.manager?.login ?? "" }))
            }
            return []
        case .setStatus:
            if !marked.isEmpty {
                openPicker(
                    "Set the status of every marked lead", Self.statusChoices,
                    .bulkStatus(seen: markedHolding { $0.status.rawValue }))
                return []
            }
            guard let id = openLeadID, let lead = openLead else { return noLead() }
            openPicker(
                Sanitizer.line("Set the status of lead #\(id)"), Self.statusChoices,
                .status(leadID: id, seen: lead.status))
            return []
        case .completeLeadTasks:
            if !marked.isEmpty {
                return confirmBulk(
                    .completeTasks(), question: "Mark every open task of \(markedLeads) done?")
            }
            guard let id = openLeadID else { return noLead() }
            // The open tasks the card shows: one added meanwhile is not done unseen.
            let shown = detail?.summary.lead.id == id ? detail?.tasks.filter { $0.status == "open" }.map(\.id) : nil
            return [.bulk(.completeTasks(only: shown.map(Set.init)), leads: [id])]
        case .toggleMark:
            guard let id = list.selectedID else { return noLead() }
            if marked.remove(id) == nil { marked.insert(id) }
            list.apply(.down)
            return listMoved()
        case .markAllMatching:
            let loaded = Set(leads.map(\.lead.id))
            if !marked.isEmpty, loaded.isSubset(of: marked), !hasMoreLeads {
                marked = []
                notice = Notice(text: "Marks cleared", style: .statusBar)
                return []
            }
            return [.loadMatchingIDs(leadFilter)]
        case .resolveConflicts:
            guard let id = openLeadID else { return noLead() }
            return [.loadConflicts(id, refresh: false)]
        case .merge:
            guard let id = openLeadID else { return noLead() }
            let items = leads.filter { $0.lead.id != id }.map {
                Picker<String>.Item(id: String($0.lead.id), label: Self.pickerLabel($0.lead))
            }
            openPicker(
                Sanitizer.line("Merge which lead into #\(id)? (or type #number)"), items, .mergeWith(survivor: id),
                emptyHint: "no lead in this list; type #number and Enter for any lead", numbered: true)
            return []
        case .unmerge:
            guard let id = openLeadID else { return noLead() }
            return [.loadUnmerge(id)]
        case .previewReply:
            guard let id = openLeadID else { return noLead() }
            return [.loadReplyPreview(id)]
        case .undo:
            return [.undo(bulk: lastBulkOperations)]
        case .contacts:
            guard let id = openLeadID else { return noLead() }
            var modal = ContactsModal(leadID: id)
            modal.selection.select(0, in: ContactsModal.keys(ContactsModal.rows(detail?.summary.lead)))
            modals.append(.contacts(modal))
            return []
        case .notes:
            guard let id = openLeadID else { return noLead() }
            modals.append(.notes(NotesModal(leadID: id)))
            return []
        case .addTask:
            guard let id = openLeadID else { return noLead() }
            modals.append(.form(FormModal(form: taskForm(id), purpose: .task(leadID: id))))
            return []
        case .toggleDoneTasks:
            guard screen == .tasks else { return [] }
            showDoneTasks.toggle()
            return [.loadTasks]
        case .reopenTask:
            guard screen == .tasks, let id = taskList.selectedID, let task = tasks.first(where: { $0.id == id }) else {
                return []
            }
            guard task.status == "done" else {
                notice = Notice(text: "That task is open; D shows done tasks to reopen", style: .statusBar)
                return []
            }
            return [.reopenTask(id, lead: task.leadID)]
        case .note:
            guard let id = openLeadID else { return noLead() }
            let form = Form(
                title: Sanitizer.line("Add a note to lead #\(id)"),
                fields: [FormField(label: "Note", validate: Self.required)])
            modals.append(.form(FormModal(form: form, purpose: .note(leadID: id))))
            return []
        case .search:
            modals.append(.search(SearchModal(text: query.search ?? "", lastSearch: true)))
            return []
        case .goToLead:
            modals.append(.search(SearchModal(text: "#")))
            return []
        case .nextMatch, .previousMatch:
            return jumpToMatch(forward: command == .nextMatch)
        case .filterStatus:
            let items =
                [Picker<String>.Item(id: "", label: "Any status")]
                + LeadStatus.allCases.map { Picker<String>.Item(id: $0.rawValue, label: Sanitizer.line($0.label)) }
            openPicker("Filter by status", items, .filterStatus)
            return []
        case .filterManager:
            let items =
                [
                    Picker<String>.Item(id: "", label: "Any manager"),
                    Picker<String>.Item(id: Self.unassignedChoice, label: "Unassigned (no manager)"),
                ]
                + managers.map { Picker<String>.Item(id: $0.login, label: Sanitizer.line("\($0.name) (\($0.login))")) }
            openPicker("Filter by manager", items, .filterManager)
            return []
        case .toggleConflictsFilter:
            query.conflicts.toggle()
            return reloadList()
        case .toggleTasksFilter:
            query.tasks.toggle()
            return reloadList()
        case .sort:
            let items = LeadSort.allCases.map {
                Picker<String>.Item(id: $0.rawValue, label: Sanitizer.line("By " + $0.label))
            }
            openPicker("Sort the list", items, .sort)
            return []
        case .savedView:
            guard !savedViews.isEmpty else {
                notice = Notice(
                    text: "No saved views; add `view.NAME = tab:open unassigned sort:due` to the config file",
                    style: .warning)
                return []
            }
            let items = savedViews.map { Picker<String>.Item(id: $0.name, label: Sanitizer.line($0.name)) }
            openPicker("Apply a saved view", items, .savedView)
            return []
        case .view(let newView):
            query.tab = newView
            screen = .leads
            return reloadList()
        case .nextView:
            query.tab = LeadView(rawValue: (query.tab.rawValue + 1) % LeadView.allCases.count) ?? .unsorted
            return reloadList()
        case .tasks:
            screen = screen == .tasks ? .leads : .tasks
            return screen == .tasks ? [.loadTasks] : []
        case .events:
            screen = screen == .events ? .leads : .events
            return screen == .events ? [.loadInbox, .loadCounts] : []
        case .completeTask:
            guard screen == .tasks, let id = taskList.selectedID, let task = tasks.first(where: { $0.id == id }) else {
                return []
            }
            return [.completeTask(id, lead: task.leadID)]
        case .reload:
            return reloadEffects + [.loadManagers]
        case .help:
            modals.append(.help(HelpOverlay(sections: keys.helpSections)))
            return []
        case .messages:
            let text =
                messages.isEmpty
                ? "No messages yet."
                : messages.reversed().map {
                    ConsoleTime.clock($0.at, settings.localTime).string + "  " + $0.text.string
                }
                .joined(separator: "\n")
            modals.append(.text(TextViewer(title: "Recent messages, newest first", text: text, width: size.columns)))
            return []
        case .quit:
            quitRequested = true
            return []
        }
    }

    /// Reads the list again from its first page, keeping the selected id when it is still there
    /// (a search's hits are counted when its first page arrives full).
    mutating func reloadList() -> [Effect] {
        loadingMore = false
        if query.search == nil { searchHits = nil }
        return [.loadLeads(leadFilter, append: false)]
    }

    /// `n`/`N`: selects the next or previous lead the search matches (the list holds only
    /// matches), wrapping at either end like less and vim, and says "hit 3 of 17".
    private mutating func jumpToMatch(forward: Bool) -> [Effect] {
        guard let search = query.search else {
            notice = Notice(text: "No search yet: press / to search", style: .statusBar)
            return []
        }
        guard !leads.isEmpty else {
            notice = Notice(text: Sanitizer.line("No hits for \"\(search)\""), style: .warning)
            return []
        }
        screen = .leads
        focus = .list
        let current = list.selection
        var target: Int
        var wrapped = ""
        if forward {
            target = (current ?? -1) + 1
            if target >= leads.count {
                if hasMoreLeads {
                    target = leads.count - 1
                } else {
                    target = 0
                    wrapped = ", wrapped to the top"
                }
            }
        } else {
            target = (current ?? leads.count) - 1
            if target < 0 {
                target = leads.count - 1
                wrapped = ", wrapped to the bottom"
            }
        }
        list.select(id: leads[target].lead.id)
        let total = max(searchHits ?? leads.count, leads.count)
        notice = Notice(
            text: Sanitizer.line(
                "hit \(target + 1) of \(total)\(hasMoreLeads && searchHits == nil ? "+" : "")\(wrapped)"),
            style: .statusBar)
        return listMoved()
    }

    mutating func move(_ motion: ListMotion) -> [Effect] {
        if screen == .tasks {
            taskList.apply(motion)
            return []
        }
        if screen == .events {
            inboxList.apply(motion)
            return []
        }
        switch focus {
        case .list:
            list.apply(motion)
            return listMoved()
        case .card:
            let rows = layout.content(of: .card)?.rows ?? 1
            var count = 0
            if let detail, let nextReply { count = LeadCard.lines(detail, reply: nextReply, settings: settings).count }
            cardOffset = min(max(0, count - rows), Self.scrolled(cardOffset, motion, page: rows))
        case .timeline:
            let area = layout.content(of: .timeline) ?? Rect(row: 0, column: 0, rows: 1, columns: 1)
            let target = Self.scrolled(timelineOffset, motion, page: area.rows)
            let count =
                detail.map {
                    Timeline.lines($0, width: area.columns, zone: settings.localTime, limit: target + area.rows).count
                } ?? 0
            timelineOffset = min(max(0, count - area.rows), target)
        }
        return []
    }

    /// After the list selection moved: opens the selected lead, and asks for the next page
    /// when the selection nears the end of the loaded leads.
    mutating func listMoved() -> [Effect] {
        var effects = followSelection()
        if hasMoreLeads, !loadingMore, let selection = list.selection, selection + list.pageSize * 2 >= leads.count,
            let last = leads.last
        {
            var filter = leadFilter
            filter.after = last.lead.id
            loadingMore = true
            effects.append(.loadLeads(filter, append: true))
        }
        return effects
    }

    private static func scrolled(_ offset: Int, _ motion: ListMotion, page: Int) -> Int {
        switch motion {
        case .up: max(0, offset - 1)
        case .down: offset + 1
        case .pageUp: max(0, offset - page)
        case .pageDown: offset + page
        case .top: 0
        case .bottom: Int.max / 2
        }
    }

    /// The marked leads as a question names them: the one lead, or how many.
    var markedLeads: String {
        marked.count == 1 ? "lead #\(marked.first ?? 0)" : "the \(marked.count) marked leads"
    }

    /// Asks `question` (naming the marked leads) before applying `change` to them all; a lead is
    /// left out when the value the change replaces is no longer the one `seen` holds for it
    /// (another operator changed it since the picker opened).
    mutating func confirmBulk(_ change: BulkChange, question: String, seen: [Int64: String] = [:]) -> [Effect] {
        let ids = leads.map(\.lead.id).filter(marked.contains) + marked.subtracting(leads.map(\.lead.id)).sorted()
        // Marked leads the list does not show (marked in another view, or further down) are
        // named: the change reaches them too.
        let hidden = marked.subtracting(leads.map(\.lead.id)).sorted()
        let named = hidden.prefix(5).map { "#\($0)" }.joined(separator: ", ") + (hidden.count > 5 ? ", …" : "")
        let unseen =
            hidden.isEmpty
            ? "" : " \(named) \(hidden.count == 1 ? "is" : "are") marked but not shown in this list."
        modals.append(
            .confirm(
                ConfirmModal(
                    dialog: ConfirmDialog(question: Sanitizer.line(question + unseen)),
                    effect: .bulk(change, leads: ids, seen: seen))))
        return []
    }

    /// What each marked lead the list shows holds now of the value a bulk change replaces
    /// (`value`: its status, or its manager's login, as ``BulkChange/replaced(in:)`` gives it):
    /// taken when the picker opens, as the operator sees it before choosing.
    private func markedHolding(_ value: (Lead) -> String) -> [Int64: String] {
        var seen: [Int64: String] = [:]
        for summary in leads where marked.contains(summary.lead.id) { seen[summary.lead.id] = value(summary.lead) }
        return seen
    }

    /// The manager filter's choice for leads without a manager (no login has this form).
    static let unassignedChoice = " unassigned"

    /// Sets the tab, filters, order and search of `saved`.
    mutating func apply(_ saved: SavedView) -> [Effect] {
        query = saved.query
        screen = .leads
        notice = Notice(text: Sanitizer.line("View: \(saved.name)"), style: .statusBar)
        return reloadList()
    }

    /// Shows lead `id` alone in the list (a search for `#id`, which Esc clears), highlighted
    /// and open in the card.
    mutating func jump(to id: Int64) -> [Effect] {
        search("#\(id)")
        return reloadList()
    }

    /// Sets the list's search to `text` (nil: none), remembering the highlight a search begins on.
    mutating func search(_ text: String?) {
        if query.search == nil, text != nil { highlightBeforeSearch = list.selectedID }
        query.search = text
    }

    private mutating func noLead() -> [Effect] {
        notice = Notice(text: "Select a lead first", style: .warning)
        return []
    }

    private mutating func openPicker(
        _ title: DisplayLine, _ items: [Picker<String>.Item], _ purpose: PickerPurpose,
        emptyHint: DisplayLine = "nothing matches", numbered: Bool = false
    ) {
        let rows = max(1, min(items.count, size.rows - 8))
        let picker = Picker(title: title, items: items, pageSize: rows, emptyHint: emptyHint, numbered: numbered)
        modals.append(.picker(PickerModal(picker: picker, purpose: purpose)))
    }

    /// Opens the contact form on the open lead.
    mutating func openContactForm() -> [Effect] {
        guard let lead = openLead else { return noLead() }
        modals.append(
            .form(FormModal(form: Self.contactForm(lead, settings.normalizer), purpose: .contact(base: lead))))
        return []
    }

    /// The contact form, filled from `lead`, its fields checked by ``ContactLimits``.
    static func contactForm(_ lead: Lead, _ normalizer: ContactNormalizer) -> Form {
        Form(
            title: Sanitizer.line("Edit lead #\(lead.id)"),
            fields: FormField.contactFields(lead, normalizer: normalizer))
    }

    /// A picker row for a lead: number, name, phone.
    static func pickerLabel(_ lead: Lead) -> DisplayLine {
        Sanitizer.line("#\(lead.id) \(lead.displayName) \(lead.primaryPhone)")
    }

    /// The triage choices and the status each sets.
    static let statusChoices: [Picker<String>.Item] = [
        Picker.Item(id: LeadStatus.open.rawValue, label: "Accept (open)"),
        Picker.Item(id: LeadStatus.spam.rawValue, label: "Decline (spam)"),
        Picker.Item(id: LeadStatus.qualified.rawValue, label: "Qualify"),
        Picker.Item(id: LeadStatus.won.rawValue, label: "Win"),
        Picker.Item(id: LeadStatus.lost.rawValue, label: "Lose"),
        Picker.Item(id: LeadStatus.unsorted.rawValue, label: "Back to unsorted"),
    ]

    /// Rejects empty values.
    static let required: @Sendable (String) -> DisplayLine? = { text in
        text.allSatisfy(\.isWhitespace) ? "required" : nil
    }
}
