import JivoProtocol

/// Which arrivals ring the terminal bell: the config file's `bell` setting.
public struct BellPolicy: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public let rawValue: Int

    /// A policy from its bits.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// A webhook that created a lead rings.
    public static let newLead = BellPolicy(rawValue: 1)
    /// An offline message (for a new or a known lead) rings.
    public static let offline = BellPolicy(rawValue: 2)
    /// Nothing rings.
    public static let off: BellPolicy = []
    /// The default: new leads and offline messages ring.
    public static let standard: BellPolicy = [.newLead, .offline]

    /// The words the setting takes, for error messages.
    public static let settingHelp = "new-lead, offline, new-lead,offline or off"

    /// The policy a `bell` setting names: `new-lead`, `offline`, both comma-separated, or `off`;
    /// nil for anything else.
    public init?(setting: String) {
        var policy: BellPolicy = []
        let words = setting.split(separator: ",").map { String($0).trimmingWhitespace.lowercased() }
        guard !words.isEmpty else { return nil }
        for word in words {
            switch word {
            case "new-lead": policy.insert(.newLead)
            case "offline": policy.insert(.offline)
            case "off" where words.count == 1: break
            default: return nil
            }
        }
        self = policy
    }

    /// Whether `note` asks for the bell under this policy.
    public func rings(for note: ChangeNote) -> Bool {
        (contains(.newLead) && note.created) || (contains(.offline) && note.isOfflineMessage)
    }
}

extension ChangeNote {
    /// Whether the event was an offline message.
    public var isOfflineMessage: Bool {
        eventName == "offline_message"
    }

    /// Whether the event brought something the operator has not seen: a new lead or an offline
    /// message.
    public var isArrival: Bool {
        created || isOfflineMessage
    }
}
