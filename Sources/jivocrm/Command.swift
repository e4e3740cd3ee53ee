import CRMStore
import Foundation
import HTTPServer

/// One verb of the command line: its help, its options and what it does.
protocol Command {
    /// The verb.
    static var name: String { get }
    /// Usage after `jivocrm`, e.g. `leads [--status S] [--json]`.
    static var synopsis: String { get }
    /// One line for the verb list.
    static var summary: String { get }
    /// More help and at least one example.
    static var details: String { get }
    /// Options beyond the global ones.
    static var options: [OptionSpec] { get }
    /// Runs the verb; returns the exit status.
    static func run(_ invocation: Invocation) throws -> Int32
}

/// What a running verb has at hand: its arguments, the configuration, and the store.
struct Invocation {
    /// The parsed command line.
    let arguments: Arguments
    /// The configuration.
    let configuration: AppConfiguration

    /// Opens the store with the configured settings; without a configured `public_url`, lead
    /// page links start with the address of the listener running on the store, as its replies do.
    /// A PostgreSQL database without jivocrm's schema is refused (`jivocrm init` creates it); a
    /// SQLite store is created on first use.
    func openStore() throws -> Store {
        let store = try Store(
            path: configuration.databasePath, settings: try configuration.settings(), creatingSchema: false)
        if store.settings.publicURL.isEmpty, let running = try store.runningListener() {
            store.settings.publicURL = running.address
        }
        return store
    }

    /// The operator edits are attributed to.
    var operatorName: String { configuration.operatorName }

    /// The webhook token: `--token`, env `JIVOCRM_TOKEN`, config `token`, else the store's.
    func token(store: Store) throws -> String {
        if let token = configuration.value(flag: "--token", arguments, env: "JIVOCRM_TOKEN", key: "token") {
            guard token.count >= 16,
                token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            else {
                throw CLIError.usage("a token must be at least 16 URL-safe characters (letters, digits, - and _)")
            }
            return token
        }
        return try store.webhookToken()
    }

    /// The listen address: `--listen`, env `JIVOCRM_LISTEN`, config `listen`, else 127.0.0.1:8080.
    func listenAddress() throws(CLIError) -> (host: String, port: Int) {
        let text =
            configuration.value(flag: "--listen", arguments, env: "JIVOCRM_LISTEN", key: "listen") ?? "127.0.0.1:8080"
        let address = try AppConfiguration.listenAddress(text)
        guard HTTPServer.canListen(on: address.host) else {
            throw .usage(
                "the listen address takes an IPv4 or IPv6 address (127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080), not "
                    + "'\(text)'; a host name belongs to the proxy in front of the listener")
        }
        return address
    }

    /// Whether `--json` was given.
    var json: Bool { arguments.has("--json") }
}

extension Command {
    /// The verb's help text.
    static var help: String {
        var text = "usage: jivocrm \(synopsis)\n\n\(summary)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        if !options.isEmpty { text += "\noptions:\n" + Self.describe(options) }
        text += "\nglobal options:\n" + Self.describe(Arguments.global)
        return text
    }

    private static func describe(_ specs: [OptionSpec]) -> String {
        let labels = specs.map { $0.name + ($0.value.map { " " + $0 } ?? "") }
        let width = (labels.map(\.count).max() ?? 0) + 2
        return zip(labels, specs).map { label, spec in
            "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + spec.help + "\n"
        }.joined()
    }
}
