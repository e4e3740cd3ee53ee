import Foundation
import Glibc
import HTTPServer
import Locking
import TestSupport

/// Concurrent clients that post unique webhooks to a server until told to stop.
final class LoadClients: Sendable {
    private let running = Locked(true)
    private let done = DispatchGroup()
    /// What the server acknowledged.
    let acknowledged: Acknowledgements

    /// Starts `count` clients against `port`, each naming its requests with `label`.
    init(count: Int, port: Int, label: String, acknowledged: Acknowledgements) {
        self.acknowledged = acknowledged
        for client in 0..<count {
            done.enter()
            let thread = Thread { [self] in
                post(port: port, prefix: "\(label)-\(client)")
                done.leave()
            }
            thread.start()
        }
    }

    private func post(port: Int, prefix: String) {
        let http = HTTPClient(port: port, timeout: 15)
        var number = 0
        while running.withLock({ $0 }) {
            number += 1
            let key = "\(prefix)-\(number)"
            let offline = number % 3 == 0
            let body =
                offline
                ? Bodies.offline(id: key, text: "text \(key)") : Bodies.accepted(chat: key, email: "\(key)@example.com")
            do {
                let response = try http.send(method: "POST", path: "/jivo/\(ServeProcess.fixedToken)", body: body)
                switch response.status {
                case 200 where offline, 202 where offline: acknowledged.offline("text \(key)")
                case 200, 202: acknowledged.chat("\(key)@example.com")
                case 503: break
                default: acknowledged.unexpected(response.status)
                }
            } catch {
                http.close()
                usleep(5_000)
            }
        }
    }

    /// Tells the clients to stop and waits for them.
    func stop() {
        running.withLock { $0 = false }
        done.wait()
    }
}
