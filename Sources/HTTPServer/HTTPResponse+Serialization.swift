extension HTTPResponse {
    /// Appends the wire form of this response to `output`: status line (a status outside
    /// 200...599 is sent as 500), the handler's headers minus framing headers and minus any field
    /// containing CR, LF or NUL, then the server's own `Content-Length` (none for 204 and 304) and
    /// `Connection`, then the body unless `omitBody` (HEAD requests) or the status is 204 or 304.
    func serialize(into output: inout [UInt8], keepAlive: Bool, omitBody: Bool) {
        let status = (200...599).contains(status) ? status : 500
        output.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, to: &output)
        output.append(0x20)
        output.append(contentsOf: HTTPResponse.reasonPhrase(status).utf8)
        output.append(contentsOf: "\r\n".utf8)
        for field in headers where Self.isAllowed(field) {
            output.append(contentsOf: field.name.utf8)
            output.append(contentsOf: ": ".utf8)
            output.append(contentsOf: field.value.utf8)
            output.append(contentsOf: "\r\n".utf8)
        }
        let bodyless = status == 204 || status == 304
        if !bodyless {
            output.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(body.count, to: &output)
            output.append(contentsOf: "\r\n".utf8)
        }
        output.append(contentsOf: keepAlive ? "Connection: keep-alive\r\n\r\n".utf8 : "Connection: close\r\n\r\n".utf8)
        if !omitBody && !bodyless { output.append(contentsOf: body) }
    }

    /// A short plain-text error response with the standard reason phrase as body.
    static func error(_ status: Int) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "text/plain")],
            body: Array("\(reasonPhrase(status))\n".utf8))
    }

    private static func isAllowed(_ field: (name: String, value: String)) -> Bool {
        let name = field.name.lowercased()
        if name == "content-length" || name == "connection" || name == "transfer-encoding" { return false }
        if name.isEmpty { return false }
        return !field.name.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 || $0 == 0x3A }
            && !field.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// The standard reason phrase for a status code.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }
}

private func appendDecimal(_ value: Int, to output: inout [UInt8]) {
    if value >= 10 { appendDecimal(value / 10, to: &output) }
    output.append(UInt8(0x30 + value % 10))
}
