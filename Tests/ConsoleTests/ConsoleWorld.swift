import CRMCore
import CRMStore
import Console
import JivoProtocol
import Testing
import TestSupport

/// A real temporary store with a fixed clock, filled from webhook fixtures, and a console on it:
/// a SQLite file, or a database on a throwaway PostgreSQL server.
final class ConsoleWorld {
    static let now: Int64 = 1_700_000_000_000
    let directory = TemporaryDirectory(prefix: "jivocrm-console")
    /// The PostgreSQL server, for a store on PostgreSQL.
    let cluster: PostgresCluster?
    /// The store's address (its path, or its `postgresql://` URL), for another connection to it.
    let address: String
    let store: Store

    init(engine: StoreEngine = .sqlite, settings: CRMSettings = CRMSettings()) throws {
        switch engine {
        case .sqlite:
            cluster = nil
            address = directory.file("crm.sqlite")
            store = try Store(path: address, settings: settings)
        case .postgres:
            StoreEngine.clusterSlots.wait()
            do {
                let cluster = try PostgresCluster()
                self.cluster = cluster
                address = try cluster.createDatabase("crm")
                store = try Store(path: address, settings: settings)
            } catch {
                StoreEngine.clusterSlots.signal()
                throw error
            }
        }
        store.clock = { ConsoleWorld.now }
    }

    deinit {
        if cluster != nil { StoreEngine.clusterSlots.signal() }
    }

    /// Ingests `body` as received at `now` plus `offset` seconds.
    @discardableResult
    func ingest(_ body: [UInt8], offset: Int64 = 0) throws -> IngestResult {
        try store.database.write { try store.ingest(body: body, receivedAt: ConsoleWorld.now + offset * 1000) }
    }

    /// A chat_accepted from a visitor named `name` in chat `chat`, with `phone` and `email`.
    @discardableResult
    func visitor(_ name: String, chat: Int, phone: String?, email: String?, offset: Int64) throws -> IngestResult {
        var object = Fixtures.object("chat_accepted")
            .setting("chat_id", .number(String(chat)))
            .setting("visitor.name", .string(name))
            .setting("visitor.phone", phone.map { .string($0) })
            .setting("visitor.email", email.map { .string($0) })
            .setting("visitor.number", .string("v\(chat)"))
        object["user_token"] = nil
        return try ingest(object.bytes, offset: offset)
    }

    /// A chat_finished for chat `chat` with `messages` as (type, text, seconds after now).
    func transcript(chat: Int, name: String, phone: String?, email: String?, _ messages: [(String, String, Int64)])
        throws
    {
        let list: [JSONValue] = messages.map { type, text, offset in
            var message: JSONObject = [
                "timestamp": .number(String(ConsoleWorld.now / 1000 + offset)), "type": .string(type),
                "message": .string(text),
            ]
            if type == "agent" { message["agent_id"] = .number("3947") }
            return .object(message)
        }
        let object = Fixtures.object("chat_finished")
            .setting("chat_id", .number(String(chat)))
            .setting("visitor.name", .string(name))
            .setting("visitor.phone", phone.map { .string($0) })
            .setting("visitor.email", email.map { .string($0) })
            .setting("visitor.number", .string("v\(chat)"))
            .setting(
                "agents",
                .array([
                    .object([
                        "id": .string("3947"), "name": .string("Thomas Anderson"),
                        "email": .string("agent@jivosite.com"),
                    ])
                ])
            )
            .setting("chat", .object(["messages": .array(list)]))
        try ingest(object.bytes, offset: 5)
    }

