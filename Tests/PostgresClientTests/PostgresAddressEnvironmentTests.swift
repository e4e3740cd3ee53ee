import PostgresClient
import Testing

/// The address as libpq's environment variables, which is how `pg_dump` and `pg_restore` get it
/// (so its password is never in their command line).
@Suite struct PostgresAddressEnvironmentTests {
    @Test func theURLBecomesLibpqsVariables() throws {
        let cases: [String: [String: String]] = [
            "postgresql://crm:p%40ss:w@rd@db.example.com:5433/crm%20main?sslmode=require&connect_timeout=5": [
                "PGUSER": "crm", "PGPASSWORD": "p@ss:w@rd", "PGHOST": "db.example.com", "PGPORT": "5433",
                "PGDATABASE": "crm main", "PGSSLMODE": "require", "PGCONNECT_TIMEOUT": "5",
            ],
            "postgresql://jivocrm@/crm?host=/tmp/pg&port=5432": [
                "PGUSER": "jivocrm", "PGHOST": "/tmp/pg", "PGPORT": "5432", "PGDATABASE": "crm",
            ],
            "postgres://[::1]:6543,db2/crm": ["PGHOST": "::1,db2", "PGPORT": "6543,", "PGDATABASE": "crm"],
            "postgresql://": [:],
        ]
        for (url, expected) in cases {
            #expect(try PostgresAddress(url)?.environment() == expected, "\(url)")
        }
    }

    @Test func aParameterWithoutAVariableIsNamed() throws {
        let address = try #require(PostgresAddress("postgresql://crm:hunter2@db/crm?keepalives=1"))
        #expect {
            try address.environment()
        } throws: { error in
            let text = "\(error)"
            return text.contains("'keepalives'") && !text.contains("hunter2")
        }
    }
}
