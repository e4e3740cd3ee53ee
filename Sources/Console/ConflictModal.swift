import CRMCore
import DisplayText

/// One open conflict with the event it came from.
public struct ConflictItem: Sendable, Equatable {
    /// The conflict.
    public var conflict: ConflictRecord
    /// The event that brought the incoming value, if known.
    public var event: EventRecord?
    /// The conflict's lead as it is now (not as the conflict recorded it).
    public var lead: LeadSummary?
    /// For a duplicate conflict: the other lead as it is now.
    public var other: LeadSummary?
    /// For a duplicate conflict: the lead that survives a merge (the older one).
    public var survivor: Int64?
    /// For a duplicate conflict whose other lead was merged since: the lead holding its data now.
    public var otherMergedInto: Int64?

    /// An item for `conflict`, with what the dialog shows beside it.
    public init(
        conflict: ConflictRecord, event: EventRecord?, lead: LeadSummary? = nil, other: LeadSummary? = nil,
        survivor: Int64? = nil, otherMergedInto: Int64? = nil
    ) {
        self.conflict = conflict
        self.event = event
        self.lead = lead
        self.other = other
        self.survivor = survivor
        self.otherMergedInto = otherMergedInto
    }

    /// Why `2` cannot merge a duplicate conflict's leads: the other lead was merged since (into
    /// this lead, or another); nil when it can.
    var mergeRefusal: String? {
        guard let holder = otherMergedInto, let other = conflict.otherLeadID else { return nil }
        return holder == conflict.leadID
            ? "Lead #\(other) is part of this lead now; 1 closes this conflict"
            : "Lead #\(other) is part of lead #\(holder) now; merge lead #\(holder) with m instead, or 1 closes this"
    }
}

/// Commands of the conflict dialog.
public enum ConflictCommand: Sendable, Hashable {
    /// The next conflict.
    case next
    /// The previous conflict.
    case previous
    /// Settle the shown conflict.
    case resolve(Resolution)
    /// Close the dialog.
    case close
}

/// The open lead's open conflicts, one shown at a time.
public struct ConflictModal: Sendable {
    /// The conflicts.
    public var items: [ConflictItem]
    /// The one shown.
    public var index: Int
    /// The last error from the store.
    public var error: DisplayLine?
    /// The conflict shown before another operator resolved it (or an unmerge moved it) and the
    /// one shown now took its place: until a key acknowledges that, a choice settles nothing.
    public var tookPlaceOf: Int64?

    /// The keys of the conflict dialog.
    public static let keymap = Keymap<ConflictCommand>(
        title: "Resolving a conflict",
        [
            KeyBinding([.down, .character("j")], .next, help: "Next conflict"),
            KeyBinding([.up, .character("k")], .previous, help: "Previous conflict"),
            KeyBinding([.character("1")], .resolve(.keepCurrent), help: "Keep the current value", hint: "keep"),
            KeyBinding([.character("2")], .resolve(.takeIncoming), help: "Take the incoming value", hint: "take"),
            KeyBinding(
                [.character("3")], .resolve(.keepBoth), help: "Keep both (email/phone, duplicates)", hint: "both"),
            KeyBinding([.character("4")], .resolve(.split), help: "Split the visitor into a new lead", hint: "split"),
            KeyBinding([.escape], .close, help: "Close", hint: "close"),
        ])

