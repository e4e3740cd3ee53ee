import Dispatch

/// The engine a store test runs on: each test that takes one runs on both.
public enum StoreEngine: String, CaseIterable, Sendable {
    /// A SQLite file in the test's temporary directory.
    case sqlite
    /// A database on a throwaway PostgreSQL server (``PostgresCluster``); a missing server fails.
    case postgres

    /// At most two throwaway PostgreSQL servers for store and console tests run at once in a
    /// test process (each test case on PostgreSQL starts its own), so that the suite's other
    /// tests, which start processes too, keep their pace: `wait()` before starting one,
    /// `signal()` once it is released.
    public static let clusterSlots = DispatchSemaphore(value: 2)
}
