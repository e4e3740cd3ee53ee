import JivoProtocol

/// Builds the answer to chat_accepted and chat_updated from the lead as it stands.
public struct ReplyComposer: Sendable {
    /// What the reply says about a lead beyond the lead itself.
    public struct Context: Sendable, Equatable {
        /// Open tasks on the lead.
        public var openTasks: Int
        /// The last chat's start, Unix milliseconds.
        public var lastChatAt: Int64?
        /// Whether this event created the lead.
        public var created: Bool
        /// The signed link to the lead's page on the listener, when a public address is set.
        public var pageLink: String?

        /// A context.
        public init(openTasks: Int = 0, lastChatAt: Int64? = nil, created: Bool = false, pageLink: String? = nil) {
            self.openTasks = openTasks
            self.lastChatAt = lastChatAt
            self.created = created
            self.pageLink = pageLink
        }
    }

    /// The settings that give the link template.
    public var settings: CRMSettings

    /// A composer for `settings`.
    public init(settings: CRMSettings) { self.settings = settings }

    /// The reply: the lead's contact info; the operator's fields, then the lead's number and
    /// status, manager, open tasks and last chat date in the settings' zone, labelled (at most 10
    /// items); its own crm_link, else the template's, else the link to its page on the listener;
    /// enable_assign when the event created the lead. Only http(s) links (``SafeLink``) are sent:
    /// a crm_link of another kind gives way to the next, another field link is left out.
    public func reply(for lead: Lead, context: Context) -> ChatReply {
        var custom: [CustomDataField] = []
        custom.reserveCapacity(lead.fields.count + 4)
        for field in lead.fields {
            custom.append(
                CustomDataField(
                    title: field.title, content: field.content, link: SafeLink.httpOnly(field.link), key: field.key))
        }
        custom.append(CustomDataField(title: "Lead", content: "#" + String(lead.id) + " · " + lead.status.label))
        if let manager = lead.manager {
            custom.append(CustomDataField(title: "Manager", content: manager.name))
        }
        if context.openTasks > 0 {
            custom.append(CustomDataField(title: "Open tasks", content: String(context.openTasks)))
        }
        if let last = context.lastChatAt {
            custom.append(
                CustomDataField(title: "Last chat", content: settings.localTime.labelled(milliseconds: last)))
        }
        return ChatReply(
            contactInfo: ContactInfo(
                name: lead.name, phone: lead.primaryPhone, email: lead.primaryEmail,
                description: lead.description),
            customData: custom,
            crmLink: SafeLink.httpOnly(lead.crmLink) ?? SafeLink.httpOnly(settings.templateLink(for: lead.id))
                ?? context.pageLink,
            enableAssign: context.created)
    }
}
