extension ContactPlan {
    /// `lead` with this plan's fills applied in memory: the name (the automatic title following
    /// it, ``Lead/title(followingName:)``), the comment, the email and the phone appended after
    /// the lead's others. Disputes change nothing.
    public func applied(to lead: Lead) -> Lead {
        var lead = lead
        for fill in fills {
            switch fill.field {
            case .name:
                lead.title = lead.title(followingName: fill.value) ?? lead.title
                lead.name = fill.value
            case .description: lead.description = fill.value
            case .email: lead.emails.append(ContactValue(value: fill.value, normalized: fill.normalized))
            case .phone: lead.phones.append(ContactValue(value: fill.value, normalized: fill.normalized))
            case .duplicate, .crmLink: continue
            }
        }
        return lead
    }
}
