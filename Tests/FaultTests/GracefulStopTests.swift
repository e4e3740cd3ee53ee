import Glibc
import Testing
import TestSupport

/// SIGTERM during load: requests in flight finish, the process exits 0, nothing acknowledged is
/// lost, and the store's write-ahead log is left empty.
@Suite("Graceful stop", .serialized)
struct GracefulStopTests {
    @Test("SIGTERM under load finishes in-flight requests and exits 0 with every 2xx stored")
    func terminateUnderLoad() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-term")
        let database = directory.file("crm.sqlite")
        let acknowledged = Acknowledgements()
        for round in 0..<3 {
            let server = try ServeProcess(
                database: database, home: directory.path, logPath: directory.file("serve-\(round).log"))
            let clients = LoadClients(count: 4, port: server.port, label: "t\(round)", acknowledged: acknowledged)
            let before = acknowledged.count
            for _ in 0..<2000 where acknowledged.count < before + 20 { usleep(2_000) }
            server.signal(SIGTERM)
            let status = server.waitForExit()
            clients.stop()
            #expect(status == 0, "round \(round): serve exited \(status); log: \(server.log)")
            #expect(server.log.contains("stopping: finishing requests in flight"))
            let log = fileBytes(database + "-wal") ?? 0
            #expect(log == 0, "round \(round): serve left \(log) bytes of write-ahead log; log: \(server.log)")
        }
        #expect(
            acknowledged.unexpectedStatuses.isEmpty,
            "statuses other than 200/202/503: \(acknowledged.unexpectedStatuses)")
        let audit = try StoreAudit.missing(acknowledged, database: database, home: directory.path)
        #expect(audit.missing.isEmpty, "acknowledged but not in the store: \(audit.missing.prefix(20))")
        #expect(audit.check == "0 ok")
    }
}
