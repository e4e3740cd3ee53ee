import CEpoll
import Glibc

private let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

extension EventLoop {
    func handle(fd: Int32, events: UInt32) {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            closeConnection(connection)
            return
        }
        if events & EPOLLIN.rawValue != 0 { readable(connection) }
        if events & EPOLLOUT.rawValue != 0 { flush(connection) }
    }

    private func readable(_ connection: Connection) {
        guard !connection.closed else { return }
        let count = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
        if count < 0 {
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { closeConnection(connection) }
            return
        }
        if case .lingering = connection.state {
            if count == 0 { closeConnection(connection) }
            return
        }
        if count == 0 {
            connection.peerClosed = true
            if connection.isQuiet && connection.ready.isEmpty {
                closeConnection(connection)
            } else {
                updateInterest(connection)
            }
            return
        }
        connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
        process(connection)
    }

    /// Parses buffered input into ready requests (up to the pipelining limit), then advances.
    func process(_ connection: Connection) {
        guard !connection.closed, case .open = connection.state else { return }
        parsing: while connection.ready.count < Self.maxPipelined && connection.pendingError == nil {
            switch connection.parser.next() {
            case .request(let request):
                connection.ready.append(request)
            case .needMoreData:
                break parsing
            case .failure(let error):
                counters.add(.protocolErrors)
                connection.pendingError = Connection.ErrorReply(
                    status: error.status,
                    reason: error == .bodyTooLarge
                        ? "request body exceeds the size limit of \(configuration.maxBodyBytes) bytes; the client must send "
                            + "a smaller body" : error.description)
            }
        }
        let phase = connection.parser.phase
        if phase != connection.lastPhase {
            connection.lastPhase = phase
            if phase == .idle { connection.idleSince = now } else { connection.phaseStart = now }
        }
        advance(connection)
    }

    /// Does the next thing the connection can do in order: dispatch the next request, send a
    /// pending error, or send `100 Continue`; then writes and adjusts epoll interest.
    func advance(_ connection: Connection) {
        guard !connection.closed, case .open = connection.state else { return }
        if connection.inFlight == nil && !connection.closeAfterFlush {
            if !connection.ready.isEmpty && !draining {
                let request = connection.ready.removeFirst()
                connection.inFlight = Connection.InFlight(
                    keepAlive: request.keepAlive, omitBody: request.method == "HEAD")
                dispatchedSinceDrain = true
                handler(request, ConnectionResponder(mailbox: mailbox, fd: connection.fd, connectionID: connection.id))
            } else if let error = connection.pendingError {
                let reason = HTTPResponse.reasonPhrase(error.status)
                configuration.log?("HTTP \(error.status) \(reason): \(error.reason)")
                HTTPResponse.error(error.status).serialize(into: &connection.output, keepAlive: false, omitBody: false)
                connection.closeAfterFlush = true
            } else if connection.peerClosed || draining {
                connection.closeAfterFlush = true
            } else if connection.parser.awaitingContinue {
                connection.output.append(contentsOf: continueResponse)
                connection.parser.acknowledgeContinue()
            }
        }
        flush(connection)
    }

    /// Queues the handler's response in order and moves on to the next pipelined request.
    func deliver(_ response: HTTPResponse, fd: Int32, connectionID: UInt64) {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)], connection.id == connectionID,
            let inFlight = connection.inFlight
        else { return }
        connection.inFlight = nil
        // A half-closed client still gets answers to requests it pipelined before closing.
        let keepAlive = inFlight.keepAlive && !draining && !(connection.peerClosed && connection.ready.isEmpty)
        response.serialize(into: &connection.output, keepAlive: keepAlive, omitBody: inFlight.omitBody)
        counters.add(.requestsServed)
        connection.idleSince = now
        if keepAlive {
            process(connection)
        } else {
            connection.closeAfterFlush = true
            flush(connection)
        }
    }

    /// Writes as much pending output as the socket takes; closes or lingers when done and asked to.
    func flush(_ connection: Connection) {
        guard !connection.closed else { return }
        while connection.hasPendingOutput {
            let sent = connection.output.withUnsafeBytes { bytes in
                send(
                    connection.fd, bytes.baseAddress! + connection.outputOffset,
                    bytes.count - connection.outputOffset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outputOffset += sent
                connection.lastWriteProgress = now
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if !connection.writeBlocked {
                    connection.writeBlocked = true
                    connection.lastWriteProgress = now
                }
                break
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                closeConnection(connection)
                return
            }
        }
        if !connection.hasPendingOutput {
            connection.writeBlocked = false
            if connection.output.capacity > Self.maxBufferedOutput {
                connection.output = []
            } else {
                connection.output.removeAll(keepingCapacity: true)
            }
            connection.outputOffset = 0
            if connection.closeAfterFlush, case .open = connection.state {
                if connection.peerClosed || draining {
                    closeConnection(connection)
                    return
                }
                shutdown(connection.fd, Int32(SHUT_WR))
                connection.state = .lingering(deadline: now + Self.lingerTime)
            }
        }
        updateInterest(connection)
    }

    func updateInterest(_ connection: Connection) {
        guard !connection.closed else { return }
        var wanted: UInt32 = 0
        switch connection.state {
        case .lingering:
            wanted = EPOLLIN.rawValue
        case .open:
            let reading =
                !connection.peerClosed && !connection.closeAfterFlush && connection.pendingError == nil
                && connection.ready.count < Self.maxPipelined
                && connection.output.count - connection.outputOffset < Self.maxBufferedOutput
            if reading { wanted |= EPOLLIN.rawValue }
            if connection.writeBlocked { wanted |= EPOLLOUT.rawValue }
        }
        guard wanted != connection.interest else { return }
        var event = epoll_event(events: wanted, data: epoll_data_t(u64: UInt64(connection.fd)))
        if epoll_ctl(epollFD, EPOLL_CTL_MOD, connection.fd, &event) == 0 {
            connection.interest = wanted
        } else {
            closeConnection(connection)
        }
    }

    func closeConnection(_ connection: Connection) {
        guard !connection.closed else { return }
        connection.closed = true
        Glibc.close(connection.fd)
        connections[Int(connection.fd)] = nil
        openCount -= 1
        counters.add(.openConnections, -1)
    }
}