    /// Draws the dialog over `area`.
    func render(
        state: AppState, on canvas: inout some Canvas, in area: Rect
    ) {
        guard self.items.indices.contains(self.index) else { return }
        let zone = state.settings.localTime
        let item = self.items[self.index]
        let conflict = item.conflict
        // The box's inner width: 72 columns, or what the screen leaves.
        let width = max(10, min(72, area.columns - 4))
        var lines: [StyledLine] = []
        if let gone = self.tookPlaceOf {
            lines.append(
                StyledLine(
                    Sanitizer.line("Conflict #\(gone) was resolved or moved meanwhile; this is #\(conflict.id)"),
                    .warning))
        }
        if conflict.field == "duplicate" {
            lines.append(StyledLine("The visitor's email and phone point at two leads:", .dim))
            for summary in [item.lead, item.other].compactMap({ $0 }) {
                lines += Self.leadLines(summary, state: state)
            }
            let survivor = item.survivor ?? conflict.leadID
            let absorbed = survivor == conflict.leadID ? (conflict.otherLeadID ?? 0) : conflict.leadID
            if let holder = item.otherMergedInto {
                lines.append(
                    StyledLine(
                        Sanitizer.line("Lead #\(conflict.otherLeadID ?? 0) was merged into lead #\(holder) since"),
                        .warning))
            }
            lines.append(StyledLine(.empty))
            lines.append(StyledLine("1  leave them as they are (closes the conflict)", .key))
            if let refusal = item.mergeRefusal {
                for (index, part) in Sanitizer.line("2  no merge: " + refusal).wrapped(toWidth: width - 3).enumerated()
                {
                    lines.append(StyledLine(index == 0 ? part : "   " + part, .dim))
                }
            } else {
                lines.append(
                    StyledLine(
                        Sanitizer.line("2  merge: #\(absorbed) joins #\(survivor), the older, which stays (U undoes)"),
                        .key))
            }
            lines.append(StyledLine("3  keep both leads apart: they are two people", .key))
        } else {
            let normalizer = state.settings.normalizer
            let now = Self.currentValue(conflict.field, item.lead?.lead)
            lines.append(labelled("Field", conflict.field))
            lines.append(labelled("Lead has", now ?? conflict.current))
            if let now, now != conflict.current {
                lines.append(labelled("Was", conflict.current + " (when the conflict opened)"))
            }
            lines.append(labelled("Incoming", conflict.incoming))
            if let held = Self.matchingForm(now ?? conflict.current, conflict.field, normalizer),
                let incoming = Self.matchingForm(conflict.incoming, conflict.field, normalizer)
            {
                lines.append(
                    labelled(
                        "Matched as", held == incoming ? "\(held) for both" : "\(held) vs \(incoming): different"))
            }
            if let event = item.event {
                lines.append(
                    StyledLine(
                        DisplayLine("From event").padded(toWidth: 12)
                            + Sanitizer.line(
                                "#\(event.id) \(event.eventName)\(event.chatID.map { " chat \($0)" } ?? "") at ")
                            + ConsoleTime.full(event.receivedAt, zone)))
            }
            lines.append(StyledLine(.empty))
            let incoming = Sanitizer.line(conflict.incoming)
            switch Self.listedValue(conflict, item.lead?.lead, normalizer) {
            case .some(let held?):
                // An email or phone: the one the conflict is about, wherever it stands in the list.
                lines.append(StyledLine("1  keep " + Sanitizer.line(held), .key))
                lines.append(StyledLine("2  take " + incoming + " instead of " + Sanitizer.line(held), .key))
            case .some(nil):
                lines.append(StyledLine(Sanitizer.line("1  keep the lead's \(conflict.field)s as they are"), .key))
                lines.append(
                    StyledLine("2  take " + incoming + Sanitizer.line(" as the first \(conflict.field)"), .key))
            case nil:
                lines.append(StyledLine("1  keep " + Sanitizer.line(now ?? conflict.current), .key))
                lines.append(StyledLine("2  take " + incoming + " instead", .key))
            }
            if conflict.field == "email" || conflict.field == "phone" {
                lines.append(
                    StyledLine(
                        "3  keep both: " + incoming + " becomes an additional " + Sanitizer.line(conflict.field), .key))
            }
            if Self.splitsOff(item) {
                let holding = item.event?.chatID == nil ? Sanitizer.line("that \(conflict.field)") : "that chat"
                lines.append(
                    StyledLine("4  split: someone else, a new lead with " + holding + " (asks; U undoes)", .key))
            }
        }
        lines.append(
            StyledLine(DisplayLine("Opened").padded(toWidth: 12) + ConsoleTime.full(conflict.createdAt, zone), .dim))
        lines.append(StyledLine(self.items.count > 1 ? "↑/↓ other conflicts · Esc close" : "Esc close", .dim))
        // Both sides in full: a value too long for the row (a long name, a link) wraps under
        // itself, beside its label or after its choice's number.
        lines = lines.flatMap { line -> [StyledLine] in
            guard line.text.width > width else { return [line] }
            let indent = line.style == .key ? 3 : 12
            return line.text.wrapped(toWidth: width - indent).enumerated().map { index, part in
                StyledLine(index == 0 ? part : DisplayLine.empty.padded(toWidth: indent) + part, line.style)
            }
        }
        // An explanation longer than a row is read in full.
        for part in self.error?.wrapped(toWidth: width) ?? [] { lines.append(StyledLine(part, .error)) }
        let title = Sanitizer.line("Conflict \(self.index + 1) of \(self.items.count) on lead #\(conflict.leadID)")
        let inner = ModalView.box(on: &canvas, in: area, rows: lines.count, columns: width, title: title)
        canvas.drawLines(lines, in: inner, offset: 0)
    }

