import Glibc
import PostgresClient
import Testing
import TestSupport

/// The client against a real server (a throwaway cluster per test): statements, typed
/// parameters and rows, transactions, errors, LISTEN/NOTIFY.
@Suite struct PostgresConnectionTests {
    @Test func parametersOfEveryKindComeBackTyped() throws {
        let cluster = try PostgresCluster()
        let connection = try PostgresConnection(#require(PostgresAddress(cluster.createDatabase("client"))))
        try connection.execute(
            """
            CREATE TABLE t(id BIGINT PRIMARY KEY, n DOUBLE PRECISION, s TEXT, b BYTEA, f BOOLEAN, z TEXT);
            """)
        let values: [PostgresValue] = [
            .integer(Int64.max), .double(-0.125), .text("Ольга 'quoted' \"x\" 😀"), .bytes([0, 1, 0xff, 0, 0x5c]),
            .boolean(true), .null,
        ]
        try connection.query("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)", values)
        let rows = try connection.query("SELECT id, n, s, b, f, z FROM t WHERE id = $1", [.integer(Int64.max)])
        #expect(rows.count == 1)
        #expect(rows.first?.values == values)
        #expect(try rows.first?.integer("id") == Int64.max)
        #expect(try rows.first?.optionalText("z") == nil)
        #expect(
            try connection.query("SELECT count(*) AS n FROM t WHERE s = $1", [.text("' OR ''='")]).first?.integer("n")
                == 0)
        let nul = try #require(throws: PostgresError.self) { try connection.query("SELECT $1", [.text("a\u{0}b")]) }
        #expect(nul.description.contains("parameter $1 holds a NUL character"))
        #expect(throws: PostgresError.self) { try rows.first?.text("id") }
        #expect(throws: PostgresError.self) { try rows.first?.integer("missing") }
    }

    @Test func aTransactionCommitsOrRollsBackWhole() throws {
        struct Abandon: Error {}
        let cluster = try PostgresCluster()
        let connection = try PostgresConnection(#require(PostgresAddress(cluster.createDatabase("client"))))
        try connection.execute("CREATE TABLE t(id BIGINT PRIMARY KEY)")
        try connection.transaction { try connection.query("INSERT INTO t VALUES (1)") }
        #expect(throws: Abandon.self) {
            try connection.transaction {
                try connection.query("INSERT INTO t VALUES (2)")
                throw Abandon()
            }
        }
        #expect(throws: PostgresError.self) {
            try connection.transaction {
                try connection.query("INSERT INTO t VALUES (3)")
                try connection.query("INSERT INTO t VALUES (1)")
            }
        }
        #expect(try connection.query("SELECT id FROM t ORDER BY id").map { try $0.integer("id") } == [1])
    }

    @Test func aRefusedStatementSaysWhichAndItsSQLState() throws {
        let cluster = try PostgresCluster()
        let connection = try PostgresConnection(#require(PostgresAddress(cluster.createDatabase("client"))))
        try connection.execute("CREATE TABLE t(id BIGINT PRIMARY KEY)")
        try connection.query("INSERT INTO t VALUES ($1)", [.integer(7)])
        let error = try #require(throws: PostgresError.self) {
            try connection.query("INSERT INTO t VALUES ($1)", [.integer(7)])
        }
        #expect(error.kind == .statement)
        #expect(error.sqlState == "23505")
        #expect(error.description.contains("INSERT INTO t VALUES ($1)"))
        #expect(error.description.contains("duplicate key"))
    }

    @Test func aNotificationWakesTheListenersSocket() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("client")
        let listener = try PostgresConnection(#require(PostgresAddress(url)))
        let sender = try PostgresConnection(#require(PostgresAddress(url)))
        try listener.listen("leads changed")
        #expect(try listener.notifications().isEmpty)
        try sender.transaction {
            try sender.notify("leads changed", payload: "42")
            try sender.notify("elsewhere", payload: "not heard")
        }
        var received: [PostgresNotification] = []
        while received.isEmpty {
            var descriptor = pollfd(fd: listener.socket, events: Int16(POLLIN), revents: 0)
            #expect(poll(&descriptor, 1, 10_000) == 1, "no notification arrived")
            guard descriptor.revents & Int16(POLLIN) != 0 else { break }
            received += try listener.notifications()
        }
        #expect(received.map(\.channel) == ["leads changed"])
        #expect(received.map(\.payload) == ["42"])
    }

    @Test func waitingForNotificationsEndsEmptyAtItsTimeoutAndALostConnectionSaysSo() throws {
        let cluster = try PostgresCluster()
        let url = try cluster.createDatabase("client")
        let listener = try PostgresConnection(#require(PostgresAddress(url)))
        let sender = try PostgresConnection(#require(PostgresAddress(url)))
        try listener.listen("changes")
        #expect(try listener.notifications(waitingAtMost: 10).isEmpty)
        try sender.notify("changes")
        var received: [PostgresNotification] = []
        for _ in 0..<100 where received.isEmpty { received = try listener.notifications(waitingAtMost: 100) }
        #expect(received.map(\.channel) == ["changes"])
        _ = try cluster.psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'", database: "client")
        var lost: PostgresError?
        for _ in 0..<100 where lost == nil {
            do {
                _ = try listener.notifications(waitingAtMost: 100)
            } catch {
                lost = error
            }
        }
        #expect(lost?.kind == .connection)
        #expect(!listener.isConnected)
        try listener.reconnect()
        try listener.listen("changes")
        try sender.notify("changes", payload: "again")
        received = []
        for _ in 0..<100 where received.isEmpty { received = try listener.notifications(waitingAtMost: 100) }
        #expect(received.map(\.payload) == ["again"])
    }

    @Test func aFailedLoginNeverShowsThePassword() throws {
        let cluster = try PostgresCluster()
        try cluster.createDatabase("client")
        let wrong = "Wr0ng-Hunter2"
        for url in [
            cluster.url(database: "client", user: cluster.passwordRole, password: wrong),
            cluster.url(database: "client", user: cluster.passwordRole) + "&password=" + wrong,
            cluster.url(database: "absent", user: cluster.superuser, password: wrong),
        ] {
            let error = try #require(throws: PostgresError.self) {
                try PostgresConnection(#require(PostgresAddress(url)))
            }
            #expect(error.kind == .connection)
            #expect(!error.description.contains(wrong), "\(error)")
            #expect(error.description.contains("***"))
            #expect(error.description.contains("PGPASSWORD"))
        }
        let right = cluster.url(database: "client", user: cluster.passwordRole, password: cluster.password)
        #expect(
            try PostgresConnection(#require(PostgresAddress(right))).query("SELECT 1 AS one").first?.integer("one") == 1
        )
    }
}
