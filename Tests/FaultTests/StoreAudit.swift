import Foundation
import TestSupport

/// Checks a store against what was acknowledged, through the binary's JSON output.
enum StoreAudit {
    /// Every acknowledged email or offline text the store lacks, and the integrity verdict.
    static func missing(_ acknowledged: Acknowledgements, database: String, home: String) throws -> (
        missing: [String], check: String
    ) {
        let leads = try JivoCRMBinary.json(["leads", "--db", database], home: home).arrayValue ?? []
        var emails = Set<String>()
        for lead in leads {
            for email in lead["emails"]?.arrayValue ?? [] { if let text = email.stringValue { emails.insert(text) } }
        }
        let tasks = try JivoCRMBinary.json(["tasks", "--db", database], home: home).arrayValue ?? []
        let texts = Set(tasks.compactMap { $0["text"]?.stringValue })
        let missing =
            acknowledged.emails.subtracting(emails).sorted()
            + acknowledged.offline.subtracting(texts).sorted()
        let check = try JivoCRMBinary.run(["check", "--db", database], home: home)
        return (missing, "\(check.status) \(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
}
