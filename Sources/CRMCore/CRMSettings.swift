import JivoProtocol

/// The CRM rules' settings (from the configuration file, environment and flags).
public struct CRMSettings: Sendable, Equatable {
    /// Link to a lead's card with `{id}` for its number; empty for none.
    public var crmLinkTemplate: String
    /// Matching of phones typed without a country code.
    public var normalizer: ContactNormalizer
    /// How long after an offline message its task falls due, in seconds.
    public var offlineTaskDueSeconds: Int64
    /// Whose login decides a new lead's manager first: the responsible agent or the agent.
    public var responsible: ResponsibleOrder
    /// Who gets a new lead that no agent's login matches.
    public var assignment: AssignmentPolicy
    /// The zone people read times in (the console, tables, the agent's custom_data).
    public var localTime: LocalTime
    /// The address JivoChat's agents reach the listener at (`http(s)://host[:port]`), which
    /// lead page links start with; empty for no lead page links.
    public var publicURL: String = ""

    /// Settings with the given values; defaults: no link template, country code 7, two hours,
    /// the responsible agent first, then the agent's login, then the default manager; UTC.
    public init(
        crmLinkTemplate: String = "", defaultCountryCode: String = "7",
        offlineTaskDueSeconds: Int64 = 7200, responsible: ResponsibleOrder = .assignedAgentFirst,
        assignment: AssignmentPolicy = .agentThenDefault, localTime: LocalTime = .utc
    ) {
        self.crmLinkTemplate = crmLinkTemplate
        self.normalizer = ContactNormalizer(defaultCountryCode: defaultCountryCode)
        self.offlineTaskDueSeconds = offlineTaskDueSeconds
        self.responsible = responsible
        self.assignment = assignment
        self.localTime = localTime
    }

    /// The template's link for lead `id`, or nil when no template is set.
    public func templateLink(for id: Int64) -> String? {
        crmLinkTemplate.isEmpty ? nil : crmLinkTemplate.replacing("{id}", with: String(id))
    }

    /// The lead id a link made from the template points at, or nil if `link` is not one of ours.
    public func leadID(fromLink link: String) -> Int64? {
        guard let marker = crmLinkTemplate.firstRange(of: "{id}") else { return nil }
        let prefix = String(crmLinkTemplate[..<marker.lowerBound])
        let suffix = String(crmLinkTemplate[marker.upperBound...])
        let trimmed = link.trimmingWhitespace
        guard trimmed.hasPrefix(prefix), trimmed.hasSuffix(suffix),
            trimmed.count > prefix.count + suffix.count
        else { return nil }
        let middle = trimmed.dropFirst(prefix.count).dropLast(suffix.count)
        guard middle.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int64(middle)
    }
}
