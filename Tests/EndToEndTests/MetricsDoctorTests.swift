import Foundation
import HTTPServer
import JivoProtocol
import Subprocess
import Testing
import TestSupport

/// `/jivo/<token>/metrics` in Prometheus's text format over a real socket, and `jivocrm doctor`
/// against a running and a stopped listener and a quiet store.
@Suite struct MetricsDoctorTests {
    @Test func metricsCountEventsByTypeAndOutcomeBehindTheToken() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        _ = try server.deliver(fixture("chat_accepted"))
        _ = try server.deliver(fixture("chat_accepted"))
        _ = try server.deliver(fixture("offline_message"))
        #expect(try server.post(Array("not json".utf8)).status == 400)
        let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 10)
        let response = try client.send(path: "\(server.webhookPath)/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(decoding: response.body, as: UTF8.self)
        for line in [
            "jivocrm_events_total{event=\"chat_accepted\",outcome=\"applied\"} 1",
            "jivocrm_events_total{event=\"chat_accepted\",outcome=\"duplicate\"} 1",
            "jivocrm_events_total{event=\"offline_message\",outcome=\"applied\"} 1",
            "jivocrm_events_total{event=\"none\",outcome=\"quarantined\"} 1",
            "jivocrm_reply_seconds_bucket{le=\"+Inf\"} 4", "jivocrm_reply_seconds_count 4",
            "jivocrm_queue_depth 0", "jivocrm_conflicts_open 0", "jivocrm_events_stored 4", "jivocrm_forward_queue 0",
            "# TYPE jivocrm_reply_seconds histogram", "# TYPE jivocrm_events_total counter",
        ] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "missing \(line) in\n\(text)")
        }
        let last = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("jivocrm_last_event_timestamp_seconds ") })
        #expect((Double(last.split(separator: " ")[1]) ?? 0) > 1_600_000_000)
        for path in ["/metrics", "/jivo/metrics", "/jivo/not-the-token-at-all-0000/metrics"] {
            #expect(try client.send(path: path).status == 404, "\(path)")
        }
        #expect(server.stop() == 0)
    }

    @Test func doctorPassesWithARunningListenerAndFailsWithoutIt() throws {
        // The configured listen address is not where serve runs: doctor finds it in the store.
        let crm = try CRMHarness(settings: ["listen": "127.0.0.1:1"])
        let server = try crm.serve()
        _ = try server.deliver(fixture("chat_accepted"))
        let healthy = try crm.run("doctor", "--max-silence", "6h")
        #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
        let lines = healthy.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(healthy.stdout)")
        #expect(lines.allSatisfy { $0.hasPrefix("ok ") }, "\(healthy.stdout)")
        #expect(lines[1].contains("http://127.0.0.1:\(server.port)"), "\(lines[1])")
        #expect(server.stop() == 0)
        let stopped = try crm.run("doctor")
        #expect(stopped.status == 1)
        #expect(stopped.stdout.contains("FAIL listener"), "\(stopped.stdout)")
        #expect(stopped.stderrLines == ["jivocrm: doctor found 1 problem"])
    }

    @Test func doctorSaysHowLongTheStoreHasBeenQuiet() throws {
        let crm = try CRMHarness()
        #expect(try crm.run("doctor").stdout.contains("FAIL store"))
        let server = try crm.serve()
        let quiet = try crm.run("doctor", "--max-silence", "6h")
        #expect(quiet.status == 1)
        #expect(quiet.stdout.contains("FAIL last event no webhook has ever arrived"), "\(quiet.stdout)")
        _ = try server.deliver(fixture("chat_accepted"))
        // The event arrived seven hours ago, as far as the store knows.
        let aged = ChildProcess.run(
            ["sqlite3", crm.database, "UPDATE events SET received_at = received_at - 7 * 3600 * 1000"],
            includingErrors: true)
        #expect(aged.status == 0, "\(aged.output)")
        let silent = try crm.run("doctor", "--max-silence", "6h")
        #expect(silent.status == 1)
        #expect(silent.stdout.contains("FAIL last event no events for 7 hours"), "\(silent.stdout)")
        #expect(try crm.run("doctor", "--max-silence", "8h").status == 0)
        #expect(try crm.run("doctor", "--max-silence", "soon").status == 2)
        #expect(server.stop() == 0)
    }
}
