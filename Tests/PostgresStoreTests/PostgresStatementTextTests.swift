@testable import CRMStore
import Testing

/// How a statement in SQLite's dialect is sent to PostgreSQL.
@Suite struct PostgresStatementTextTests {
    @Test func placeholdersAreNumberedAsSQLiteNumbersThem() {
        let text = PostgresStatementText("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ? LIMIT ?")
        #expect(text.sql == "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2 LIMIT $3")
        #expect(text.parameterCount == 3)
        let numbered = PostgresStatementText("SELECT (SELECT count(*) FROM x WHERE id = ?1), ?2, ?1, ?")
        #expect(numbered.sql == "SELECT (SELECT count(*) FROM x WHERE id = $1), $2, $1, $3")
        #expect(numbered.parameterCount == 3)
    }

    @Test func insertOrIgnoreDoesNothingOnConflict() {
        let text = PostgresStatementText(
            "INSERT OR IGNORE INTO lead_keys(kind, scope, value, lead_id) VALUES (?, ?, ?, ?)")
        #expect(
            text.sql
                == "INSERT INTO lead_keys(kind, scope, value, lead_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        #expect(!text.returnsID)
    }

    @Test func anInsertIntoATableWithAnIDReturnsIt() {
        let text = PostgresStatementText("INSERT INTO events(received_at, body) VALUES (?, ?)")
        #expect(text.sql == "INSERT INTO events(received_at, body) VALUES ($1, $2) RETURNING id")
        #expect(text.returnsID)
        let ignored = PostgresStatementText("INSERT OR IGNORE INTO tasks(lead_id) VALUES (?)")
        #expect(ignored.sql == "INSERT INTO tasks(lead_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id")
        #expect(!PostgresStatementText("INSERT INTO settings(key, value) VALUES (?, ?)").returnsID)
        #expect(!PostgresStatementText("UPDATE leads SET id = ? WHERE id = ?").returnsID)
    }
}
