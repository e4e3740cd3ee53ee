import Locking

/// Notes from the listener thread, waiting for the console thread (which rings come with a
/// ``Doorbell``).
public final class ChangeQueue: Sendable {
    private let notes = Locked<[ChangeNote]>([])

    /// An empty queue.
    public init() {}

    /// Adds notes; safe from any thread.
    public func post(_ new: [ChangeNote]) {
        notes.withLock { $0 += new }
    }

    /// Takes every waiting note.
    public func drain() -> [ChangeNote] {
        notes.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}

/// What the status line says about the webhook listener.
public struct ListenerInfo: Sendable, Equatable {
    /// Whether this process runs the listener (false with `--no-listen`).
    public var embedded: Bool
    /// Whether it is accepting requests.
    public var listening: Bool
    /// The URL to paste into JivoChat.
    public var webhookURL: String
    /// Events committed in the last hour.
    public var eventsInLastHour: Int
    /// The last failure, if any.
    public var lastError: String?

    /// Listener facts.
    public init(
        embedded: Bool = false, listening: Bool = false, webhookURL: String = "", eventsInLastHour: Int = 0,
        lastError: String? = nil
    ) {
        self.embedded = embedded
        self.listening = listening
        self.webhookURL = webhookURL
        self.eventsInLastHour = eventsInLastHour
        self.lastError = lastError
    }

    /// The token, the URL's last path component.
    public var token: String {
        webhookURL.lastIndex(of: "/").map { String(webhookURL[webhookURL.index(after: $0)...]) } ?? ""
    }

    /// The URL with its token shortened to its first and last four characters.
    public var shortURL: String {
        guard let slash = webhookURL.lastIndex(of: "/") else { return webhookURL }
        let token = webhookURL[webhookURL.index(after: slash)...]
        guard token.count > 12 else { return webhookURL }
        return webhookURL[...slash] + token.prefix(4) + "…" + token.suffix(4)
    }
}
