import CRMCore
import JivoProtocol

/// The conflict-resolution use case: an open conflict settled as ``ResolutionPlan`` decides
/// (keep, take the incoming value, keep both, split the visitor off as ``SplitPlan`` decides,
/// or merge duplicate leads), recorded as an undoable operation unless it has its own undo.
struct ResolveConflict {
    /// The store: its settings, clock, audit, repositories and the use cases it composes.
    let store: Store

    /// Settles conflict `conflictID` (``Store/resolve(_:_:actor:)``); returns the id of the lead
    /// a split created, if one did.
    func run(_ conflictID: Int64, _ resolution: Resolution, actor: String) throws -> Int64? {
        guard let subject = try store.conflictRows.subject(conflictID),
            ResolutionPlan.isOperation(field: subject.field, resolution: resolution)
        else { return try store.database.write { try settle(conflictID, resolution, actor: actor) } }
        return try UndoableOperation(store: store).run(lead: subject.lead, actor: actor, .own) {
            try settle(conflictID, resolution, actor: actor)
        }
    }

    /// Settles the conflict, inside the caller's transaction.
    private func settle(_ conflictID: Int64, _ resolution: Resolution, actor: String) throws -> Int64? {
        guard let conflict = try store.conflict(conflictID) else {
            throw CRMError.notFound(.conflict, "there is no conflict #\(conflictID)")
        }
        guard conflict.status == "open" else {
            throw CRMError.conflict("conflict #\(conflictID) was already resolved (\(conflict.resolution ?? "?"))")
        }
        guard let field = ContactField(rawValue: conflict.field) else {
            throw CRMError.invalidArgument("conflict #\(conflictID) is about an unknown field '\(conflict.field)'")
        }
        let normalizer = store.settings.normalizer
        var created: Int64?
        switch try ResolutionPlan(field: field, resolution: resolution) {
        case .keep:
            break
        case .setValue(let field):
            if let column = LeadValueRepository.Column(field) {
                try store.leadValues.set(column, lead: conflict.leadID, to: .text(conflict.incoming))
            }
        case .replaceContact(let field):
            try store.contactLists.substitute(
                field, lead: conflict.leadID,
                old: try ResolutionPlan.matchingForm(of: conflict.current, field, normalizer: normalizer),
                incoming: conflict.incoming,
                new: try ResolutionPlan.matchingForm(of: conflict.incoming, field, normalizer: normalizer))
        case .addContact(let field):
            try store.contactLists.append(
                field, lead: conflict.leadID, value: conflict.incoming,
                normalized: try ResolutionPlan.matchingForm(of: conflict.incoming, field, normalizer: normalizer))
        case .split(let field):
            let chat = try conflict.eventID.flatMap { try store.event($0) }?.chatID
            guard ResolutionPlan.splitsOff(field, withChat: chat != nil) else {
                throw CRMError.invalidArgument(
                    "conflict #\(conflictID) came with no chat (a merge, an import or an offline message opened it): "
                        + "there is nothing to split off but the name; keep the current name or take the incoming one")
            }
            created = try split(conflict, field: field, actor: actor)
            try store.conflictRows.setSplit(conflictID, into: created)
        case .mergeDuplicates:
            guard let pair = try store.duplicatePair(conflict) else {
                throw CRMError.conflict(
                    "the other lead of conflict #\(conflictID) no longer exists; keep the current lead")
            }
            try MergeLeads(store: store).run(pair.absorbed, into: pair.survivor, actor: actor, edit: ContactEdit())
        }
        try store.conflictRows.resolve(conflictID, resolution, at: store.clock(), by: actor)
        try store.audit(
            actor: actor, lead: conflict.leadID, action: "resolve", field: field.rawValue, before: conflict.current,
            after: conflict.incoming,
            detail: "conflict #\(conflictID): \(resolution.rawValue)" + (created.map { ", new lead #\($0)" } ?? ""))
        try store.bumpVersion(conflict.leadID)
        try store.refreshSearch(conflict.leadID)
        return created
    }

    /// Creates a new lead for the visitor behind a conflict, as ``SplitPlan`` decides, with the
    /// event's chat and visitor keys and the original lead's manager.
    private func split(_ conflict: ConflictRecord, field: ContactField, actor: String) throws -> Int64 {
        let now = store.clock()
        let original = try store.requireLead(conflict.leadID)
        let event = try conflict.eventID.flatMap(store.eventBody).flatMap { try? WebhookEvent.decode(body: $0) }
        let plan = SplitPlan(
            field: field, incoming: conflict.incoming, original: original, eventVisitor: event?.visitor,
            callPhone: event?.call?.phone, normalizer: store.settings.normalizer)
        let id = try store.leadValues.createSplit(
            title: Lead.title(chatID: event?.chatID, name: plan.name, fallback: plan.name), event: event, at: now)
        try store.audit(
            actor: actor, lead: id, action: "created",
            detail: "split from lead #\(conflict.leadID) (conflict #\(conflict.id))")
        try VisitorData(store: store).apply(
            plan.visitor, to: id, excluding: [], eventID: conflict.eventID, at: now, actor: actor)
        if let event { try store.leadValues.moveVisitor(of: event, from: conflict.leadID, to: id) }
        if let manager = original.manager { try store.managerRows.setManager(manager.id, lead: id) }
        try store.refreshSearch(id)
        return id
    }
}
