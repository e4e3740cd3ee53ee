import JivoProtocol

extension Visitor {
    /// The contacts of `lead` as visitor data (its name, first email, first phone and
    /// description), to apply to another lead.
    public init(contactsOf lead: Lead) {
        self.init(
            name: lead.name.isEmpty ? nil : lead.name, email: lead.emails.first?.value, phone: lead.phones.first?.value,
            description: lead.description.isEmpty ? nil : lead.description)
    }
}
