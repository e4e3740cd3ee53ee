import Glibc
import Locking

/// An HTTP/1.1 server: one epoll event-loop thread, strict parsing, keep-alive and pipelining.
///
/// The handler runs on the loop thread and must not block; it answers later through the
/// responder, from any thread.
public final class HTTPServer: Sendable {
    private enum Lifecycle {
        case created
        case running(mailbox: Mailbox, thread: JoinableThread)
        case stopped
    }

    /// The configuration the server was created with.
    public let configuration: Configuration
    private let handler: HTTPHandler
    private let counters = ServerCounters()
    private let lifecycle = Locked(Lifecycle.created)

    /// A server that will call `handler` for every complete request once started.
    public init(configuration: Configuration, handler: @escaping HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    deinit {
        stop(grace: 0)
    }

    /// Current counters: open connections, requests served, protocol errors and more.
    public var statistics: Statistics { counters.snapshot }

    /// Binds, listens and starts the event-loop thread; returns the bound port (the real one
    /// when the configured port is 0).
    public func start() throws(HTTPServerError) -> Int {
        try lifecycle.withLock { (state: inout Lifecycle) throws(HTTPServerError) -> Int in
            guard case .created = state else { throw .alreadyStarted }
            signal(SIGPIPE, SIG_IGN)
            Socket.raiseFileLimit()
            let listenFD = try listen()
            guard let port = Socket.localPort(listenFD) else {
                let code = errno
                close(listenFD)
                throw .systemCallFailed(call: "getsockname", errno: code)
            }
            let loop = try EventLoop(
                configuration: configuration, handler: handler, counters: counters, listenFD: listenFD)
            let thread: JoinableThread
            do throws(ThreadStartError) {
                thread = try JoinableThread(name: "http-event-loop") { loop.run() }
            } catch {
                // The loop closes its sockets as it ends: run here, it ends at once.
                loop.mailbox.post(.stop(grace: 0))
                loop.run()
                throw .systemCallFailed(call: "pthread_create", errno: error.code)
            }
            state = .running(mailbox: loop.mailbox, thread: thread)
            return port
        }
    }

    /// Stops accepting at once (the listening socket is closed), lets requests already handed to
    /// the handler get their responses for up to `grace` seconds, then closes every connection.
    /// Returns when the loop thread has finished (except when called from the handler, where it
    /// only starts the shutdown). Later calls return at once.
    public func stop(grace: Double) {
        let running = lifecycle.withLock { state -> (Mailbox, JoinableThread)? in
            switch state {
            case .running(let mailbox, let thread):
                state = .stopped
                return (mailbox, thread)
            case .created, .stopped:
                state = .stopped
                return nil
            }
        }
        guard let (mailbox, thread) = running else { return }
        mailbox.post(.stop(grace: grace))
        // On the loop thread (from the handler, or a last release there) joining would deadlock:
        // the loop finishes on its own once the handler returns, its thread detached.
        if !thread.isCurrent { thread.join() }
    }

    /// Whether a server can listen on `host`: an IPv4 or IPv6 literal (a name is resolved by
    /// nobody here; a proxy in front gives the public name).
    public static func canListen(on host: String) -> Bool {
        Socket.Address(host: host, port: 0) != nil
    }

    private func listen() throws(HTTPServerError) -> Int32 {
        guard (0...65535).contains(configuration.port) else { throw .invalidPort(configuration.port) }
        guard let address = Socket.Address(host: configuration.host, port: configuration.port) else {
            throw .invalidHost(configuration.host)
        }
        let fd = socket(
            address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0)
        guard fd >= 0 else { throw .systemCallFailed(call: "socket", errno: errno) }
        Socket.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        let bound = address.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw .systemCallFailed(call: "bind \(configuration.host):\(configuration.port)", errno: code)
        }
        guard Glibc.listen(fd, SOMAXCONN) == 0 else {
            let code = errno
            close(fd)
            throw .systemCallFailed(call: "listen", errno: code)
        }
        return fd
    }
}