    /// A lead of a duplicate conflict: number, name, age and chats, then its emails and phones.
    private static func leadLines(_ summary: LeadSummary, state: AppState) -> [StyledLine] {
        let lead = summary.lead
        let chats = summary.chats == 1 ? "1 chat" : "\(summary.chats) chats"
        let contacts = (lead.emails.map(\.value) + lead.phones.map(\.value)).joined(separator: " · ")
        return [
            StyledLine(
                Sanitizer.line("#\(lead.id) \(lead.displayName) · \(chats) · created ")
                    + ConsoleTime.full(lead.createdAt, state.settings.localTime), .header),
            StyledLine("   " + Sanitizer.line(contacts.isEmpty ? "no email or phone" : contacts)),
        ]
    }

    /// The resolutions that settle `item`'s conflict from this dialog: those its field takes
    /// (``ResolutionPlan/resolutions(for:)``), less a split that would move nothing
    /// (``splitsOff(_:)``) and a merge with a lead merged elsewhere (``ConflictItem/mergeRefusal``).
    static func resolutions(for item: ConflictItem) -> [Resolution] {
        guard let field = ContactField(rawValue: item.conflict.field) else { return [] }
        return ResolutionPlan.resolutions(for: field).filter { resolution in
            switch resolution {
            case .split: splitsOff(item)
            case .takeIncoming: item.mergeRefusal == nil
            case .keepCurrent, .keepBoth: true
            }
        }
    }

    /// The status-line hints for `item`: the resolutions that settle it, and the dialog's other keys.
    static func statusHints(_ item: ConflictItem) -> [StatusHint] {
        let settling = resolutions(for: item)
        return keymap.statusHints { command in
            guard case .resolve(let resolution) = command else { return true }
            return settling.contains(resolution)
        }
    }

    /// The key of `resolution` in this dialog and the word for it ("1", "keep").
    static func key(_ resolution: Resolution) -> (key: String, word: String) {
        switch resolution {
        case .keepCurrent: ("1", "keep")
        case .takeIncoming: ("2", "take")
        case .keepBoth: ("3", "keep both")
        case .split: ("4", "split")
        }
    }

    /// Whether `item`'s conflict can be split off into a new lead (an email, phone or name
    /// conflict, not a name no chat came with: ``ResolutionPlan/splitsOff(_:withChat:)``).
    static func splitsOff(_ item: ConflictItem) -> Bool {
        guard let field = ContactField(rawValue: item.conflict.field),
            ResolutionPlan.resolutions(for: field).contains(.split)
        else { return false }
        return ResolutionPlan.splitsOff(field, withChat: item.event?.chatID != nil)
    }

    /// For an email or phone conflict, the value the conflict is about as the lead holds it
    /// (another may be first by now), which taking the incoming one replaces; `.some(nil)` when
    /// the lead holds it no more (taking puts the incoming one first); nil for other fields.
    private static func listedValue(_ conflict: ConflictRecord, _ lead: Lead?, _ normalizer: ContactNormalizer)
        -> String??
    {
        guard let field = ContactField(rawValue: conflict.field), field == .email || field == .phone else { return nil }
        let form = matchingForm(conflict.current, conflict.field, normalizer)
        return .some(((field == .email ? lead?.emails : lead?.phones) ?? []).first { $0.normalized == form }?.value)
    }

    /// The form an email or phone conflict's `value` is matched in (as resolving it matches,
    /// ``ResolutionPlan/matchingForm(of:_:normalizer:)``); nil for another field, or a value
    /// today's rules do not take.
    private static func matchingForm(_ value: String, _ field: String, _ normalizer: ContactNormalizer) -> String? {
        guard let field = ContactField(rawValue: field), field == .email || field == .phone else { return nil }
        return try? ResolutionPlan.matchingForm(of: value, field, normalizer: normalizer)
    }

