import Foundation

/// A directory under the system's temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    // Safety: `path` is immutable after init; deinit runs once.
    /// The directory's path.
    public let path: String

    /// Creates a fresh, private directory.
    public init(prefix: String = "jivocrm-test") {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "cannot create a temporary directory")
        path = String(cString: created!)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// The files in the directory this process holds open, one entry per descriptor (as
    /// `/proc/self/fd` links them: the path without the double slash `path` may hold).
    public var openDescriptors: [String] {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.path + "/"
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return open.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0.hasPrefix(folder) }
    }
}
