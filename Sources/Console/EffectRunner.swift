import CRMCore
import CRMStore

/// Runs ``Effect``s against the console's own store connection and reports the outcomes as
/// ``AppEvent``s. Every write goes through the store's audited operations, as `actor`.
public struct EffectRunner {
    /// The store, confined to the console thread.
    public let store: Store
    /// Who operator edits are attributed to.
    public let actor: String

    /// A runner writing as `actor`.
    public init(store: Store, actor: String) {
        self.store = store
        self.actor = actor
    }

    /// Does `effect`; never throws: failures become ``AppEvent/failed(_:_:)``.
    public func run(_ effect: Effect) -> [AppEvent] {
        do {
            return try perform(effect)
        } catch let error as CRMError where error.kind == .conflict {
            // A lead changed since the form read it is a lost race; any other refusal (a lead
            // merged away meanwhile) is said as it is.
            if case .saveContact(let id, _, let version) = effect, let current = try? store.lead(id),
                current.version != version
            {
                return [.stale(current: current)]
            }
            // A lead changed while the merge dialog was open: the choices were made on old
            // values, so the dialog shows the leads as they are now and the operator chooses again.
            if case .merge(let absorbed, let survivor, _, _, let versions) = effect,
                let first = try? store.lead(survivor), let second = try? store.lead(absorbed),
                versions[survivor] != first.version || versions[absorbed] != second.version
            {
                let changed = versions[survivor] != first.version ? survivor : absorbed
                return [
                    .mergeLoaded(survivor: first, absorbed: second),
                    .failed(
                        .merge, "Lead #\(changed) changed while this dialog was open; its values are shown again"),
                ]
            }
            return [.failed(Self.operation(effect), error.consoleMessage)]
        } catch let error as CRMError {
            return [.failed(Self.operation(effect), error.consoleMessage)]
        } catch {
            return [.failed(Self.operation(effect), "\(error)")]
        }
    }

