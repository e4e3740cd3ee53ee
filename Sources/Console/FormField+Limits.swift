import CRMCore
import DisplayText

extension FormField {
    /// A validator from one of ``ContactLimits``'s checks: its message, sanitised, or nil.
    /// The value the lead already holds (`initial`, e.g. a long name a webhook brought) is not
    /// judged again, so it never blocks saving another field.
    static func checked(
        initial: String? = nil, _ problem: @escaping @Sendable (String) -> String?
    ) -> @Sendable (String) -> DisplayLine? {
        { text in text == initial ? nil : problem(text).map { Sanitizer.line($0) } }
    }

    /// The contact form's fields for `lead`, each checked by ``ContactLimits`` (phones and
    /// emails as `normalizer` reads them).
    static func contactFields(_ lead: Lead, normalizer: ContactNormalizer) -> [FormField] {
        ContactField.editable.map { field in
            let value = field.value(of: lead)
            return FormField(
                label: Sanitizer.line(field.label), text: value,
                validate: checked(initial: value) { field.problem($0, normalizer: normalizer) })
        }
    }

    /// The custom field form's fields, filled from `field` when editing one.
    static func customFields(_ field: LeadField?) -> [FormField] {
        [
            FormField(
                label: "Title", text: field?.title ?? "",
                validate: checked {
                    $0.allSatisfy(\.isWhitespace)
                        ? "required" : ContactLimits.lengthProblem($0, "Field title", limit: ContactLimits.fieldTitle)
                }),
            FormField(
                label: "Content", text: field?.content ?? "",
                validate: checked {
                    $0.allSatisfy(\.isWhitespace)
                        ? "required"
                        : ContactLimits.lengthProblem($0, "Field content", limit: ContactLimits.fieldContent)
                }),
            FormField(
                label: "Link", text: field?.link ?? "",
                validate: checked { ContactLimits.linkProblem($0, "Field link") }),
            FormField(
                label: "Key", text: field?.key ?? "",
                validate: checked { ContactLimits.lengthProblem($0, "Field key", limit: ContactLimits.fieldKey) }),
        ]
    }
}
