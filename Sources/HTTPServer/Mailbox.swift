import Glibc
import Locking
import Synchronization

/// Carries responses and commands from any thread to the event loop, waking it through an eventfd.
final class Mailbox: Sendable {
    enum Message: Sendable {
        case response(fd: Int32, connectionID: UInt64, HTTPResponse)
        /// A response the loop builds by calling the closure.
        case build(fd: Int32, connectionID: UInt64, @Sendable () -> HTTPResponse)
        case stop(grace: Double)
    }

    private struct State {
        var messages: [Message] = []
        var wakePending = false
        var closed = false
    }

    /// The eventfd the loop polls; owned here and closed by `close()`.
    let eventFD: Int32
    private let state = Locked(State())

    init(eventFD: Int32) {
        self.eventFD = eventFD
    }

    /// Queues a message and wakes the loop; dropped if the loop has shut down.
    func post(_ message: Message) {
        state.withLock { state in
            guard !state.closed else { return }
            state.messages.append(message)
            if !state.wakePending {
                state.wakePending = true
                var one: UInt64 = 1
                _ = write(eventFD, &one, 8)
            }
        }
    }

    /// Moves all queued messages into `messages` (which must be empty).
    func take(into messages: inout [Message]) {
        var counter: UInt64 = 0
        _ = read(eventFD, &counter, 8)
        state.withLock { state in
            swap(&messages, &state.messages)
            state.wakePending = false
        }
    }

    /// Stops accepting messages and closes the eventfd; later posts are ignored, and later
    /// calls do nothing (the descriptor's number may be another's by then).
    func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            state.messages.removeAll()
            _ = Glibc.close(eventFD)
        }
    }
}

/// The responder handed to the handler for one request on one connection.
final class ConnectionResponder: HTTPResponder {
    private let mailbox: Mailbox
    private let fd: Int32
    private let connectionID: UInt64
    private let sent = Atomic<Bool>(false)

    init(mailbox: Mailbox, fd: Int32, connectionID: UInt64) {
        self.mailbox = mailbox
        self.fd = fd
        self.connectionID = connectionID
    }

    func send(_ response: HTTPResponse) {
        guard !sent.exchange(true, ordering: .acquiringAndReleasing) else { return }
        mailbox.post(.response(fd: fd, connectionID: connectionID, response))
    }

    func send(building build: @escaping @Sendable () -> HTTPResponse) {
        guard !sent.exchange(true, ordering: .acquiringAndReleasing) else { return }
        mailbox.post(.build(fd: fd, connectionID: connectionID, build))
    }
}
