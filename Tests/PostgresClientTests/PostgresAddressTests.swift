import PostgresClient
import Testing

/// The address: which texts are PostgreSQL URLs, and the redacted form every message shows.
@Suite struct PostgresAddressTests {
    @Test func onlyPostgresURLsAreAddresses() {
        #expect(PostgresAddress("postgresql://crm@db.example.com/crm") != nil)
        #expect(PostgresAddress("postgres://crm@db.example.com/crm") != nil)
        #expect(PostgresAddress("PostgreSQL://crm@db/crm") != nil)
        #expect(PostgresAddress("/var/lib/jivocrm/crm.sqlite") == nil)
        #expect(PostgresAddress("crm.sqlite") == nil)
        #expect(PostgresAddress("postgresql.sqlite") == nil)
    }

    @Test func theDescriptionHidesEveryPassword() {
        let cases = [
            "postgresql://crm@db.example.com/crm": "postgresql://crm@db.example.com/crm",
            "postgresql://crm:hunter2@db.example.com:5433/crm?sslmode=require":
                "postgresql://crm:***@db.example.com:5433/crm?sslmode=require",
            "postgres://crm:p%40ss:w@rd@db/crm": "postgres://crm:***@db/crm",
            "postgresql:///crm?host=/run/postgresql&password=hunter2&sslmode=disable":
                "postgresql:///crm?host=/run/postgresql&password=***&sslmode=disable",
            "postgresql://db/crm?user=crm&PASSWORD=x": "postgresql://db/crm?user=crm&password=***",
        ]
        for (url, shown) in cases {
            #expect(PostgresAddress(url)?.description == shown)
        }
    }

    @Test func aMistypedAddressIsShownWithoutItsPassword() {
        let cases = [
            "postgresq://crm:hunter2@db/crm": "postgresq://crm:***@db/crm",
            "pgsql://crm@db/crm?password=hunter2": "pgsql://crm@db/crm?password=***",
            "postgresql:/crm:hunter2@db/crm": "postgresql:/crm:***@db/crm",
            "crm.sqlite": "crm.sqlite",
        ]
        for (text, shown) in cases {
            #expect(PostgresAddress.hidingPassword(in: text) == shown)
        }
    }
}
