extension HTTPRequest {
    /// Whether the client wants the connection kept open after this request: HTTP/1.1 unless
    /// `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        var close = false
        var keep = false
        for field in headers where field.name.utf8.count == 10 && field.name.lowercased() == "connection" {
            for option in field.value.split(separator: ",") {
                let token = option.trimmingSpaces.lowercased()
                if token == "close" { close = true }
                if token == "keep-alive" { keep = true }
            }
        }
        if close { return false }
        return version.minor >= 1 || keep
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
