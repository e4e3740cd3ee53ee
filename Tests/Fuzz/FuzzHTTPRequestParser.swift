/// libFuzzer target: HTTPRequestParser. Built by `make fuzz` with the parser's sources.
/// Feeds the input whole and split at a point chosen by its first byte; a request must never
/// carry a body over the limit, and a failure must be final.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPRequestParser.Limits(maxHeadBytes: 2048, maxHeaderCount: 16, maxBodyBytes: 4096)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    for pieces in [[bytes[...]], [bytes[..<split], bytes[split...]]] {
        var parser = HTTPRequestParser(limits: limits)
        var failed = false
        for piece in pieces {
            parser.append(Array(piece))
            loop: while true {
                switch parser.next() {
                case .request(let request):
                    precondition(!failed, "a request after a failure")
                    precondition(request.body.count <= limits.maxBodyBytes, "a body over the limit")
                case .needMoreData:
                    break loop
                case .failure:
                    failed = true
                    break loop
                }
            }
        }
    }
    return 0
}
