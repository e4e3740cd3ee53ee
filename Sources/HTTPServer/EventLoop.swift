import CEpoll
import Glibc

/// The epoll loop: accepts connections, reads and parses requests, calls the handler, and writes
/// responses posted through the mailbox. All mutable state is confined to the loop thread; the
/// only cross-thread entry point is `mailbox`, hence `@unchecked Sendable` (needed solely to hand
/// the loop to its thread).
final class EventLoop: @unchecked Sendable {
    static let maxPipelined = 16
    static let maxBufferedOutput = 1 << 20
    static let lingerTime: UInt64 = 2_000_000_000
    private static let listenerToken = UInt64.max
    private static let mailboxToken = UInt64.max - 1

    let configuration: HTTPServer.Configuration
    let handler: HTTPHandler
    let counters: ServerCounters
    let mailbox: Mailbox
    let epollFD: Int32
    var listenFD: Int32
    var connections: [Connection?] = []
    var openCount = 0
    var nextID: UInt64 = 0
    var now: UInt64
    var draining = false
    var acceptPaused = false
    var drainDeadline: UInt64 = 0
    var dispatchedSinceDrain = false
    let sweepInterval: UInt64
    var nextSweep: UInt64
    let readBuffer: UnsafeMutableRawBufferPointer
    var inbox: [Mailbox.Message] = []

    /// A loop over an already listening non-blocking socket; takes ownership of `listenFD`.
    init(
        configuration: HTTPServer.Configuration, handler: @escaping HTTPHandler, counters: ServerCounters,
        listenFD: Int32
    ) throws(HTTPServerError) {
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .systemCallFailed(call: "epoll_create1", errno: errno) }
        let eventFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard eventFD >= 0 else {
            let code = errno
            close(epollFD)
            throw .systemCallFailed(call: "eventfd", errno: code)
        }
        self.configuration = configuration
        self.handler = handler
        self.counters = counters
        self.mailbox = Mailbox(eventFD: eventFD)
        self.epollFD = epollFD
        self.listenFD = listenFD
        self.now = Socket.now()
        let shortest = min(
            configuration.headTimeout, configuration.bodyTimeout, configuration.idleTimeout,
            configuration.writeTimeout)
        self.sweepInterval = min(max((shortest / 8).nanoseconds, 2_000_000), 250_000_000)
        self.nextSweep = now + sweepInterval
        self.readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        for (fd, token) in [(listenFD, Self.listenerToken), (eventFD, Self.mailboxToken)] {
            var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: token))
            guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
                let code = errno
                close(epollFD)
                mailbox.close()
                readBuffer.deallocate()
                throw .systemCallFailed(call: "epoll_ctl", errno: code)
            }
        }
    }

    /// Runs until a stop message has been handled and the grace period is over.
    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let wait = nextSweep > now ? Int32(min((nextSweep - now) / 1_000_000 + 1, 1000)) : 0
            let count = epoll_wait(epollFD, &events, Int32(events.count), wait)
            now = Socket.now()
            var mailboxSignalled = false
            for index in 0..<Int(max(count, 0)) {
                let event = events[index]
                switch event.data.u64 {
                case Self.listenerToken: acceptConnections()
                case Self.mailboxToken: mailboxSignalled = true
                case let token: handle(fd: Int32(truncatingIfNeeded: token), events: event.events)
                }
            }
            if mailboxSignalled || dispatchedSinceDrain { drainMailbox() }
            if now >= nextSweep {
                sweep()
                nextSweep = now + sweepInterval
            }
            if draining && (now >= drainDeadline || connections.allSatisfy({ $0?.isDrained ?? true })) { break }
        }
        shutDown()
    }

    private func drainMailbox() {
        repeat {
            dispatchedSinceDrain = false
            mailbox.take(into: &inbox)
            for message in inbox {
                switch message {
                case .response(let fd, let connectionID, let response):
                    deliver(response, fd: fd, connectionID: connectionID)
                case .build(let fd, let connectionID, let build):
                    deliver(build(), fd: fd, connectionID: connectionID)
                case .stop(let grace):
                    beginDraining(grace: grace)
                }
            }
            inbox.removeAll(keepingCapacity: true)
        } while dispatchedSinceDrain
    }

    private func acceptConnections() {
        while listenFD >= 0 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listenFD, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EAGAIN, EWOULDBLOCK: return
                default:
                    // Out of descriptors (EMFILE/ENFILE) or similar: stop polling the listener
                    // until the next sweep instead of spinning on a level-triggered event.
                    configuration.log?("accept failed: \(systemErrorMessage(errno)); raise the open-file limit")
                    pauseAccepting()
                    return
                }
            }
            counters.add(.acceptedConnections)
            if openCount >= configuration.maxConnections {
                reject(fd)
                continue
            }
            Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: UInt64(fd)))
            guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
                close(fd)
                continue
            }
            nextID += 1
            let parser = HTTPRequestParser(limits: configuration.parserLimits, remoteAddress: Socket.describe(storage))
            let connection = Connection(fd: fd, id: nextID, parser: parser, now: now, interest: EPOLLIN.rawValue)
            if connections.count <= Int(fd) {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
            }
            connections[Int(fd)] = connection
            openCount += 1
            counters.add(.openConnections)
        }
    }

    private func pauseAccepting() {
        guard !acceptPaused else { return }
        var event = epoll_event()
        if epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, &event) == 0 { acceptPaused = true }
    }

    /// Polls the listener again after `pauseAccepting()`.
    func resumeAccepting() {
        guard acceptPaused, listenFD >= 0 else { return }
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: Self.listenerToken))
        if epoll_ctl(epollFD, EPOLL_CTL_ADD, listenFD, &event) == 0 { acceptPaused = false }
    }

    /// Answers 503 on a connection over the limit and closes it, without registering it.
    private func reject(_ fd: Int32) {
        counters.add(.rejectedConnections)
        configuration.log?(
            "HTTP 503: connection limit of \(configuration.maxConnections) reached; client must retry later")
        _ = recv(fd, readBuffer.baseAddress, readBuffer.count, 0)
        var output: [UInt8] = []
        HTTPResponse.error(503).serialize(into: &output, keepAlive: false, omitBody: false)
        _ = output.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    private func beginDraining(grace: Double) {
        guard !draining else { return }
        draining = true
        drainDeadline = now + grace.nanoseconds
        if listenFD >= 0 {
            close(listenFD)
            listenFD = -1
        }
        for case let connection? in connections where connection.isQuiet { closeConnection(connection) }
    }

    private func shutDown() {
        for case let connection? in connections { closeConnection(connection) }
        if listenFD >= 0 { close(listenFD) }
        close(epollFD)
        mailbox.close()
        readBuffer.deallocate()
    }
}

extension Connection {
    /// True once nothing stands between this connection and being closed at shutdown.
    fileprivate var isDrained: Bool {
        if case .lingering = state { return true }
        return isQuiet
    }
}
