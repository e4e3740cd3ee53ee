import CRMCore
import CRMStore
import HTTPServer
import JivoProtocol
import Listener
import Testing
import TestSupport

/// Stopping a listener ends every thread it started before `stop` returns: `serve` returns from
/// `main` right after, and a thread still letting go of what it held (a store, its libraries'
/// state) while the process runs its exit handlers is how a stop crashed once in CI (glibc's
/// "double free", the main thread inside the libraries' finalizers).
@Suite struct ListenerStopTests {
    static let token = "stop-token-0123456789abcdef"

    /// Something only the listener's closures hold, so that its release says they are gone.
    private final class Held: Sendable {}

    @Test("when stop returns, the threads the listener started have ended and let go of all they held")
    func stopEndsEveryThreadItStarted() throws {
        // Each round is a race that a thread signalling its end before letting go loses now and
        // then: against the listener's threads as they were (Foundation's, not joined), 9 of 10
        // runs failed within 100 rounds.
        for round in 0..<100 {
            let directory = TemporaryDirectory(prefix: "jivocrm-stop-threads")
            weak var watched: Held?
            do {
                let held = Held()
                watched = held
                var configuration = WebhookListener.Configuration(
                    host: "127.0.0.1", port: 0, tokens: [Self.token], storePath: directory.file("crm.sqlite"))
                // A forwarding target that refuses connections keeps the forwarder's thread busy.
                configuration.forwardTargets = ["http://127.0.0.1:9/"]
                configuration.forwardBackoff = 5
                let listener = WebhookListener(
                    configuration: configuration, log: { _ in withExtendedLifetime(held) {} })
                let port = try listener.start()
                let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 10)
                let response = try client.send(
                    method: "POST", path: "/jivo/\(Self.token)", body: Fixtures.bytes("chat_accepted"))
                client.close()
                #expect(response.status == 200)
                listener.stop(grace: 1)
                // A second stop returns at once.
                listener.stop(grace: 1)
            }
            #expect(watched == nil, "round \(round): a thread of the stopped listener still held its closures")
            if watched != nil { break }
        }
    }
}
