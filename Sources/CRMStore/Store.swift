import CRMCore
import Glibc
import JivoProtocol

/// The CRM's store: one SQLite connection and the rules that apply events and operator edits
/// to it. Confined to the thread that opened it; open one per thread.
public final class Store {
    /// The connection.
    public let database: Database
    /// The CRM rules' settings.
    public var settings: CRMSettings
    /// The clock, Unix milliseconds; replaceable in tests.
    public var clock: @Sendable () -> Int64 = Store.systemMilliseconds
    /// A search that matches at least this many lead texts or transcript messages is broad: it
    /// walks the leads in list order and tests each one, and is not counted (see
    /// ``leadCount(_:)``). Below it, the hits are gathered first. Tests lower it.
    public var broadSearchHits = 20_000
    /// A list of leads with open tasks gathers their leads while there are fewer open tasks than
    /// this, and walks its order testing each lead above it (see
    /// ``LeadListRepository/gathersOpenTasks(_:)``). At 1,000,000 leads a page gathered from
    /// 5,000 open tasks took 15–31 ms against 40–44 walked, from 30,000 80–125 ms against 24.
    /// Tests lower it.
    public var gatheredOpenTasks = 10_000
    /// The leads' search rows and their commit-time backlog.
    let searchIndex: SearchIndex
    /// Queues kept events for the forward targets (on SQLite).
    let forwardQueue: ForwardQueue
    /// The managers as ingest chooses among them (read once per write transaction on SQLite).
    let managerList: ManagerListCache
    /// The page key as lead page links are signed with it (``leadPageURL(_:)``, for every
    /// reply; read once per write transaction on SQLite).
    let leadPageKeys: LeadPageKeyCache
    /// ``CRMSettings/publicURL`` as last used for a lead page link, and without its trailing slash.
    var leadPageBase: (publicURL: String, trimmed: String)?
    /// The last PostgreSQL search probe's hits, for the count that follows a page.
    let searchProbes = SearchProbeCache()

    /// Opens the store at `path` (creating it and its directory, mode 0600/0700) and brings its
    /// schema up to date; a `postgresql://` URL in `path` opens that database instead
    /// (``init(address:settings:busyTimeout:)``).
    public convenience init(
        path: String, settings: CRMSettings = CRMSettings(), busyTimeout: Int32 = 5000, creatingSchema: Bool = true
    ) throws {
        try self.init(
            address: StoreAddress(path), settings: settings, busyTimeout: busyTimeout, creatingSchema: creatingSchema)
    }

    /// Opens the store at `address` and brings its schema up to date: a SQLite file (created
    /// with its directory, mode 0600/0700, when missing), or a PostgreSQL database (its schema
    /// migrated under ``PostgresSchema``'s lock, and created there unless not `creatingSchema`:
    /// then a database without it is an error that says to run `jivocrm init`).
    public init(
        address: StoreAddress, settings: CRMSettings = CRMSettings(), busyTimeout: Int32 = 5000,
        creatingSchema: Bool = true
    ) throws {
        let database: Database
        switch address {
        case .sqlite(let path):
            try Store.createDirectory(containing: path)
            database = try Database(path: path, busyTimeout: busyTimeout)
        case .postgres(let postgres):
            database = try Database(postgres: postgres, busyTimeout: busyTimeout)
        }
        self.database = database
        self.settings = settings
        let searchIndex = SearchIndex(database: database)
        self.searchIndex = searchIndex
        forwardQueue = ForwardQueue(database: database)
        managerList = ManagerListCache(database: database)
        leadPageKeys = LeadPageKeyCache(database: database)
        if let engine = database.postgres {
            _ = try PostgresSchema.migrate(engine.connection, creating: creatingSchema)
        } else {
            try Schema.migrate(database)
        }
        database.beforeCommit = { [unowned searchIndex] in try searchIndex.flush() }
    }

    /// Now, in Unix milliseconds, from the system clock.
    @Sendable public static func systemMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Creates the directories above `path` (mode 0700) when they do not exist.
    static func createDirectory(containing path: String) throws {
        var directory = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            directory += (index == 0 ? "" : "/") + part
            guard !directory.isEmpty else { continue }
            if mkdir(directory, 0o700) != 0 && errno != EEXIST {
                throw StoreError(
                    kind: .cannotOpen,
                    message: "cannot create the directory \(directory): \(String(cString: strerror(errno)))")
            }
        }
    }

    // MARK: Settings

    /// A stored setting.
    public func setting(_ key: String) throws -> String? { try SettingsRepository(database: database).value(key) }

    /// Stores a setting.
    public func setSetting(_ key: String, _ value: String) throws {
        try SettingsRepository(database: database).set(key, value)
        if key == "lead_page_key" { leadPageKeys.keyWritten() }
    }

    /// The webhook token kept in the store, created (32 random bytes, URL-safe) on first use.
    public func webhookToken() throws -> String {
        if let token = try setting("token") { return token }
        let token = Store.randomToken()
        try database.write { try setSetting("token", token) }
        return token
    }

    /// 32 bytes from the system's cryptographic generator, base64url without padding.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Base64URL.encode(bytes)
    }

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] { Crypto.sha256(bytes) }

    /// The first eight bytes of SHA-256 of `text`, as an integer key.
    static func textKey(_ text: String) -> Int64 {
        let digest = sha256(Array(text.utf8))
        return digest.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    // MARK: Audit

    /// Appends an audit entry.
    func audit(
        actor: String, lead: Int64?, action: String, field: String? = nil, before: String? = nil,
        after: String? = nil, detail: String? = nil
    ) throws {
        try auditLog.append(
            at: clock(), actor: actor, lead: lead, action: action, field: field, before: before, after: after,
            detail: detail)
    }

    // MARK: Leads

    /// The lead `id` with its contacts, fields and manager; nil if there is none.
    public func lead(_ id: Int64) throws -> Lead? { try LeadLoader(database: database).lead(id) }

    /// `ids` as a JSON array, for ``idsIn(_:postgres:)``.
    static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// The subquery that reads the ids of the JSON array (``jsonArray(_:)``) bound to
    /// `parameter`, for `IN (…)`, in SQLite's dialect or PostgreSQL's.
    static func idsIn(_ parameter: String = "?", postgres: Bool) -> String {
        postgres
            ? "SELECT value::bigint FROM json_array_elements_text(\(parameter)::json)"
            : "SELECT value FROM json_each(\(parameter))"
    }

    /// Pairs as a JSON object of strings.
    static func json(_ pairs: [(key: String, value: String)]) -> String {
        JSONValue.pairs(pairs).serialized()
    }

    /// Rebuilds the search row of lead `id`, at the commit when a write transaction is open
    /// (``SearchIndex/refresh(_:)``).
    func refreshSearch(_ id: Int64) throws {
        try searchIndex.refresh(id)
    }

    /// Marks lead `id` changed: bumps its version and update time.
    func bumpVersion(_ id: Int64) throws {
        try LeadRepository(database: database).bumpVersion(id, at: clock())
    }

    /// Moves lead `id`'s last activity forward to `at`.
    func touchActivity(_ id: Int64, at: Int64) throws {
        try LeadRepository(database: database).touchActivity(id, at: at)
    }

    // MARK: Managers

    /// The manager with row id `id`.
    func manager(id: Int64) throws -> Manager? { try managerRows.manager(id: id) }

    /// Every manager, active first, by login.
    public func managers() throws -> [Manager] { try managerRows.all() }

    /// The manager whose login is `login` (case-insensitive).
    public func manager(login: String) throws -> Manager? { try managerRows.manager(login: login) }
}
