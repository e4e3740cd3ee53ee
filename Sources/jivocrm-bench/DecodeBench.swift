import CRMStore

/// `jivocrm-bench decode`: what the listener's thread does to a chat_accepted body before the
/// writer sees it (decoding and hashing), alone, so that `make profile` can count its
/// instructions exactly under callgrind, which it tells to collect only inside ``measure(_:)``.
enum DecodeBench {
    /// Decodes and hashes each of `bodies` once; returns the bytes seen, so none is skipped.
    @inline(never)
    static func measure(_ bodies: [[UInt8]]) -> Int {
        var seen = 0
        for body in bodies { seen += IncomingEvent(body: body, receivedAt: 0).body.count }
        return seen
    }
}
