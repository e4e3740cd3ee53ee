/// One client connection; owned and touched only by the event-loop thread.
final class Connection {
    enum State {
        /// Reading requests and writing responses.
        case open
        /// Write side shut down after the last response; unread input is discarded until the
        /// peer closes or the deadline passes, so the peer reads the response before any RST.
        case lingering(deadline: UInt64)
    }

    /// What the server must remember about the request the handler is working on.
    struct InFlight {
        var keepAlive: Bool
        var omitBody: Bool
    }

    /// An error response waiting for the responses queued before it.
    struct ErrorReply {
        var status: Int
        var reason: String
    }

    let fd: Int32
    let id: UInt64
    var parser: HTTPRequestParser
    var state = State.open
    var closed = false
    /// Requests parsed ahead (pipelining), waiting for the one in flight.
    var ready: [HTTPRequest] = []
    var inFlight: InFlight?
    var pendingError: ErrorReply?
    var output: [UInt8] = []
    var outputOffset = 0
    var writeBlocked = false
    var closeAfterFlush = false
    var peerClosed = false
    var lastPhase = HTTPRequestParser.Phase.idle
    var phaseStart: UInt64
    var idleSince: UInt64
    var lastWriteProgress: UInt64
    var interest: UInt32

    init(fd: Int32, id: UInt64, parser: HTTPRequestParser, now: UInt64, interest: UInt32) {
        self.fd = fd
        self.id = id
        self.parser = parser
        self.phaseStart = now
        self.idleSince = now
        self.lastWriteProgress = now
        self.interest = interest
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Nothing in flight and nothing left to write: safe to close when draining.
    var isQuiet: Bool { inFlight == nil && !hasPendingOutput }
}
