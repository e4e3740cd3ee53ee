/// The store (or its directory) is open to other users, so the console will not show it.
public struct StorePrivacyError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        /// The store file has the group or other write bit.
        case writableFile(mode: UInt32)
        /// The store's directory is world-writable without the sticky bit.
        case writableDirectory(path: String, mode: UInt32)
    }

    /// The store's path.
    public let path: String
    private let reason: Reason

    private init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// The store at `path` can be written by other users (its mode is `mode`).
    public static func writableFile(path: String, mode: UInt32) -> StorePrivacyError {
        StorePrivacyError(path: path, reason: .writableFile(mode: mode))
    }

    /// The directory `directory` of the store at `path` is writable by every user without the
    /// sticky bit (its mode is `mode`).
    public static func writableDirectory(path: String, directory: String, mode: UInt32) -> StorePrivacyError {
        StorePrivacyError(path: path, reason: .writableDirectory(path: directory, mode: mode))
    }

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
