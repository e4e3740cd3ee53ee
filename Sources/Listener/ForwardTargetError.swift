/// A forward target that is not an `http://` URL the forwarder can post to.
public struct ForwardTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case notPlainHTTP(url: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The target `url`, as configured, is not a plain `http://` URL.
    public static func notPlainHTTP(_ url: String) -> ForwardTargetError { ForwardTargetError(.notPlainHTTP(url: url)) }

    /// What is wrong and what to do.
    public var description: String {
        switch reason {
        case .notPlainHTTP(let url):
            "the forward target '\(url)' is not an http://HOST[:PORT]/PATH URL; forwarding speaks plain HTTP, so put "
                + "a local TLS proxy in front of an https target"
        }
    }
}
