/// A forward target that is not an `http://` URL the forwarder can post to.
public struct ForwardTargetError: Error, CustomStringConvertible {
    /// The target as configured.
    public let url: String

    /// The error for `url`.
    public init(url: String) { self.url = url }

    /// What is wrong and what to do.
    public var description: String {
        "the forward target '\(url)' is not an http://HOST[:PORT]/PATH URL; forwarding speaks plain HTTP, so put "
            + "a local TLS proxy in front of an https target"
    }
}
