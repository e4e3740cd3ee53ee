import CRMCore
import DisplayText

extension AppState {
    /// Applies `event` to the state and returns the store work it needs. Pure: no I/O.
    public mutating func update(_ event: AppEvent) -> [Effect] {
        switch event {
        case .key(let key):
            notice = nil
            if case .paste(let text) = key { return paste(text) }
            if modals.isEmpty { return key == .control("c") ? interrupt() : keyOnScreen(key) }
            return keyInModal(key)
        case .mouse(let mouse):
            return self.mouse(mouse)
        case .command(let command):
            return apply(command)
        case .resize(let newSize):
            size = newSize
            clampPages()
            return []
        case .changes(let notes):
            noteArrivals(notes)
            // Managers too (a few rows): one added or deactivated elsewhere is offered or not
            // in the pickers without r.
            return reloadEffects + [.loadManagers] + (notes.isEmpty ? [] : [.describe(notes)])
        case .tick:
            if let expiry = noticeExpiresAt, now >= expiry { notice = nil }
            // The listeners' heartbeats age with no commit to ring the doorbell.
            guard now >= countsRefreshAt else { return [] }
            countsLoadedAt = now
            return [.loadCounts]
        case .interrupt:
            return interrupt()
        case .terminate:
            quitRequested = true
            return []
        case .suspendRefused:
            notice = Notice(text: Self.suspendRefused, style: .warning)
            return []
        case .leadsLoaded(let page, let append, let filter):
            return leadsLoaded(page, append: append, filter: filter)
        case .detailLoaded(let id, let detail, let reply):
            guard id == openLeadID else { return [] }
            let fresh = self.detail == nil
            self.detail = detail
            nextReply = reply
            if fresh, let detail, let search = query.search, let width = layout.content(of: .timeline)?.columns,
                let hit = Timeline.firstHit(detail, search: search, width: width, zone: settings.localTime)
            {
                // Opened from a search: the first hit in the transcript is on screen, under its
                // message's header.
                timelineOffset = max(0, hit - 1)
            }
            if let lead = detail?.summary.lead { noteChangeUnderOpenForm(lead) }
            noteRowGoneUnderOpenDialog()
            // A lead that is gone (erased, merged away) leaves the list too.
            return detail == nil ? reloadList() : []
        case .hitsCounted(let count, let counted):
            if counted == query.search { searchHits = count }
            return []
        case .tasksLoaded(let records):
            let selected = taskList.selectedID
            tasks = showDoneTasks ? records : records.filter { $0.status == "open" }
            taskList.replaceRows(tasks.map(\.id))
            // The highlighted task left the queue (done or removed elsewhere): `d` would act on
            // the task now under the highlight, so it is said, unless a notice is up.
            if screen == .tasks, notice == nil, let moved = taskList.selectionMoved(from: selected) {
                notice = Notice(
                    text: Sanitizer.line(
                        "Task #\(moved.gone) left the queue; the highlight is on task #\(moved.now) now"),
                    style: .warning)
            }
            clampPages()
            return []
        case .inboxLoaded(let records):
            let selected = inboxList.selectedID
            inbox = records
            inboxList.replaceRows(records.map(\.id))
            if let gone = inboxList.selectionMoved(from: selected)?.gone, records.count >= Self.inboxLimit {
                notice = Notice(
                    text: Sanitizer.line(
                        "Delivery #\(gone) is not among the newest \(Self.inboxLimit) the inbox lists; "
                            + "jivocrm events --limit N lists more"),
                    style: .warning)
            }
            clampPages()
            return []
        case .countsLoaded(let newCounts):
            counts = newCounts
            countsLoadedAt = now
            return []
        case .managersLoaded(let all):
            managers = all
            let name = operatorName.lowercased()
            operatorLogin =
                all.first { $0.login.lowercased() == name }?.login
                ?? all.first { $0.login.lowercased().split(separator: "@").first.map(String.init) == name }?.login
            return query.tab == .mine ? [.loadLeads(leadFilter, append: false)] : []
        case .conflictsLoaded(let lead, let items, let refresh):
            if refresh { return conflictsRefreshed(lead: lead, items) }
            guard !items.isEmpty else {
                notice = Notice(text: "No open conflicts on this lead", style: .statusBar)
                return []
            }
            modals.append(.conflicts(ConflictModal(items: items, index: 0)))
            return []
        case .mergeLoaded(let survivor, let absorbed):
            // The same two leads read again (one changed while the dialog was open) replace it.
            if case .merge(let open)? = modals.last, open.survivor.id == survivor.id, open.absorbed.id == absorbed.id {
                modals.removeLast()
            }
            modals.append(.merge(MergeModal(survivor: survivor, absorbed: absorbed)))
            return []
        case .unmergeLoaded(let lead, let record):
            guard let record else {
                notice = Notice(text: Sanitizer.line("No merge into lead #\(lead) to undo"), style: .statusBar)
                return []
            }
            let question = Sanitizer.line(
                "Undo merge #\(record.id) (lead #\(record.absorbedID) into #\(record.survivorID), "
                    + "\(settings.localTime.short(milliseconds: record.at)) by \(record.actor))? Lead #\(record.absorbedID) comes back "
                    + "with its emails, phones, chats, calls, tasks and notes.")
            modals.append(
                .confirm(ConfirmModal(dialog: ConfirmDialog(question: question), effect: .unmerge(record.id))))
            return []
        case .unsplitLoaded(_, let conflict):
            let question = Sanitizer.line(
                "Undo the split of conflict #\(conflict.id) (\(conflict.incoming) was split off lead #\(conflict.leadID))? "
                    + "The new lead joins #\(conflict.leadID) again with everything it gathered, and the conflict is open."
            )
            modals.append(
                .confirm(ConfirmModal(dialog: ConfirmDialog(question: question), effect: .unsplit(conflict.id))))
            return []
        case .replyPreviewLoaded(let lead, let json):
            let title = Sanitizer.line("Next reply for lead #\(lead), as the agent gets it")
            modals.append(.text(TextViewer(title: title, text: json, width: size.columns)))
            return []
        case .matchingIDsLoaded(let ids):
            marked.formUnion(ids)
            let capped = ids.count >= Self.maximumMarked ? " (the most * marks at once)" : ""
            notice = Notice(
                text: Sanitizer.line("\(marked.count) marked\(capped): s, a or D act on them all; * again unmarks"),
                style: .statusBar)
            return []
        case .announced(let text):
            notice = Notice(text: Sanitizer.line(text), style: .warning)
            return []
        case .succeeded(let operation, let text):
            return succeeded(operation, text)
        case .bulkSucceeded(let text, let operations):
            lastBulkOperations = operations
            return succeeded(.bulk, text)
        case .failed(let operation, let text):
            return failed(operation, text)
        case .stale(let current):
            guard case .form(let form)? = modals.last, case .contact(let base) = form.purpose,
                let edit = Self.contactEdit(form.form)
            else { return [] }
            modals.removeLast()
            modals.append(.stale(StaleModal(form: form, base: base, current: current, edit: edit)))
            return [.loadDetail(current.id, markRead: false)]
        }
    }

