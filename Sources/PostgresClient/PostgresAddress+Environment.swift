extension PostgresAddress {
    /// The libpq environment variables that name the same database as the URL (`PGHOST`,
    /// `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`, …), for running PostgreSQL's
    /// own tools (`pg_dump`, `pg_restore`) without the address, and so its password, in their
    /// command line. What the URL leaves out is left to the caller's own `PG*` variables.
    ///
    /// Throws when the URL has a parameter without an environment variable, naming it.
    public func environment() throws(PostgresError) -> [String: String] {
        guard let scheme = url.firstRange(of: "://") else { return [:] }
        var rest = Substring(url[scheme.upperBound...])
        var query = ""
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        var environment: [String: String] = [:]
        let authority = rest.prefix { $0 != "/" }
        let database = rest.dropFirst(authority.count).dropFirst()
        var hosts = authority[...]
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            hosts = authority[authority.index(after: at)...]
            let user = credentials.prefix { $0 != ":" }
            if !user.isEmpty { environment["PGUSER"] = Self.decoded(user) }
            if user.count < credentials.count {
                environment["PGPASSWORD"] = Self.decoded(credentials.dropFirst(user.count + 1))
            }
        }
        if !hosts.isEmpty {
            var names: [String] = []
            var ports: [String] = []
            for host in hosts.split(separator: ",", omittingEmptySubsequences: false) {
                let bracketEnd = host.hasPrefix("[") ? host.firstIndex(of: "]") : nil
                let portStart = host[(bracketEnd ?? host.startIndex)...].lastIndex(of: ":")
                let name = portStart.map { host[..<$0] } ?? host
                names.append(Self.decoded(name.hasPrefix("[") ? name.dropFirst().dropLast() : name))
                ports.append(portStart.map { String(host[host.index(after: $0)...]) } ?? "")
            }
            if names.contains(where: { !$0.isEmpty }) { environment["PGHOST"] = names.joined(separator: ",") }
            if ports.contains(where: { !$0.isEmpty }) { environment["PGPORT"] = ports.joined(separator: ",") }
        }
        if !database.isEmpty { environment["PGDATABASE"] = Self.decoded(database) }
        for parameter in query.split(separator: "&") {
            let name = String(parameter.prefix { $0 != "=" })
            let value = Self.decoded(parameter.dropFirst(name.count + 1))
            guard let variable = Self.variables[name] else {
                throw .column(
                    "the address \(self) has the parameter '\(name)', which PostgreSQL's tools cannot be given "
                        + "through their environment; give it in a service file (PGSERVICEFILE) or drop it")
            }
            environment[variable] = value
        }
        return environment
    }

    /// libpq's connection parameters and the environment variables that set them.
    static let variables: [String: String] = [
        "host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "dbname": "PGDATABASE", "user": "PGUSER",
        "password": "PGPASSWORD", "passfile": "PGPASSFILE", "channel_binding": "PGCHANNELBINDING",
        "service": "PGSERVICE", "options": "PGOPTIONS", "application_name": "PGAPPNAME", "sslmode": "PGSSLMODE",
        "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "sslrootcert": "PGSSLROOTCERT", "sslcrl": "PGSSLCRL",
        "sslnegotiation": "PGSSLNEGOTIATION", "requirepeer": "PGREQUIREPEER",
        "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION", "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
        "gssencmode": "PGGSSENCMODE", "krbsrvname": "PGKRBSRVNAME", "gsslib": "PGGSSLIB",
        "connect_timeout": "PGCONNECT_TIMEOUT", "client_encoding": "PGCLIENTENCODING",
        "target_session_attrs": "PGTARGETSESSIONATTRS", "load_balance_hosts": "PGLOADBALANCEHOSTS",
    ]

    /// `text` with its `%XX` escapes decoded (as it is when not valid UTF-8 once decoded).
    private static func decoded(_ text: Substring) -> String {
        percentDecoded(text) ?? String(text)
    }
}

extension PostgresAddress {
    /// `text` with every password the URL carries replaced by `***` (for the output of a tool
    /// run on the address).
    public func scrubbed(_ text: String) -> String { scrub(text) }
}
