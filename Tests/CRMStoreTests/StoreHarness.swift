import CRMCore
import CRMStore
import JivoProtocol
import TestSupport

/// The engine a store test runs on (``TestSupport/StoreEngine``, shared with the console's
/// tests), by the name every store test uses without importing TestSupport itself.
typealias StoreEngine = TestSupport.StoreEngine

/// A real store in a temporary directory (or on a throwaway PostgreSQL server), with a fixed
/// clock and helpers to deliver events.
final class StoreHarness {
    let directory = TemporaryDirectory()
    /// The PostgreSQL server, for a store on PostgreSQL.
    let cluster: PostgresCluster?
    let store: Store
    var now: Int64 = 1_700_000_000_000

    init(
        engine: StoreEngine = .sqlite,
        settings: CRMSettings = CRMSettings(crmLinkTemplate: "https://crm.example.com/leads/{id}")
    ) throws {
        switch engine {
        case .sqlite:
            cluster = nil
            store = try Store(path: directory.file("crm.sqlite"), settings: settings)
        case .postgres:
            StoreEngine.clusterSlots.wait()
            do {
                let cluster = try PostgresCluster()
                self.cluster = cluster
                store = try Store(path: cluster.createDatabase("crm"), settings: settings)
            } catch {
                StoreEngine.clusterSlots.signal()
                throw error
            }
        }
        store.clock = { 1_700_000_000_000 }
    }

    deinit {
        if cluster != nil { StoreEngine.clusterSlots.signal() }
    }

    /// Delivers `object` as one request.
    @discardableResult
    func deliver(_ object: JSONObject) throws -> IngestResult {
        try deliver(bytes: object.bytes)
    }

    /// Delivers raw bytes as one request.
    @discardableResult
    func deliver(bytes: [UInt8]) throws -> IngestResult {
        now += 1000
        return try store.database.write { try store.ingest(body: bytes, receivedAt: now) }
    }

    /// The note kept with event `id` (what it did not apply, or that it had no effect).
    func note(ofEvent id: Int64) throws -> String? {
        try store.database.first("SELECT note FROM events WHERE id = ?", [.integer(id)]) { $0.optionalText(0) } ?? nil
    }

    /// Row counts of every table that ingest writes (the raw inbox excluded).
    func counts() throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for table in [
            "leads", "lead_emails", "lead_phones", "lead_keys", "lead_fields", "chats", "chat_agents",
            "messages", "calls", "call_statuses", "tasks", "conflicts", "audit",
        ] {
            result[table] = try store.database.scalar("SELECT count(*) FROM \(table)")
        }
        return result
    }

    /// The address of a new, empty store named `name` on the harness's engine: a SQLite file
    /// beside the harness's, or a database on its PostgreSQL server.
    func newStore(_ name: String) throws -> String {
        guard let cluster else { return directory.file(name + ".sqlite") }
        return try cluster.createDatabase(name)
    }

    /// A chat_accepted body for a visitor.
    static func accepted(
        chat: Int, name: String? = "Tom Clifton", email: String? = nil, phone: String? = nil,
        number: String? = "100", agentEmail: String = "agent@example.com", widget: String = "w1"
    ) -> JSONObject {
        var visitor = JSONObject()
        if let name { visitor["name"] = .string(name) }
        if let email { visitor["email"] = .string(email) }
        if let phone { visitor["phone"] = .string(phone) }
        if let number { visitor["number"] = .string(number) }
        return [
            "event_name": .string("chat_accepted"), "chat_id": .number(String(chat)), "widget_id": .string(widget),
            "visitor": .object(visitor),
            "agent": .object(["id": .string("1"), "name": .string("Anna"), "email": .string(agentEmail)]),
            "page": .object(["url": .string("https://shop.example.com/"), "title": .string("Shop")]),
            "session": .object([
                "utm": .string("source=google|medium=cpc"),
                "geoip": .object(["city": .string("Moscow"), "country": .string("Russia")]),
            ]),
        ]
    }
}
