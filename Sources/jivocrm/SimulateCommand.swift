import CRMCore
import Foundation
import HTTPServer
import JivoProtocol

/// `jivocrm simulate`: realistic demo traffic against a running listener.
enum SimulateCommand: Command {
    static let name = "simulate"
    static let synopsis = "simulate [--url URL] [--count N] [--seed S]"
    static let summary = "Post realistic JivoChat traffic to a running listener (demo data)."
    static let details = """
        Whole conversations (accepted, updated, finished with messages), returning visitors, a
        visitor whose phone disagrees with the CRM, offline messages and calls; names and messages
        in English and Russian; phones as visitors type them. Prints each delivery and the count of
        reply statuses. The same seed sends the same traffic.

        example:
          jivocrm serve &  jivocrm simulate --count 200 --seed 7
        """
    static let options: [OptionSpec] = [
        .value("--url", "URL", "the webhook URL (default: what `jivocrm webhook-url` prints: the running listener's)"),
        .value("--count", "N", "how many deliveries to post (default 50)"),
        .value("--seed", "S", "seed for the generator (default: random; printed)"),
        .value("--listen", "HOST:PORT", "the listener's address, when --url is not given"),
        .value("--token", "T", "the token, when --url is not given"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        try invocation.arguments.expectPositionals(atMost: 0)
        let arguments = invocation.arguments
        let count = try arguments.positiveInt("--count") ?? 50
        let seed =
            try arguments.value("--seed").map { text throws(CLIError) -> UInt64 in
                guard let seed = UInt64(text) else {
                    throw .usage("--seed takes a non-negative integer, not '\(text)'")
                }
                return seed
            } ?? UInt64.random(in: 0...999_999)
        let url: String
        if let given = arguments.value("--url") {
            url = given
        } else {
            let store = try invocation.openStore()
            url = WebhookURL.url(
                address: try invocation.listenerAddress(store: store).address, token: try invocation.token(store: store)
            )
        }
        let target = try parse(url)
        let client = HTTPClient(host: target.host, port: target.port, timeout: 10)
        defer { client.close() }
        var traffic = DemoTraffic(
            seed: seed, defaultCountryCode: try invocation.configuration.settings().normalizer.defaultCountryCode)
        var statuses: [Int: Int] = [:]
        Output.line("simulating \(count) deliveries to \(target.host):\(target.port) (seed \(seed))")
        for (index, delivery) in traffic.next(count).enumerated() {
            do {
                let response = try client.send(
                    method: "POST", path: target.path,
                    headers: [(name: "Content-Type", value: "application/json; charset=utf-8")],
                    body: delivery.body.serializedBytes())
                if response.status == 404 {
                    throw CLIError.failure(
                        "the listener at \(target.host):\(target.port) does not know this webhook token (404): it serves "
                            + "another store, or the token was rotated; `jivocrm webhook-url` with the same --db prints "
                            + "the right URL, and `jivocrm doctor` shows which listener runs on this store")
                }
                statuses[response.status, default: 0] += 1
                Output.line("\(String(format: "%4d", index + 1)) \(response.status)  \(Output.safe(delivery.summary))")
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError.failure(
                    "posting to \(target.host):\(target.port) failed: \(error); is `jivocrm serve` running there?")
            }
        }
        let summary = statuses.keys.sorted().map { "\($0)×\(statuses[$0]!)" }.joined(separator: " ")
        Output.line("sent \(count): \(summary)")
        return statuses.keys.allSatisfy { (200..<300).contains($0) } ? 0 : 1
    }

    /// Host, port and path of an `http://` URL.
    static func parse(_ url: String) throws(CLIError) -> (host: String, port: Int, path: String) {
        guard url.hasPrefix("http://") else {
            throw .usage(
                "--url must be an http:// URL of a jivocrm listener (TLS belongs to the proxy in front), not '\(url)'")
        }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        let (host, port) = try AppConfiguration.listenAddress(
            authority.contains(":") ? String(authority) : authority + ":80")
        return (host, port, path.isEmpty ? "/" : String(path))
    }
}
