import CRMCore

extension Store {
    /// Applies `change` to the emails (`field` `.email`) or phones (`.phone`) of lead `id`.
    /// Values are checked and normalised as an edit's are; a value already on the lead is
    /// refused. Audited and undoable.
    public func changeContacts(_ id: Int64, _ field: ContactField, _ change: ContactChange, actor: String) throws {
        guard field == .email || field == .phone else {
            throw CRMError.invalidArgument("only emails and phones are lists; edit the \(field.rawValue) instead")
        }
        try operation(lead: id, actor: actor) {
            let lead = try requireLead(id)
            var values = field == .email ? lead.emails : lead.phones
            let noun = field.rawValue
            func checked(_ position: Int) throws -> Int {
                guard values.indices.contains(position) else {
                    throw CRMError.invalidArgument(
                        values.isEmpty
                            ? "lead #\(id) has no \(noun)s"
                            : "lead #\(id) has \(values.count) \(noun)s; positions run from 1 to \(values.count)")
                }
                return position
            }
            func value(_ raw: String) throws -> ContactValue {
                let normalized = field == .email ? try validEmail(raw) : try validPhone(raw)
                return ContactValue(value: raw.trimmingWhitespace, normalized: normalized)
            }
            func unique(_ new: ContactValue, except position: Int? = nil) throws {
                if let other = values.indices.first(where: { values[$0].normalized == new.normalized && $0 != position }
                ) {
                    throw CRMError.conflict("lead #\(id) already has that \(noun) (number \(other + 1))")
                }
            }
            let detail: String
            var before: String?
            var after: String?
            switch change {
            case .add(let raw):
                let new = try value(raw)
                try unique(new)
                values.append(new)
                (after, detail) = (new.value, "added as \(noun) \(values.count)")
            case .replace(let position, let raw):
                let index = try checked(position)
                let new = try value(raw)
                try unique(new, except: index)
                (before, after, detail) = (values[index].value, new.value, "\(noun) \(index + 1) replaced")
                values[index] = new
            case .remove(let position):
                let removed = values.remove(at: try checked(position))
                (before, detail) = (removed.value, "\(noun) \(position + 1) removed")
            case .move(let from, let to):
                let moved = values.remove(at: try checked(from))
                guard (0...values.count).contains(to) else {
                    throw CRMError.invalidArgument(
                        "lead #\(id) has \(values.count + 1) \(noun)s; positions run from 1 to \(values.count + 1)")
                }
                values.insert(moved, at: to)
                (after, detail) = (moved.value, "\(noun) moved from \(from + 1) to \(to + 1)")
            }
            let table = field == .email ? "lead_emails" : "lead_phones"
            try database.run("DELETE FROM \(table) WHERE lead_id = ?", [.integer(id)])
            for (position, contact) in values.enumerated() {
                try database.run(
                    "INSERT INTO \(table)(lead_id, position, value, normalized) VALUES (?, ?, ?, ?)",
                    [.integer(id), .integer(Int64(position)), .text(contact.value), .text(contact.normalized)])
            }
            try audit(
                actor: actor, lead: id, action: "contacts", field: noun, before: before, after: after, detail: detail)
            try bumpVersion(id)
            try refreshSearch(id)
        }
    }
}
