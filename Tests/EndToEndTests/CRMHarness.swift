import Foundation
import JivoProtocol
import Testing
import TestSupport

/// One scratch CRM for a test: a store and a configuration file in a temporary directory, the
/// `jivocrm` verbs run against them, and `jivocrm serve` started on them.
final class CRMHarness {
    /// The link template the configuration sets.
    static let linkTemplate = "https://crm.example.com/leads/{id}"
    /// The operator the configuration names.
    static let operatorName = "e2e-operator"

    let directory = TemporaryDirectory(prefix: "jivocrm-e2e")
    /// The PostgreSQL server, for a store on PostgreSQL.
    let cluster: PostgresCluster?
    /// The store's address: a SQLite path, or a `postgresql://` URL.
    let database: String
    let configuration: String

    /// A CRM on `engine` whose configuration holds `settings` (key = value lines) on top of the
    /// defaults.
    init(engine: StoreEngine = .sqlite, settings: [String: String] = [:]) throws {
        switch engine {
        case .sqlite:
            cluster = nil
            database = directory.file("crm.sqlite")
        case .postgres:
            StoreEngine.clusterSlots.wait()
            do {
                let cluster = try PostgresCluster()
                self.cluster = cluster
                database = try cluster.createStore("crm")
            } catch {
                StoreEngine.clusterSlots.signal()
                throw error
            }
        }
        configuration = directory.file("config")
        var values = [
            "crm_link_template": Self.linkTemplate, "default_country_code": "7",
            "offline_task_due": "2h", "operator": Self.operatorName,
        ]
        values.merge(settings) { $1 }
        let text = values.keys.sorted().map { "\($0) = \(values[$0]!)" }.joined(separator: "\n") + "\n"
        try text.write(toFile: configuration, atomically: true, encoding: .utf8)
    }

    deinit {
        if cluster != nil { StoreEngine.clusterSlots.signal() }
    }

    /// The environment children get: HOME inside the scratch directory, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        JivoCRMBinary.environment(home: directory.path, extra)
    }

    /// Runs `jivocrm` with exactly `arguments` (no --db or --config added).
    func runBare(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandResult {
        try JivoCRMBinary.run(arguments, environment: environment(extra))
    }

    /// Runs `jivocrm VERB ARGS --db DB --config CONFIG`.
    func run(_ arguments: String...) throws -> CommandResult {
        try runBare(arguments + ["--db", database, "--config", configuration])
    }

    /// Runs a verb that must succeed and print JSON; returns the JSON.
    func json(_ arguments: String...) throws -> JSONValue {
        let result = try runBare(arguments + ["--json", "--db", database, "--config", configuration])
        try #require(result.status == 0, "jivocrm \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return try #require(result.json, "not JSON: \(result.stdout)")
    }

    /// Runs a verb that must succeed; returns its standard output.
    @discardableResult
    func succeed(_ arguments: String...) throws -> String {
        let result = try runBare(arguments + ["--db", database, "--config", configuration])
        try #require(result.status == 0, "jivocrm \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result.stdout
    }

    /// Starts `jivocrm serve` on this CRM.
    func serve() throws -> ServeProcess {
        try ServeProcess(
            arguments: ["--db", database, "--config", configuration], environment: environment(),
            directory: directory)
    }

    /// `leads --json`.
    func leads() throws -> [JSONValue] {
        try #require(try json("leads").arrayValue)
    }

    /// `show ID --json`.
    func show(_ id: Int64) throws -> JSONValue {
        try json("show", String(id))
    }

    /// `tasks --json`.
    func tasks() throws -> [JSONValue] {
        try #require(try json("tasks").arrayValue)
    }

    /// `conflicts --all --json` (only the open ones when `all` is false).
    func conflicts(all: Bool = true) throws -> [JSONValue] {
        try #require(try (all ? json("conflicts", "--all") : json("conflicts")).arrayValue)
    }

    /// `events --json`.
    func events() throws -> [JSONValue] {
        try #require(try json("events").arrayValue)
    }

    /// The one lead whose `key` is `value` in `leads --json`.
    func lead(where key: String, is value: String) throws -> JSONValue {
        let matching = try leads().filter { $0[key]?.text == value }
        try #require(matching.count == 1, "expected one lead with \(key) \(value), found \(matching.count)")
        return matching[0]
    }

    /// Everything the CRM shows about its leads, tasks and conflicts (not the event log, which
    /// records every delivery by design).
    func snapshot() throws -> JSONValue {
        let leads = try self.leads()
        let details = try leads.map { try show(try $0.id()) }
        return .object([
            "leads": .array(leads), "details": .array(details), "tasks": .array(try tasks()),
            "conflicts": .array(try conflicts()),
        ])
    }
}

extension JSONValue {
    /// The integer at `key`.
    func id(_ key: String = "id") throws -> Int64 {
        try #require(self[key]?.int64Value, "no integer \(key) in \(serialized())")
    }

    /// The array at `key` (empty if absent).
    func list(_ key: String) -> [JSONValue] {
        self[key]?.arrayValue ?? []
    }
}

/// A fixture body with `edits` applied (`("visitor.phone", .string("..."))`; nil removes).
func fixture(_ name: String, _ edits: (String, JSONValue?)...) -> [UInt8] {
    var object = Fixtures.object(name)
    for (path, value) in edits { object = object.setting(path, value) }
    return object.bytes
}