    /// Re-reads what is shown: the loaded leads (from the top, as many as now but at most
    /// ``maximumReload``), the open lead, tasks and counts, and the conflicts of an open
    /// conflict dialog. Selection, scroll and dialogs stay.
    var reloadEffects: [Effect] {
        var filter = leadFilter
        filter.limit = min(Self.maximumReload, max(pageSize, leads.count))
        var effects: [Effect] = [.loadLeads(filter, append: false), .loadTasks, .loadCounts]
        if screen == .events { effects.append(.loadInbox) }
        if let openLeadID { effects.append(.loadDetail(openLeadID, markRead: false)) }
        if case .conflicts(let modal)? = modals.last, let lead = modal.items.first?.conflict.leadID {
            effects.append(.loadConflicts(lead, refresh: true))
        }
        return effects
    }

    /// The open conflict dialog on lead `lead` shows its open conflicts as they are now (`items`),
    /// resolved ones (or ones an unmerge moved back to their lead) gone: it stays on the conflict
    /// it showed while that is open, else on the one now in its place, which it warns of (a
    /// choice would settle a conflict the operator has not read: the first only acknowledges it);
    /// with none left it closes and says so.
    private mutating func conflictsRefreshed(lead: Int64, _ items: [ConflictItem]) -> [Effect] {
        guard case .conflicts(var modal)? = modals.last, modal.items.first?.conflict.leadID == lead else { return [] }
        guard !items.isEmpty else {
            modals.removeLast()
            notice = Notice(
                text: Sanitizer.line("The open conflicts of lead #\(lead) were resolved or moved meanwhile"),
                style: .statusBar)
            return []
        }
        let shown = modal.items[modal.index].conflict.id
        if let index = items.firstIndex(where: { $0.conflict.id == shown }) {
            modal.index = index
        } else {
            modal.index = min(modal.index, items.count - 1)
            modal.tookPlaceOf = shown
            modal.error = nil
            warn(
                "Conflict #\(shown) was resolved or moved meanwhile; "
                    + "the dialog shows conflict #\(items[modal.index].conflict.id) now")
        }
        modal.items = items
        modals[modals.count - 1] = .conflicts(modal)
        return []
    }

