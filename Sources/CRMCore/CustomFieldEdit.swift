/// A lead's operator custom_data fields after a change, decided without touching the store:
/// fields are matched by title (case-insensitive); a field must have a title and keep to
/// ``ContactLimits``; positions count from 0.
public struct CustomFieldEdit: Sendable, Equatable {
    /// The fields after the change, in order.
    public var fields: [LeadField]
    /// The field set, removed or moved.
    public var field: LeadField
    /// Where the field set stood before (nil: it is new), or where the one removed or moved stood.
    public var index: Int?
    /// The content it had before, for the audit (nil: it is new, or was moved).
    public var before: String?

    private init(fields: [LeadField], field: LeadField, index: Int?, before: String?) {
        self.fields = fields
        self.field = field
        self.index = index
        self.before = before
    }

    /// Refuses a field without a title or beyond ``ContactLimits``, saying every problem.
    public static func check(_ field: LeadField) throws(CRMError) {
        guard !field.title.trimmingWhitespace.isEmpty else {
            throw CRMError.invalidArgument("a custom field needs a title (TITLE=CONTENT)")
        }
        let problems = ContactLimits.fieldProblems(
            title: field.title, content: field.content, link: field.link, key: field.key)
        guard problems.isEmpty else {
            throw CRMError.invalidArgument(problems.joined(separator: "; ") + "; nothing was changed")
        }
    }

    /// `field` set on `fields`: over the one with its title, else added at the end.
    public static func setting(_ field: LeadField, in fields: [LeadField]) -> CustomFieldEdit {
        var fields = fields
        guard let index = index(of: field.title, in: fields) else {
            fields.append(field)
            return CustomFieldEdit(fields: fields, field: field, index: nil, before: nil)
        }
        let before = fields[index].content
        fields[index] = field
        return CustomFieldEdit(fields: fields, field: field, index: index, before: before)
    }

    /// The field titled `title` removed from lead `lead`'s `fields`; an error naming the titles
    /// there are when there is none.
    public static func removing(title: String, from fields: [LeadField], lead: Int64) throws(CRMError)
        -> CustomFieldEdit
    {
        guard let index = index(of: title, in: fields) else {
            throw CRMError.notFound(
                "lead #\(lead) has no custom field titled '\(title)'"
                    + (fields.isEmpty ? "" : "; it has: " + fields.map(\.title).joined(separator: ", ")))
        }
        var fields = fields
        let removed = fields.remove(at: index)
        return CustomFieldEdit(fields: fields, field: removed, index: index, before: removed.content)
    }

    /// The field at `from` of lead `lead`'s `fields` moved to `to`; an error when either is
    /// not a position.
    public static func moving(from: Int, to: Int, in fields: [LeadField], lead: Int64) throws(CRMError)
        -> CustomFieldEdit
    {
        guard fields.indices.contains(from), fields.indices.contains(to) else {
            throw CRMError.invalidArgument("lead #\(lead) has \(fields.count) custom fields; positions run from 0")
        }
        var fields = fields
        let moved = fields.remove(at: from)
        fields.insert(moved, at: to)
        return CustomFieldEdit(fields: fields, field: moved, index: from, before: nil)
    }

    private static func index(of title: String, in fields: [LeadField]) -> Int? {
        fields.fieldIndex(titled: title)
    }
}
