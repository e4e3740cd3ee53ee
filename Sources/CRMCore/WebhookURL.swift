/// The webhook URL JivoChat posts to, `http://HOST:PORT/jivo/<token>`, written one way for
/// `serve`, `webhook-url`, `simulate` and the console.
public enum WebhookURL {
    /// `http://HOST:PORT`, an IPv6 host in brackets.
    public static func address(host: String, port: some BinaryInteger) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The webhook URL of the listener at `address` (`http://HOST:PORT`) for `token`.
    public static func url(address: String, token: String) -> String {
        address + "/jivo/" + token
    }

    /// `url` with its last path component (the token) replaced by `token`, when there is one.
    public static func replacingToken(in url: String, with token: String?) -> String {
        guard let token, let slash = url.lastIndex(of: "/") else { return url }
        return url[...slash] + token
    }
}