    private func perform(_ effect: Effect) throws -> [AppEvent] {
        switch effect {
        case .loadLeads(let filter, let append):
            return [.leadsLoaded(try store.leads(filter), append: append, filter: filter)]
        case .loadDetail(let id, let markRead):
            if markRead { try store.markRead(id) }
            let detail = try store.detail(id)
            return [.detailLoaded(id, detail, reply: try detail.map { try store.nextReply(for: $0.summary.lead) })]
        case .countHits(let filter):
            return [.hitsCounted(try store.leadCount(filter), search: filter.search)]
        case .loadInbox:
            return [.inboxLoaded(try store.inbox(limit: AppState.inboxLimit))]
        case .loadTasks:
            return [.tasksLoaded(try store.tasks(openOnly: false, limit: 500))]
        case .loadCounts:
            return [.countsLoaded(try store.consoleCounts(now: store.clock()))]
        case .loadManagers:
            return [.managersLoaded(try store.managers())]
        case .loadConflicts(let id, let refresh):
            let items = try store.conflicts(lead: id).filter { $0.status == "open" }.map { conflict in
                ConflictItem(
                    conflict: conflict, event: try conflict.eventID.flatMap { try store.event($0) },
                    lead: try store.summary(conflict.leadID),
                    other: try conflict.otherLeadID.flatMap { try store.summary($0) },
                    survivor: try store.duplicatePair(conflict)?.survivor,
                    otherMergedInto: try conflict.otherLeadID.flatMap { try store.mergedInto($0) })
            }
            return [.conflictsLoaded(lead: id, items, refresh: refresh)]
        case .loadMerge(let survivor, let absorbed):
            guard let second = try store.lead(absorbed) else {
                return [.failed(.merge, "No lead #\(absorbed) to merge")]
            }
            if let into = try store.mergedInto(absorbed) {
                return [
                    .failed(
                        .merge, "Lead #\(absorbed) was merged into lead #\(into); merge lead #\(into) instead")
                ]
            }
            guard let first = try store.lead(survivor) else {
                return [.failed(.merge, "lead #\(survivor) is gone; reload with r and choose again")]
            }
            return [.mergeLoaded(survivor: first, absorbed: second)]
        case .loadUnmerge(let id):
            let record = try store.merges(lead: id).first { $0.survivorID == id && $0.undoneAt == nil }
            if record == nil, let split = try store.undoableSplit(lead: id) {
                return [.unsplitLoaded(lead: id, split)]
            }
            // What would refuse the undo is said before the operator is asked to confirm it.
            if let record, let refusal = try store.unmergeRefusal(record.id) {
                return [.failed(.merge, refusal.consoleMessage)]
            }
            return [.unmergeLoaded(lead: id, record)]
        case .unsplit(let conflict):
            let lead = try store.unsplit(conflict, actor: actor)
            return [
                .succeeded(
                    .conflict, "Undid the split: lead #\(lead) joined the original again; conflict #\(conflict) is open"
                )
            ]
        case .loadReplyPreview(let id):
            guard let lead = try store.lead(id) else {
                return [.failed(.load, "lead #\(id) is gone" + CRMError.reloadHint)]
            }
            let reply = try store.nextReply(for: lead)
            return [.replyPreviewLoaded(lead: id, json: reply.json.serialized(pretty: true))]
        case .unmerge(let id):
            // What stays is said in full (L shows a notice the status rows cut): the audit
            // records the unmerge, not each change it left.
            let report = try store.unmerge(id, actor: actor)
            let kept = report.kept.isEmpty ? "" : "; kept: " + report.kept.joined(separator: "; ")
            return [.succeeded(.merge, "Undid merge #\(id): lead #\(report.absorbedID) is back\(kept)")]
        case .describe(let notes):
            return try describe(notes).map { [.announced($0)] } ?? []
        case .saveContact(let id, let edit, let version):
            try store.edit(id, edit, actor: actor, expectedVersion: version)
            return try saved(
                .contact, "Saved lead #\(id); the next reply carries it", lead: id,
                values: [(.email, edit.email), (.phone, edit.phone)])
        case .saveField(let id, let field, let replacing, let position):
            try store.saveField(id, field, replacing: replacing, position: position, actor: actor)
            return [.succeeded(.field, "Saved field \"\(field.title)\" of lead #\(id)")]
        case .removeField(let id, let title):
            try store.removeField(id, title: title, actor: actor)
            return [.succeeded(.field, "Removed field \"\(title)\" from lead #\(id)")]
        case .moveField(let id, let from, let to):
            try store.moveField(id, from: from, to: to, actor: actor)
            return [.succeeded(.field, "Moved a field of lead #\(id)")]
        case .assign(let id, let login, let seen):
            try store.assign(id, login: login, actor: actor, seen: seen)
            return [.succeeded(.triage, "Assigned lead #\(id) to \(login)")]
        case .setStatus(let id, let status, let seen):
            try store.setStatus(id, status, actor: actor, seen: seen)
            return [.succeeded(.triage, "Lead #\(id) is now \(status.label)")]
        case .resolve(let conflict, let lead, let resolution, let survivor):
            let split = try store.resolve(conflict, resolution, actor: actor)
            if let survivor {
                return [
                    .succeeded(
                        .conflict,
                        "Resolved conflict #\(conflict) of lead #\(lead): the duplicate leads are one, lead #\(survivor); "
                            + "U on it undoes the merge")
                ]
            }
            return [
                .succeeded(
                    .conflict,
                    "Resolved conflict #\(conflict) of lead #\(lead): \(resolution.rawValue)"
                        + (split.map { ", new lead #\($0)" } ?? ""))
            ]
        case .merge(let absorbed, let survivor, let edit, let decided, let versions):
            let merge = try store.merge(
                absorbed, into: survivor, actor: actor, edit: edit, decided: decided, versions: versions)
            return [.succeeded(.merge, "Merged lead #\(absorbed) into #\(survivor) (merge #\(merge)); U undoes it")]
        case .addNote(let id, let text):
            try store.addNote(id, text: text, actor: actor)
            return [.succeeded(.note, "Note added to lead #\(id)")]
        case .completeTask(let id, let lead):
            try store.completeTask(id, actor: actor)
            return [.succeeded(.task, "Task #\(id) of lead #\(lead) done")]
        case .bulk(let change, let ids, let seen, let unmarked):
            let result = try store.apply(change, to: ids, actor: actor, seen: seen)
            return [
                .bulkSucceeded(
                    Self.bulkOutcome(change, result, of: ids, unmarked: unmarked), operations: result.operations)
            ]
        case .loadMatchingIDs(let filter):
            return [.matchingIDsLoaded(try store.leadIDs(filter, limit: AppState.maximumMarked))]
        case .changeContacts(let id, let field, let change, let value):
            try store.changeContacts(id, field, change, of: value, actor: actor)
            let added: String? =
                switch change {
                case .add(let new), .replace(_, let new): new
                case .remove, .move: nil
                }
            return try saved(
                .contacts, "Saved the \(field.rawValue)s of lead #\(id); the first is the primary", lead: id,
                values: [(field, added)])
        case .editNote(let id, let lead, let text, let original):
            try store.editNote(id, text: text, original: original, actor: actor)
            return [.succeeded(.note, "Note #\(id) of lead #\(lead) edited")]
        case .deleteNote(let id, let lead):
            try store.deleteNote(id, actor: actor)
            return [.succeeded(.note, "Note #\(id) of lead #\(lead) deleted; u brings it back")]
        case .addTask(let id, let title, let dueAt, let manager):
            let task = try store.addTask(lead: id, title: title, dueAt: dueAt, manager: manager, actor: actor)
            return [
                .succeeded(
                    .task,
                    "Task #\(task) added to lead #\(id), due \(store.settings.localTime.labelled(milliseconds: dueAt))")
            ]
        case .reopenTask(let id, let lead):
            try store.reopenTask(id, actor: actor)
            return [.succeeded(.task, "Task #\(id) of lead #\(lead) is open again")]
        case .undo(let bulk):
            let operation = try store.undoableOperations(actor: actor, limit: 1).first
            // A split is not an operation of its own: the later of the two is undone.
            if let split = try store.latestSplit(by: actor), split.at >= operation?.at ?? .min {
                let lead = try store.unsplit(split.conflict, actor: actor)
                return [
                    .succeeded(.undo, "Undid: the split of conflict #\(split.conflict) (lead #\(lead) joined again)")
                ]
            }
            guard let operation else { return [.failed(.undo, "Nothing of yours to undo")] }
            if bulk.count > 1, bulk.contains(operation.id) {
                // The bulk change is undone as it was made: in one step.
                let undone = try store.undo(operations: bulk, actor: actor)
                return [
                    .succeeded(
                        .undo,
                        "Undid the bulk change on \(Set(undone.map(\.leadID)).count) lead(s): "
                            + undone.map(\.undone).joined(separator: "; "))
                ]
            }
            let report = try store.undo(actor: actor)
            return [.succeeded(.undo, "Undid: " + report.undone + (report.laterMergeNote.map { "; " + $0 } ?? ""))]
        }
    }