    /// The most leads a refresh re-reads, however far the operator scrolled.
    static let maximumReload = 1000
    /// The most deliveries the inbox lists, newest (and troubled) first.
    public static let inboxLimit = 500

    private mutating func interrupt() -> [Effect] {
        if hasDirtyForm {
            if case .confirmQuit? = modals.last { return [] }
            modals.append(.confirmQuit(ConfirmDialog(question: "Quit and lose the form you are typing?")))
        } else {
            quitRequested = true
        }
        return []
    }

    /// Shows a page of leads. Only a first page read again for the filter the list shows
    /// announces the leads above the visible rows as arrivals: for another filter (a search
    /// left, a view or order changed) they were simply not listed before.
    private mutating func leadsLoaded(_ page: [LeadSummary], append: Bool, filter: LeadFilter) -> [Effect] {
        let known = Set(leads.map(\.lead.id))
        let selected = list.selectedID
        var unpaged = filter
        unpaged.limit = 0
        let sameFilter = unpaged == listedFilter
        if append {
            leads += page.filter { !known.contains($0.lead.id) }
            loadingMore = false
        } else {
            leads = page
            listedFilter = unpaged
        }
        hasMoreLeads = page.count >= filter.limit
        list.replaceRows(leads.map(\.lead.id), notingArrivals: !append && sameFilter)
        // Marked leads a change took out of the view (the whole view is listed, so they are not
        // further down) are unmarked: a bulk change would act on leads the operator no longer sees.
        let unmarked =
            !append && sameFilter && !hasMoreLeads
            ? marked.intersection(known).subtracting(list.ids).sorted() : []
        marked.subtract(unmarked)
        let unmarkedNames = unmarked.map { "#\($0)" }.joined(separator: ", ")
        if !append, let target = highlightAfterReload {
            highlightAfterReload = nil
            _ = list.select(id: target)
        }
        // Back from a search whose lead this view does not hold: the highlight returns to the
        // lead it was on before the search, and where it is is said (the next key acts on it).
        if !append, let shown = highlightLeavingSearch {
            highlightLeavingSearch = nil
            if !list.ids.contains(shown) {
                if let before = highlightBeforeSearch { _ = list.select(id: before) }
                if let now = list.selectedID {
                    notice = Notice(
                        text: Sanitizer.line("Lead #\(shown) is not in this view; the highlight is on #\(now) now"),
                        style: .warning)
                }
            }
            highlightBeforeSearch = nil
        }
        // The highlighted lead left the view (another operator changed it): the highlight is on
        // another lead now, which the next key acts on, so it is said, whatever notice is up
        // (the operator's own change, whose notice is up, is not said again).
        let own = !append && reloadingAfterOwnChange
        if !append { reloadingAfterOwnChange = false }
        if !append, sameFilter, !own, let moved = list.selectionMoved(from: selected) {
            let also = unmarked.isEmpty ? "" : "; unmarked: \(unmarkedNames)"
            warn("Lead #\(moved.gone) left this view; the highlight is on #\(moved.now) now\(also)")
        } else if !unmarked.isEmpty, !own {
            let which =
                unmarked.count == 1
                ? "Lead \(unmarkedNames) left this view and is" : "Leads \(unmarkedNames) left this view and are"
            warn("\(which) no longer marked")
        }
        clampPages()
        var effects = followSelection()
        // A search's first page that is not full holds every hit; only a full one needs them
        // counted, which runs the search over the whole store again.
        if !append, query.search != nil {
            if hasMoreLeads {
                effects.append(.countHits(leadFilter))
            } else {
                searchHits = leads.count
            }
        }
        return effects
    }

