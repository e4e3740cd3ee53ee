import CRMCore
import JivoProtocol

extension Store {
    /// Settles an open conflict as ``ResolutionPlan`` decides: keep the current value, take the
    /// incoming one, keep both, split the visitor off as a new lead (with the chat and visitor
    /// keys of the event it came from), or merge duplicate leads. Returns the id of the lead a
    /// split created, if one did.
    @discardableResult
    public func resolve(_ conflictID: Int64, _ resolution: Resolution, actor: String) throws -> Int64? {
        try resolveOperation(conflictID, resolution, actor: actor) {
            guard let conflict = try conflict(conflictID) else {
                throw CRMError.notFound(.conflict, "there is no conflict #\(conflictID)")
            }
            guard conflict.status == "open" else {
                throw CRMError.conflict("conflict #\(conflictID) was already resolved (\(conflict.resolution ?? "?"))")
            }
            guard let field = ContactField(rawValue: conflict.field) else {
                throw CRMError.invalidArgument("conflict #\(conflictID) is about an unknown field '\(conflict.field)'")
            }
            var created: Int64?
            switch try ResolutionPlan(field: field, resolution: resolution) {
            case .keep:
                break
            case .setValue(let field):
                if let column = LeadValueRepository.Column(field) {
                    try leadValues.set(column, lead: conflict.leadID, to: .text(conflict.incoming))
                }
            case .replaceContact(let field):
                try contactLists.substitute(
                    field, lead: conflict.leadID, old: try normalized(field, conflict.current),
                    incoming: conflict.incoming, new: try normalized(field, conflict.incoming))
            case .addContact(let field):
                try addContact(
                    ContactListRepository.table(field), lead: conflict.leadID, value: conflict.incoming,
                    normalized: try normalized(field, conflict.incoming))
            case .split(let field):
                created = try split(conflict, field: field, actor: actor)
                try conflictRows.setSplit(conflictID, into: created)
            case .mergeDuplicates:
                guard let pair = try duplicatePair(conflict) else {
                    throw CRMError.conflict(
                        "the other lead of conflict #\(conflictID) no longer exists; keep the current lead")
                }
                try merge(pair.absorbed, into: pair.survivor, actor: actor)
            }
            try conflictRows.resolve(conflictID, resolution, at: clock(), by: actor)
            try audit(
                actor: actor, lead: conflict.leadID, action: "resolve", field: field.rawValue, before: conflict.current,
                after: conflict.incoming,
                detail: "conflict #\(conflictID): \(resolution.rawValue)"
                    + (created.map { ", new lead #\($0)" } ?? ""))
            try bumpVersion(conflict.leadID)
            try refreshSearch(conflict.leadID)
            return created
        }
    }

    /// The two leads of a duplicate conflict as a merge takes them (``MergePlan/duplicates(_:_:)``);
    /// nil when the other lead is gone.
    public func duplicatePair(_ conflict: ConflictRecord) throws -> (survivor: Int64, absorbed: Int64)? {
        guard let otherID = conflict.otherLeadID, let other = try lead(otherID), let this = try lead(conflict.leadID)
        else { return nil }
        return MergePlan.duplicates(this, other)
    }

    /// The split conflict behind lead `id` that can be undone, if any: the latest conflict
    /// resolved by splitting that created `id`, or that split a lead off `id`.
    public func undoableSplit(lead id: Int64) throws -> ConflictRecord? {
        try conflictRows.undoableSplit(lead: id).flatMap(conflict)
    }

    /// The latest split by `actor` that can still be undone, and when it was made.
    public func latestSplit(by actor: String) throws -> (conflict: Int64, at: Int64)? {
        try conflictRows.latestSplit(by: actor)
    }

    /// Undoes the split that resolved conflict `conflictID`: the lead it created joins the
    /// original again (a merge, audited, with everything that lead gathered since), and the
    /// conflict is open again. Returns the lead that went back.
    @discardableResult
    public func unsplit(_ conflictID: Int64, actor: String) throws -> Int64 {
        try database.write {
            let created = try conflictRows.splitLead(conflictID)
            guard let conflict = try conflict(conflictID), let splitLead = created else {
                throw CRMError.notFound(
                    .split, "conflict #\(conflictID) was not resolved by a split that can be undone")
            }
            let before = try requireLead(conflict.leadID)
            try merge(splitLead, into: conflict.leadID, actor: actor)
            // The disputed value was the split's, never the original lead's: it goes with the
            // split, so the reopened conflict is the one there was (settle it as before).
            if let field = ContactField(rawValue: conflict.field), field == .email || field == .phone,
                let disputed = field == .email
                    ? settings.normalizer.email(conflict.incoming) : settings.normalizer.phone(conflict.incoming),
                !(field == .email ? before.emails : before.phones).contains(where: { $0.normalized == disputed })
            {
                try contactLists.remove(field, lead: conflict.leadID, normalized: disputed)
                try refreshSearch(conflict.leadID)
            }
            try conflictRows.reopen(conflictID)
            try audit(
                actor: actor, lead: conflict.leadID, action: "unsplit", field: conflict.field,
                detail:
                    "conflict #\(conflictID): lead #\(splitLead) joined #\(conflict.leadID) again; the conflict is open"
            )
            return splitLead
        }
    }

    private func normalized(_ field: ContactField, _ value: String) throws -> String {
        let result = field == .email ? settings.normalizer.email(value) : settings.normalizer.phone(value)
        guard let result else {
            throw CRMError.invalidArgument(
                "the conflict's \(field.rawValue) is no longer a valid \(field.rawValue) under today's rules; "
                    + "keep the current value or split it off instead")
        }
        return result
    }

    /// Creates a new lead for the visitor behind a conflict, as ``SplitPlan`` decides, with the
    /// event's chat and visitor keys and the original lead's manager.
    private func split(_ conflict: ConflictRecord, field: ContactField, actor: String) throws -> Int64 {
        let now = clock()
        let original = try requireLead(conflict.leadID)
        let event = try conflict.eventID.flatMap(eventBody).flatMap { try? WebhookEvent.decode(body: $0) }
        let plan = SplitPlan(
            field: field, incoming: conflict.incoming, original: original, eventVisitor: event?.visitor,
            callPhone: event?.call?.phone, normalizer: settings.normalizer)
        let id = try leadValues.createSplit(
            title: Lead.title(chatID: event?.chatID, name: plan.name, fallback: plan.name), event: event, at: now)
        try audit(
            actor: actor, lead: id, action: "created",
            detail: "split from lead #\(conflict.leadID) (conflict #\(conflict.id))")
        try applyVisitor(plan.visitor, to: id, excluding: [], eventID: conflict.eventID, at: now, actor: actor)
        if let event { try leadValues.moveVisitor(of: event, from: conflict.leadID, to: id) }
        if let manager = original.manager { try managerRows.setManager(manager.id, lead: id) }
        try refreshSearch(id)
        return id
    }
}
