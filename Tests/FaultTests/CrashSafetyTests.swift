import Foundation
import Glibc
import Testing
import TestSupport

/// `jivocrm serve` killed with SIGKILL under load, again and again: every request it answered
/// 2xx must be in the store with its effects, and the file must stay sound.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    @Test("SIGKILL at random moments under concurrent load loses no acknowledged request")
    func killUnderLoad() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-crash")
        let database = directory.file("crm.sqlite")
        let acknowledged = Acknowledgements()
        var generator = SystemRandomNumberGenerator()
        var moments: [UInt32] = []
        for round in 0..<12 {
            let server = try ServeProcess(
                database: database, home: directory.path, logPath: directory.file("serve-\(round).log"))
            let clients = LoadClients(count: 4, port: server.port, label: "r\(round)", acknowledged: acknowledged)
            let before = acknowledged.count
            for _ in 0..<2000 where acknowledged.count == before { usleep(2_000) }
            let moment = UInt32.random(in: 0...150_000, using: &generator)
            moments.append(moment)
            usleep(moment)
            server.signal(SIGKILL)
            let status = server.waitForExit()
            clients.stop()
            #expect(
                status == 128 + SIGKILL,
                "round \(round): serve ended with \(status) before the kill; log: \(server.log)")
        }
        #expect(acknowledged.count > 12, "the load acknowledged too little to prove anything")
        #expect(
            acknowledged.unexpectedStatuses.isEmpty,
            "statuses other than 200/202/503: \(acknowledged.unexpectedStatuses)")
        let audit = try StoreAudit.missing(acknowledged, database: database, home: directory.path)
        #expect(
            audit.missing.isEmpty,
            "acknowledged but not in the store (kill delays µs \(moments)): \(audit.missing.prefix(20))")
        #expect(audit.check == "0 ok")
    }
}