    /// `text` for an email or phone saved on lead `id`, warning when another lead holds one of
    /// `values` (those the save gave it) too: a visitor giving it is matched to the lower
    /// numbered lead, and the two are better merged.
    private func saved(
        _ operation: Operation, _ text: String, lead id: Int64, values: [(field: ContactField, value: String?)]
    ) throws -> [AppEvent] {
        guard let shared = try store.otherLead(holdingAnyOf: values, besides: id) else {
            return [.succeeded(operation, text)]
        }
        return [
            .succeeded(operation, text),
            .announced("\(text), but lead #\(shared.lead) holds \(shared.value) too; m merges the two"),
        ]
    }

    /// "New chat from NAME" (or a count) for the notes, nil when they touched no lead.
    private func describe(_ notes: [ChangeNote]) throws -> String? {
        guard let last = notes.last(where: { $0.leadID != nil }), let id = last.leadID else { return nil }
        let lead = try store.lead(id)
        let who = lead.map(\.displayName) ?? "lead #\(id)"
        let what = last.created ? "New lead" : last.eventName.hasPrefix("chat") ? "New chat" : "Update"
        let more = notes.count > 1 ? " (+\(notes.count - 1) more)" : ""
        return "\(what) from \(who)\(more)"
    }

    /// What a bulk change did to the leads `ids` (and the `unmarked` ones the question counted):
    /// one lead is named, several are counted, and each lead left out is named with why.
    static func bulkOutcome(_ change: BulkChange, _ result: BulkResult, of ids: [Int64], unmarked: [Int64] = [])
        -> String
    {
        // A lead merged away since it was marked: said, with where its data went; one whose
        // value another operator changed meanwhile: said, with that value.
        if ids.count == 1, unmarked.isEmpty, let holder = result.leftOut[ids[0]] {
            return "Lead #\(ids[0]) was merged into lead #\(holder) since it was marked; nothing changed"
        }
        if ids.count == 1, unmarked.isEmpty, let now = result.changedMeanwhile[ids[0]] {
            return "Lead #\(ids[0]) \(change.holding(now)) (another operator changed it); nothing changed"
        }
        let leftOut =
            result.leftOut.map { ($0.key, "merged into #\($0.value)") }
            + result.changedMeanwhile.map { ($0.key, "\(change.holding($0.value)): changed meanwhile") }
            + unmarked.map { ($0, "left the view") }
        let suffix =
            leftOut.isEmpty
            ? "" : "; left out: " + leftOut.sorted { $0.0 < $1.0 }.map { "#\($0.0) (\($0.1))" }.joined(separator: ", ")
        let open = result.tasksLeftOpen.map { "#\($0)" }.joined(separator: ", ")
        let added =
            result.tasksLeftOpen.isEmpty
            ? ""
            : "; task\(result.tasksLeftOpen.count == 1 ? "" : "s") \(open), added meanwhile, "
                + "\(result.tasksLeftOpen.count == 1 ? "is" : "are") still open"
        // Leads that had the value already, when several were asked: named, as none is counted.
        let alreadyNames = result.already.sorted().map { "#\($0)" }.joined(separator: ", ")
        let already =
            ids.count + unmarked.count < 2 || result.already.isEmpty
            ? "" : "; \(alreadyNames) \(result.already.count == 1 ? "was" : "were") \(Self.had(change)) already"
        return outcome(change, changed: result.changed, of: ids + unmarked) + suffix + added + already
    }

