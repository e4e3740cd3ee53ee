/// The store (or its directory) is open to other users, so the console will not show it.
public struct StorePrivacyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is too open.
    public enum Reason: Sendable, Equatable {
        /// The store file has the group or other write bit (its mode is given).
        case writableFile(mode: UInt32)
        /// The store's directory is world-writable without the sticky bit (its mode is given).
        case writableDirectory(path: String, mode: UInt32)
    }

    /// The store's path.
    public let path: String
    /// What is too open.
    public let reason: Reason

    /// What is wrong and the command that fixes it.
    public var description: String {
        switch reason {
        case .writableFile(let mode):
            "the store \(path) can be written by other users (mode \(String(mode, radix: 8))); "
                + "it holds personal data and anyone could change it: run `chmod 600 \(path)`"
        case .writableDirectory(let directory, let mode):
            "the store's directory \(directory) is writable by every user (mode \(String(mode, radix: 8))) "
                + "without the sticky bit, so anyone could replace the store: run `chmod o-w \(directory)` "
                + "or move the store to a private directory"
        }
    }
}
