import CLibPQ
import Glibc

/// One connection to a PostgreSQL server through libpq. Statements take their values as
/// parameters (never spliced into the SQL); rows come back typed. A connection is used by one
/// thread at a time, as a libpq connection must be.
public final class PostgresConnection {
    /// The server's address (its `description` is redacted).
    public let address: PostgresAddress
    let handle: OpaquePointer

    /// Connects to `address`; libpq's `PG*` variables fill in what the URL leaves out.
    public init(_ address: PostgresAddress) throws(PostgresError) {
        self.address = address
        let keywords = ["dbname", "fallback_application_name", "client_encoding"]
        let values = [address.url, "jivocrm", "UTF8"]
        let connection = withCStrings(keywords) { keywords in
            withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else { throw .connection(address, "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let detail = Self.message(PQerrorMessage(connection))
            PQfinish(connection)
            throw .connection(address, detail)
        }
        handle = connection
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// The role the connection logged in as: the address's user, or the one libpq chose for it
    /// (`PGUSER`, else the operating system's user name).
    public var user: String { PQuser(handle).map { String(cString: $0) } ?? "" }

    /// Runs `sql`, which may hold several statements separated by semicolons and takes no
    /// parameters (schema scripts, `BEGIN`, `LISTEN`).
    public func execute(_ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs the one statement `sql` with `$1`, `$2`, … bound to `parameters`; returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> [PostgresRow] {
        let result = try withEncoded(parameters, sql: sql) { types, values, lengths, formats in
            PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return rows(of: result)
    }

    /// Calls `send` with `parameters` laid out as libpq takes them (types, values, lengths and
    /// formats), after refusing text that holds a NUL character (libpq would cut it there
    /// silently); the value buffers live until `send` returns.
    func withEncoded<Result>(
        _ parameters: [PostgresValue], sql: String,
        _ send: ([Oid], [UnsafePointer<CChar>?], [Int32], [Int32]) -> Result
    ) throws(PostgresError) -> Result {
        if let index = parameters.firstIndex(where: \.isTextWithNUL) {
            throw .statement(
                address, sql: sql, sqlState: "22021",
                detail: "parameter $\(index + 1) holds a NUL character, which PostgreSQL text cannot; "
                    + "remove it, or send the value as bytes")
        }
        let encoded = parameters.map(\.parameter)
        let buffers: [UnsafeMutablePointer<CChar>?] = encoded.map { parameter in
            guard let bytes = parameter.bytes else { return nil }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(buffer).copyMemory(
                    from: raw.baseAddress ?? UnsafeRawPointer(buffer), byteCount: bytes.count)
            }
            buffer[bytes.count] = 0
            return buffer
        }
        defer { buffers.forEach { $0?.deallocate() } }
        return send(
            encoded.map { Oid($0.type) }, buffers.map { UnsafePointer($0) },
            encoded.map { Int32($0.bytes?.count ?? 0) }, encoded.map { Int32($0.binary ? 1 : 0) })
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if PQtransactionStatus(handle) != PQTRANS_IDLE { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Starts listening on `channel`; its notifications arrive through ``notifications()``.
    public func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN " + Self.quoted(channel))
    }

    /// Sends a notification on `channel` (delivered when the current transaction commits).
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try query("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// The connection's socket: readable when the server has sent something, such as a
    /// notification; `poll` it, then call ``notifications()``.
    public var socket: Int32 { PQsocket(handle) }

    /// The notifications received so far (reading whatever the socket holds), oldest first;
    /// empty when there are none. Call it before sleeping on ``socket`` too: a statement may
    /// already have read a notification off the socket.
    public func notifications() throws(PostgresError) -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1 else {
            throw .connection(address, Self.message(PQerrorMessage(handle)))
        }
        var received: [PostgresNotification] = []
        while let notification = PQnotifies(handle) {
            received.append(
                PostgresNotification(
                    channel: String(cString: notification.pointee.relname),
                    payload: String(cString: notification.pointee.extra),
                    senderProcessID: notification.pointee.be_pid))
            PQfreemem(notification)
        }
        return received
    }

    /// The notifications received within `milliseconds`: those already received, at once; else
    /// the first to arrive while it sleeps on ``socket`` (empty when none came in time or a
    /// signal interrupted the sleep). Throws ``PostgresError/Kind/connection`` when the
    /// connection was lost: ``reconnect()``, then ``listen(_:)`` again.
    public func notifications(waitingAtMost milliseconds: Int32) throws(PostgresError) -> [PostgresNotification] {
        let received = try notifications()
        guard received.isEmpty else { return received }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { throw .connection(address, "the connection is closed") }
        guard poll(&descriptor, 1, milliseconds) > 0 else { return [] }
        return try notifications()
    }

    func check(_ result: OpaquePointer?, sql: String) throws(PostgresError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK else { return }
        guard PQstatus(handle) == CONNECTION_OK else {
            throw .connection(address, Self.message(PQerrorMessage(handle)) + " (the connection was lost)")
        }
        let field = { (code: UInt8) in
            result.flatMap { PQresultErrorField($0, Int32(code)) }.map { String(cString: $0) }
        }
        let detail = field(UInt8(ascii: "M")) ?? Self.message(PQerrorMessage(handle))
        let hint = field(UInt8(ascii: "H")).map { "; \($0)" } ?? ""
        throw .statement(address, sql: sql, sqlState: field(UInt8(ascii: "C")), detail: detail + hint)
    }

    private func rows(of result: OpaquePointer?) -> [PostgresRow] {
        guard let result else { return [] }
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let types = (0..<columnCount).map { PQftype(result, $0) }
        return (0..<PQntuples(result)).map { row in
            PostgresRow(
                columns: columns,
                values: (0..<columnCount).map { column in
                    guard PQgetisnull(result, row, column) == 0, let text = PQgetvalue(result, row, column) else {
                        return .null
                    }
                    return Self.value(text, type: types[Int(column)])
                })
        }
    }

    /// The value a text-format result field holds, by its column's type.
    static func value(_ field: UnsafeMutablePointer<CChar>, type: Oid) -> PostgresValue {
        let text = String(cString: field)
        switch type {
        case 20, 21, 23, 26: return Int64(text).map(PostgresValue.integer) ?? .text(text)
        case 700, 701: return Double(text).map(PostgresValue.double) ?? .text(text)
        case 16: return .boolean(text == "t")
        case 17:
            var length = 0
            guard let bytes = field.withMemoryRebound(to: UInt8.self, capacity: 1, { PQunescapeBytea($0, &length) })
            else {
                return .text(text)
            }
            defer { PQfreemem(bytes) }
            return .bytes(Array(UnsafeBufferPointer(start: bytes, count: length)))
        default: return .text(text)
        }
    }

    /// `name` as a quoted SQL identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    static func message(_ text: UnsafeMutablePointer<CChar>?) -> String {
        let message = text.map { String(cString: $0) } ?? ""
        let lines = message.split(whereSeparator: \.isNewline).map { String($0.drop(while: \.isWhitespace)) }
        return lines.isEmpty ? "no message from libpq" : lines.joined(separator: "; ")
    }
}

/// Calls `body` with `strings` as a NULL-terminated array of C strings.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
