extension EventLoop {
    /// Enforces head, body, idle, write and linger deadlines on every connection, and resumes
    /// accepting if it was paused for lack of descriptors.
    func sweep() {
        resumeAccepting()
        for case let connection? in connections {
            switch connection.state {
            case .lingering(let deadline):
                if now >= deadline { closeConnection(connection) }
            case .open:
                check(connection)
            }
        }
    }

    private func check(_ connection: Connection) {
        if connection.writeBlocked {
            if now - connection.lastWriteProgress >= configuration.writeTimeout.nanoseconds {
                counters.add(.timeouts)
                configuration.log?(
                    "connection closed: no write progress within writeTimeout; the client must read responses")
                closeConnection(connection)
            }
            return
        }
        guard connection.pendingError == nil && !connection.closeAfterFlush else { return }
        switch connection.parser.phase {
        case .head:
            if now - connection.phaseStart >= configuration.headTimeout.nanoseconds {
                timeOut(
                    connection, reason: "request head not complete within headTimeout; the client must send it faster")
            }
        case .body:
            if now - connection.phaseStart >= configuration.bodyTimeout.nanoseconds {
                timeOut(
                    connection, reason: "request body not complete within bodyTimeout; the client must send it faster")
            }
        case .idle:
            if connection.isQuiet && connection.ready.isEmpty
                && now - connection.idleSince >= configuration.idleTimeout.nanoseconds
            {
                counters.add(.timeouts)
                closeConnection(connection)
            }
        }
    }

    private func timeOut(_ connection: Connection, reason: String) {
        counters.add(.timeouts)
        connection.pendingError = Connection.ErrorReply(status: 408, reason: reason)
        advance(connection)
    }
}