    /// The notes, emails-and-phones or fields dialog's highlighted row was changed or removed
    /// meanwhile (by another console or a shell): the highlight is on another row now, which
    /// `d` and Enter would act on, so it is said. A row this console's own edit took away is not.
    private mutating func noteRowGoneUnderOpenDialog() {
        guard let lead = detail?.summary.lead, let top = modals.indices.last else { return }
        let gone: String
        let now: String?
        switch modals[top] {
        case .notes(var modal):
            guard let note = modal.selection.reconcile(with: (detail?.notes ?? []).map(\.id)) else { return }
            modals[top] = .notes(modal)
            gone = "Note #\(note) was deleted meanwhile"
            now = modal.selection.selectedKey.map { "note #\($0)" }
        case .contacts(var modal):
            guard let row = modal.selection.reconcile(with: ContactsModal.keys(ContactsModal.rows(lead))) else {
                return
            }
            modals[top] = .contacts(modal)
            gone = "The \(row) was changed or removed meanwhile"
            now = modal.selection.selectedKey.map { "the \($0)" }
        case .fields(var modal):
            guard let title = modal.selection.reconcile(with: lead.fields.map(\.title)) else { return }
            modals[top] = .fields(modal)
            gone = "Field \"\(title)\" was changed or removed meanwhile"
            now = modal.selection.selectedKey.map { "\"\($0)\"" }
        default:
            return
        }
        notice = Notice(
            text: Sanitizer.line(gone + (now.map { "; the highlight is on \($0) now" } ?? "")), style: .warning)
    }

    /// Keeps list pages matched to the visible rows.
    mutating func clampPages() {
        let area = layout.content(of: .list)
        let width = area?.columns ?? 0
        let rows = max(
            1, ((area?.rows ?? 1) - LeadsPane.headerRows(width: width)) / LeadsPane.rowsPerLead(width: width))
        if list.pageSize != rows { list.pageSize = rows }
        let taskRows = max(1, size.rows - 4)
        if taskList.pageSize != taskRows { taskList.pageSize = taskRows }
        if inboxList.pageSize != taskRows { inboxList.pageSize = taskRows }
    }

    /// Shows lead `id` in the card and timeline.
    mutating func open(_ id: Int64, markRead: Bool) -> [Effect] {
        if id != openLeadID {
            cardOffset = 0
            timelineOffset = 0
            detail = nil
            nextReply = nil
        }
        openLeadID = id
        if markRead { unreadArrivals.remove(id) }
        if markRead, let index = leads.firstIndex(where: { $0.lead.id == id }) { leads[index].unreadChats = 0 }
        return [.loadDetail(id, markRead: markRead)]
    }

    /// Says in an open contact form on `lead` what someone else changed since it opened (the
    /// typing stays; saving then asks before overwriting, as the version check requires).
    mutating func noteChangeUnderOpenForm(_ lead: Lead) {
        guard let index = modals.lastIndex(where: { if case .form = $0 { true } else { false } }),
            case .form(var modal) = modals[index], case .contact(let base) = modal.purpose, base.id == lead.id,
            base.version != lead.version
        else { return }
        let fields = [
            ("name", base.name, lead.name), ("phone", base.primaryPhone, lead.primaryPhone),
            ("email", base.primaryEmail, lead.primaryEmail), ("description", base.description, lead.description),
            ("crm_link", base.crmLink ?? "", lead.crmLink ?? ""),
        ].filter { $0.1 != $0.2 }
        let what =
            fields.isEmpty
            ? "other data changed"
            : fields.map { "\($0.0) is now \($0.2.isEmpty ? "empty" : "\"\($0.2)\"")" }.joined(separator: ", ")
        modal.changedUnderneath = Sanitizer.line(
            "Lead #\(lead.id) changed while you edit: \(what); saving asks before overwriting")
        modals[index] = .form(modal)
    }

