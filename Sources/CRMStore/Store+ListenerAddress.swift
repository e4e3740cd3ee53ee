import Glibc

/// Where the listener serving this store is: it records its bound address on start and clears it
/// on a clean stop, so `webhook-url`, `simulate` and `doctor` reach the right process.
extension Store {
    /// A listener's record.
    public struct ListenerRecord: Sendable, Equatable {
        /// `http://HOST:PORT`, as bound.
        public var address: String
        /// Its process id.
        public var pid: Int32
    }

    /// Records that process `pid` serves this store at `address`.
    public func recordListener(address: String, pid: Int32) throws {
        try database.write {
            try setSetting("listener_address", address)
            try setSetting("listener_pid", String(pid))
        }
    }

    /// The listener recorded for this store, if its process is still alive.
    public func runningListener() throws -> ListenerRecord? {
        guard let address = try setting("listener_address"),
            let pid = try setting("listener_pid").flatMap({ Int32($0) }), pid > 0
        else { return nil }
        guard kill(pid, 0) == 0 || errno == EPERM else { return nil }
        return ListenerRecord(address: address, pid: pid)
    }

    /// Forgets the listener record if process `pid` wrote it.
    public func clearListener(pid: Int32) throws {
        try database.write {
            guard try setting("listener_pid") == String(pid) else { return }
            try database.run("DELETE FROM settings WHERE key IN ('listener_address', 'listener_pid')")
        }
    }
}