    /// What a lead had that the change gave it already: "Won", "assigned to anna".
    private static func had(_ change: BulkChange) -> String {
        switch change {
        case .status(let status): status.label
        case .assign(let login): "assigned to \(login)"
        case .completeTasks: "done"
        }
    }

    private static func outcome(_ change: BulkChange, changed: Int, of ids: [Int64]) -> String {
        guard ids.count == 1 else {
            switch change {
            case .status(let status): return "\(changed) of \(ids.count) leads now \(status.label)"
            case .assign(let login): return "\(changed) of \(ids.count) leads assigned to \(login)"
            case .completeTasks: return "\(changed) task(s) of \(ids.count) leads done"
            }
        }
        let already = changed == 0 ? " already" : ""
        switch change {
        case .status(let status): return "Lead #\(ids[0]) \(changed == 0 ? "was" : "now") \(status.label)\(already)"
        case .assign(let login): return "Lead #\(ids[0]) \(changed == 0 ? "was " : "")assigned to \(login)\(already)"
        case .completeTasks: return "\(changed) task(s) of lead #\(ids[0]) done"
        }
    }

    private static func operation(_ effect: Effect) -> Operation {
        switch effect {
        case .saveContact: .contact
        case .saveField, .removeField, .moveField: .field
        case .resolve, .loadConflicts: .conflict
        case .merge, .loadMerge, .unmerge, .loadUnmerge: .merge
        case .unsplit: .conflict
        case .addNote, .editNote, .deleteNote: .note
        case .completeTask, .addTask, .reopenTask: .task
        case .changeContacts: .contacts
        case .undo: .undo
        case .bulk, .loadMatchingIDs: .bulk
        case .assign, .setStatus: .triage
        case .loadLeads, .loadDetail, .countHits, .loadTasks, .loadInbox, .loadCounts, .loadManagers, .describe,
            .loadReplyPreview:
            .load
        }
    }
}