    /// Keeps the card on the highlighted row, the lead every command acts on: after anything
    /// that changed the list or its selection, the card shows the selected lead, or nothing
    /// when the list is empty.
    mutating func followSelection() -> [Effect] {
        guard let id = list.selectedID else {
            openLeadID = nil
            detail = nil
            nextReply = nil
            cardOffset = 0
            timelineOffset = 0
            return []
        }
        return id == openLeadID ? [] : open(id, markRead: false)
    }

    private mutating func succeeded(_ operation: Operation, _ text: String) -> [Effect] {
        if operation == .bulk { marked = [] }
        reloadingAfterOwnChange = true
        switch modals.last.flatMap({ $0.awaitedOperation == operation ? $0 : nil }) {
        case .form(let form)?:
            modals.removeLast()
            noteOwnEdit(form.purpose)
        case .stale?, .merge?, .picker?:
            modals.removeLast()
        case .conflicts(var modal)?:
            modal.items.remove(at: modal.index)
            modal.error = nil
            if modal.items.isEmpty {
                modals.removeLast()
            } else {
                modal.index = min(modal.index, modal.items.count - 1)
                modals[modals.count - 1] = .conflicts(modal)
            }
        default: break
        }
        notice = Notice(text: Sanitizer.line(text), style: .statusBar)
        return reloadEffects
    }

    /// Shows `text` as a warning: over an informational notice (an earlier "Saved …"), or after
    /// a warning or error already up, so that neither is lost.
    mutating func warn(_ text: String) {
        let line = Sanitizer.line(text)
        if let shown = notice, shown.style != .statusBar {
            notice = Notice(text: shown.text + " · " + line, style: shown.style == .error ? .error : .warning)
        } else {
            notice = Notice(text: line, style: .warning)
        }
    }

    /// After an edit form opened from the emails-and-phones or fields dialog saved: the row it
    /// edited may leave under its old key by this console's own doing (``RowSelection/ownEdit``).
    private mutating func noteOwnEdit(_ purpose: FormPurpose) {
        guard let top = modals.indices.last else { return }
        switch (purpose, modals[top]) {
        case (.contactValue(_, let row?), .contacts(var modal)):
            modal.selection.ownEdit = ContactsModal.keys([row])[0]
            modals[top] = .contacts(modal)
        case (.field(_, let original?, _), .fields(var modal)):
            modal.selection.ownEdit = original.title
            modals[top] = .fields(modal)
        default:
            break
        }
    }

    private mutating func failed(_ operation: Operation, _ text: String) -> [Effect] {
        highlightAfterReload = nil
        let message = Sanitizer.line(text)
        // In a form `r` is typed, in a dialog it is no reload: the hint says how to get there.
        let inDialog = Sanitizer.line(
            text.hasSuffix(CRMError.reloadHint)
                ? text.dropLast(CRMError.reloadHint.count) + CRMError.reloadHintInDialog : text)
        switch modals.last.flatMap({ $0.awaitedOperation == operation ? $0 : nil }) {
        case .form(var modal)?:
            modal.error = inDialog
            modals[modals.count - 1] = .form(modal)
        case .conflicts(var modal)?:
            modal.error = inDialog
            modals[modals.count - 1] = .conflicts(modal)
        case .merge(var modal)?:
            modal.error = inDialog
            modals[modals.count - 1] = .merge(modal)
        case .picker?:
            // A choice refused (the lead changed since the picker opened) is made again from a
            // picker opened afresh, on the lead as it is now.
            modals.removeLast()
            notice = Notice(text: message, style: .error)
        default:
            notice = Notice(text: message, style: .error)
        }
        return []
    }

    /// The edit a contact form describes (its fields are ``ContactField/editable``): only the
    /// fields the operator changed, so a save never writes back values someone else changed.
    static func contactEdit(_ form: Form) -> ContactEdit? {
        guard form.fields.count == ContactField.editable.count else { return nil }
        return ContactEdit(
            zip(ContactField.editable, form.fields).compactMap { field, row in
                row.editor.text == row.initialText ? nil : (field, row.editor.text)
            })
    }
}