    /// What lead `lead` holds now for a conflict's `field`.
    private static func currentValue(_ field: String, _ lead: Lead?) -> String? {
        guard let lead, let field = ContactField(rawValue: field), ContactField.editable.contains(field) else {
            return nil
        }
        return field.value(of: lead)
    }
}

extension AppState {
    /// A key in the conflict dialog.
    mutating func conflictsKey(_ key: Key, _ modal: ConflictModal) -> [Effect] {
        guard let command = ConflictModal.keymap.command(for: key) else { return [] }
        var modal = modal
        // The conflict shown took the place of one resolved elsewhere a moment ago: a choice
        // made before reading it settles nothing.
        if let gone = modal.tookPlaceOf, case .resolve(let resolution) = command {
            let pressed = ConflictModal.key(resolution)
            modal.tookPlaceOf = nil
            modal.error = Sanitizer.line(
                "Nothing was resolved: conflict #\(modal.items[modal.index].conflict.id) took the place of #\(gone) "
                    + "just now; read it, then press \(pressed.key) (\(pressed.word)) again")
            modals[modals.count - 1] = .conflicts(modal)
            return []
        }
        modal.tookPlaceOf = nil
        switch command {
        case .next: modal.index = min(modal.items.count - 1, modal.index + 1)
        case .previous: modal.index = max(0, modal.index - 1)
        case .close:
            modals.removeLast()
            return []
        case .resolve(.takeIncoming) where modal.items[modal.index].mergeRefusal != nil:
            modal.error = Sanitizer.line(modal.items[modal.index].mergeRefusal ?? "")
            modals[modals.count - 1] = .conflicts(modal)
            return []
        case .resolve(.split)
        where modal.items[modal.index].conflict.field == ContactField.name.rawValue
            && !ConflictModal.splitsOff(modal.items[modal.index]):
            modal.error = "No chat came with this name: nothing to split off but the name; 1 keeps, 2 takes"
            modals[modals.count - 1] = .conflicts(modal)
            return []
        case .resolve(let resolution)
        where !ConflictModal.resolutions(for: modal.items[modal.index]).contains(resolution):
            // Said in the dialog's words, with the keys that do settle it (the store's refusal
            // names the CLI's resolutions).
            let item = modal.items[modal.index]
            let settling = ConflictModal.resolutions(for: item).map(ConflictModal.key)
            let pressed = ConflictModal.key(resolution)
            modal.error = Sanitizer.line(
                "\(pressed.key) (\(pressed.word)) does not settle a \(item.conflict.field) conflict; it is settled by "
                    + settling.map { "\($0.key) (\($0.word))" }.joined(separator: ", "))
            modals[modals.count - 1] = .conflicts(modal)
            return []
        case .resolve(.split):
            let conflict = modal.items[modal.index].conflict
            let question = Sanitizer.line(
                "Split \(conflict.incoming) off lead #\(conflict.leadID) into a new lead"
                    + (modal.items[modal.index].event?.chatID == nil ? "" : " with the chat it came in")
                    + "? U on either lead undoes it.")
            modals.append(
                .confirm(
                    ConfirmModal(
                        dialog: ConfirmDialog(question: question),
                        effect: .resolve(conflict: conflict.id, lead: conflict.leadID, .split)))
            )
            return []
        case .resolve(let resolution):
            let item = modal.items[modal.index]
            let conflict = item.conflict
            // Taking the incoming side of duplicates merges them: the highlight goes to the lead
            // that stays (the other is gone from the list).
            guard resolution == .takeIncoming, conflict.field == ContactField.duplicate.rawValue else {
                return [.resolve(conflict: conflict.id, lead: conflict.leadID, resolution)]
            }
            let survivor = item.survivor ?? conflict.leadID
            highlightAfterReload = survivor
            return [.resolve(conflict: conflict.id, lead: conflict.leadID, resolution, mergingInto: survivor)]
        }
        modal.error = nil
        modals[modals.count - 1] = .conflicts(modal)
        return []
    }
}