    /// Several leads with wide and hostile names, a transcript, a task, a manager and a conflict,
    /// on `engine`.
    static func populated(engine: StoreEngine = .sqlite) throws -> ConsoleWorld {
        let world = try ConsoleWorld(engine: engine)
        _ = try world.store.addManager(login: "alice@example.com", name: "Alice Adams", isDefault: true, actor: "test")
        _ = try world.store.addManager(login: "bob@example.com", name: "Bob Brown", isDefault: false, actor: "test")
        try world.visitor("plain ascii", chat: 100, phone: "+14085550100", email: "plain@example.com", offset: 1)
        try world.visitor("Иван Петров", chat: 101, phone: "+79161234567", email: "ivan@example.ru", offset: 2)
        try world.visitor("王小明", chat: 102, phone: "+8613800138000", email: nil, offset: 3)
        try world.visitor("Ana 😀 García", chat: 103, phone: nil, email: "ana@example.es", offset: 4)
        try world.visitor(
            "\u{1b}[2J\u{1b}]0;pwned\u{07}Mallory\u{202E}evil", chat: 104, phone: "+14085550104",
            email: "m@example.com", offset: 5)
        try world.visitor(
            String(repeating: "Очень-длинное-имя-", count: 6), chat: 105, phone: "+14085550105", email: nil, offset: 6)
        try world.transcript(
            chat: 101, name: "Иван Петров", phone: "+79161234567", email: "ivan@example.ru",
            [
                ("visitor", "Здравствуйте! Хочу узнать цену на доставку в Казань.", 10),
                ("agent", "Добрый день! Подскажите адрес.", 20),
                ("visitor", "\u{1b}]52;c;cm0gLXJmIH4=\u{07}please call me back \u{1b}[5A 我想了解价格 😀😀😀", 30),
            ])
        let offline = Fixtures.object("offline_message")
            .setting("visitor.name", .string("Иван Петров"))
            .setting("visitor.phone", .string("+79161234567"))
            .setting("visitor.email", .string("ivan@example.ru"))
            .setting("message", .string("Перезвоните мне завтра"))
        try world.ingest(offline.bytes, offset: 40)
        // The same visitor email with another phone: a conflict on the Russian lead.
        try world.visitor("Иван Петров", chat: 106, phone: "+79160000000", email: "ivan@example.ru", offset: 50)
        return world
    }

    /// A console on the store at `size` for operator `alice`, with `keys`.
    func app(
        size: Size = Size(rows: 24, columns: 80), view: LeadView = .all, keys: AppKeyBindings = .defaults
    ) -> ConsoleApp {
        var state = AppState(size: size, operatorName: "alice", now: ConsoleWorld.now, settings: store.settings)
        state.query.tab = view
        state.keys = keys
        let app = ConsoleApp(
            store: store, state: state,
            listenerInfo: {
                ListenerInfo(
                    embedded: true, listening: true,
                    webhookURL: "http://127.0.0.1:8080/jivo/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg",
                    eventsInLastHour: 12)
            })
        return app
    }

    /// The lead id of the visitor named `name`.
    func leadID(named name: String) throws -> Int64 {
        try #require(try store.leads(LeadFilter(limit: 1000)).first { $0.lead.name == name }?.lead.id)
    }
}

extension ConsoleApp {
    /// Presses `keys` in order.
    func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    /// Marks `count` leads with Space from the highlighted one down; returns them in order.
    func mark(_ count: Int) throws -> [Int64] {
        try (0..<count).map { _ in
            let id = try #require(state.list.selectedID)
            press(.character(" "))
            return id
        }
    }

    /// Types `text` one character at a time.
    func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    /// Shows lead `id` as an operator does: `#`, its number, Enter.
    func jump(to id: Int64) {
        press(.character("#"))
        type(String(id))
        press(.enter)
    }

    /// Opens the merge of lead `absorbed` into lead `survivor` as an operator does: shows the
    /// survivor, `m`, `#` and the absorbed lead's number, Enter.
    func merge(_ absorbed: Int64, into survivor: Int64) {
        jump(to: survivor)
        press(.character("m"))
        type("#\(absorbed)")
        press(.enter)
    }

    /// The screen at `size`.
    func screen(_ size: Size) -> GridCanvas {
        send(.resize(size))
        var canvas = GridCanvas(size: size)
        render(on: &canvas)
        return canvas
    }
}
