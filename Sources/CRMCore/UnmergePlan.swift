/// What undoing a merge does to the survivor's values, decided without touching the store:
/// what the merge left goes back to what it was before, and what changed on the survivor after
/// the merge stays.
public enum UnmergePlan {
    /// One email or phone in a list, at its position.
    public struct Row: Sendable, Equatable {
        /// Position in the list (0 is the primary).
        public var position: Int64
        /// As typed.
        public var value: String
        /// The matching form.
        public var normalized: String

        /// A row.
        public init(position: Int64, value: String, normalized: String) {
            self.position = position
            self.value = value
            self.normalized = normalized
        }
    }

    /// The survivor's email or phone list after the undo.
    public struct Contacts: Sendable, Equatable {
        /// The rows to write.
        public var rows: [Row] = []
        /// One line per value left as it is now, because it changed after the merge.
        public var kept: [String] = []
        /// One line per value the merge brought that is gone since: the undo cannot be
        /// faithful. The value itself is left out (it is personal data).
        public var problems: [String] = []

        /// The list for `field` of lead `survivor`, from the list `before` the merge, `after`
        /// it, and `current` now: values from before stay unless removed after the merge;
        /// values added after the merge stay at the end.
        public init(field: ContactField, survivor: Int64, before: [Row], after: [Row], current: [Row]) {
            let afterSet = Set(after.map(\.normalized))
            let beforeSet = Set(before.map(\.normalized))
            let currentSet = Set(current.map(\.normalized))
            let noun = field.rawValue
            for gone in after where !beforeSet.contains(gone.normalized) && !currentSet.contains(gone.normalized) {
                problems.append(
                    "\(field == .email ? "an" : "a") \(noun) the merge brought to lead #\(survivor) was removed since")
            }
            rows = before.filter { currentSet.contains($0.normalized) || !afterSet.contains($0.normalized) }
            for dropped in before
            where !currentSet.contains(dropped.normalized) && afterSet.contains(dropped.normalized) {
                kept.append("\(noun) \(dropped.value) stays removed from lead #\(survivor) (removed after the merge)")
            }
            var next = (rows.map(\.position).max() ?? -1) + 1
            for added in current where !afterSet.contains(added.normalized) && !beforeSet.contains(added.normalized) {
                rows.append(Row(position: next, value: added.value, normalized: added.normalized))
                next += 1
                kept.append("\(noun) \(added.value) stays on lead #\(survivor) (added after the merge)")
            }
        }
    }

    /// Whether a survivor's single value (name, description, crm_link) goes back to what it was
    /// `before` the merge: nil when the merge did not change it, true when it is still what the
    /// merge left (`after`), false when it was edited since (it stays).
    public static func restores(before: String?, after: String?, current: String?) -> Bool? {
        guard before != after else { return nil }
        return current == after
    }

    /// Why merge `merge` (of `absorbed` into `survivor`) cannot be undone, or nil when it can:
    /// it was undone already, the survivor was merged again since, or the absorbed lead is no
    /// longer merged into the survivor.
    public static func refusal(
        merge: Int64, survivor: Int64, absorbed: Int64, undone: (at: Int64, by: String?)?,
        survivorMergedInto: Int64?, absorbedMergedInto: Int64?
    ) -> CRMError? {
        if let undone {
            return CRMError.conflict(
                "merge #\(merge) was already undone at \(Timestamp.iso8601(milliseconds: undone.at)) by \(undone.by ?? "?")"
            )
        }
        if let into = survivorMergedInto {
            return CRMError.conflict(
                "lead #\(survivor) was itself merged into lead #\(into) after merge #\(merge); undo that merge first")
        }
        guard absorbedMergedInto == survivor else {
            return CRMError.conflict("lead #\(absorbed) is no longer merged into lead #\(survivor); nothing to undo")
        }
        return nil
    }
}
