import CRMStore
import CRMCore
import Dispatch
import Foundation
import Locking
import Testing
import TestSupport

@testable import Listener

/// The spool file itself: what goes in comes out whole and in order, a torn record is skipped,
/// and a refused drain keeps everything.
@Suite struct WebhookSpoolTests {
    private func event(_ text: String, at time: Int64, encoding: String? = nil) -> IncomingEvent {
        IncomingEvent(body: Array(text.utf8), contentEncoding: encoding, receivedAt: time)
    }

    /// Every body the spool gives back, in order, as (body, encoding, time).
    private func drained(_ spool: WebhookSpool) throws -> (events: [String], skipped: Int) {
        var events: [String] = []
        let skipped = try spool.drain(chunk: 2) { (chunk: [IncomingEvent]) throws(StoreError) in
            events += chunk.map {
                "\(String(decoding: $0.body, as: UTF8.self))|\($0.contentEncoding ?? "-")|\($0.receivedAt)"
            }
        }
        return (events, skipped)
    }

    @Test func bodiesComeBackWholeInOrderAndTheSpoolIsEmptied() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool")
        let path = directory.path + "/state/jivocrm/spool"
        let spool = WebhookSpool(path: path)
        #expect(!spool.holdsBodies)
        try spool.append([event("{\"event_name\":\"a\"}", at: 1), event("привет \u{0}", at: 2, encoding: "gzip")])
        try spool.append([event("", at: -3), event("{\"event_name\":\"c\"}", at: 4)])
        #expect(spool.holdsBodies)
        let reopened = WebhookSpool(path: path)
        #expect(reopened.holdsBodies)
        let (events, skipped) = try drained(reopened)
        #expect(events == ["{\"event_name\":\"a\"}|-|1", "привет \u{0}|gzip|2", "|-|-3", "{\"event_name\":\"c\"}|-|4"])
        #expect(skipped == 0)
        #expect(!reopened.holdsBodies)
        #expect(try drained(spool).events.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aTornRecordIsSkippedAndTheRecordsAroundItKept() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool-torn")
        let path = directory.file("crm.sqlite.spool")
        let spool = WebhookSpool(path: path)
        try spool.append([event("first", at: 1)])
        let whole = try #require(FileManager.default.contents(atPath: path))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(whole.prefix(whole.count - 5))
        handle.closeFile()
        try spool.append([event("second", at: 2)])
        let (events, skipped) = try drained(spool)
        #expect(events == ["first|-|1", "second|-|2"])
        #expect(skipped == whole.count - 5)
    }

    @Test func recordsAcrossTheFilesMegabyteReadsComeBackWhole() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool-large")
        let spool = WebhookSpool(path: directory.file("crm.sqlite.spool"))
        let bodies = (0..<40).map { "\($0)" + String(repeating: "x", count: 100_000 + $0) }
        for (index, body) in bodies.enumerated() { try spool.append([event(body, at: Int64(index))]) }
        #expect(try WebhookSpool.waiting(at: spool.path)?.count == 40)
        let (events, skipped) = try drained(spool)
        #expect(events == bodies.enumerated().map { "\($1)|-|\($0)" })
        #expect(skipped == 0)
    }

    @Test func garbageThatStartsLikeARecordHidesNoRecordAfterIt() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool-garbage")
        let path = directory.file("crm.sqlite.spool")
        let spool = WebhookSpool(path: path)
        try spool.append([event("first", at: 1)])
        // The magic bytes, a time, and a body length of a megabyte that never follows.
        let garbage: [UInt8] = Array("JSP1".utf8) + [UInt8](repeating: 7, count: 8) + [0, 0, 0, 16, 0]
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(garbage))
        handle.closeFile()
        try spool.append([event("second", at: 2)])
        #expect(try WebhookSpool.waiting(at: path)?.count == 2)
        let (events, skipped) = try drained(spool)
        #expect(events == ["first|-|1", "second|-|2"])
        #expect(skipped == garbage.count)
    }

    @Test func anUnreadableSpoolIsSaidToBeSo() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool-unreadable")
        let path = directory.file("crm.sqlite.spool")
        #expect(try WebhookSpool.waiting(at: path) == nil)
        // A folder where the file should be opens (even for root) but cannot be read.
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: WebhookSpoolError.self) { try WebhookSpool.waiting(at: path) }
    }

    @Test func aSpoolDeletedWhileOpenIsMadeAgainAtItsPath() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool-deleted")
        let path = directory.file("crm.sqlite.spool")
        let spool = WebhookSpool(path: path)
        try spool.append([event("before", at: 1)])
        try FileManager.default.removeItem(atPath: path)
        try spool.append([event("after", at: 2)])
        #expect(try WebhookSpool.waiting(at: path)?.count == 1)
        #expect(try drained(WebhookSpool(path: path)).events == ["after|-|2"])
    }

    @Test func aRefusedDrainKeepsEveryBody() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-spool-refused")
        let spool = WebhookSpool(path: directory.file("crm.sqlite.spool"))
        try spool.append((1...5).map { event("body \($0)", at: Int64($0)) })
        var offered = 0
        #expect(throws: WebhookSpoolError.self) {
            _ = try spool.drain(chunk: 2) { (chunk: [IncomingEvent]) throws(StoreError) in
                offered += chunk.count
                if offered > 2 { throw StoreError(kind: .busy, message: "database is locked") }
            }
        }
        #expect(offered == 4)
        #expect(spool.holdsBodies)
        #expect(try drained(spool).events == (1...5).map { "body \($0)|-|\($0)" })
    }
}

/// The writer and its spool: what a stopped writer left is applied at the next start, before
/// new webhooks, and a body an interrupted drain applied already is not applied twice.
@Suite struct IngestWriterSpoolTests {
    private func accepted(_ chat: Int) -> [UInt8] {
        Array(
            """
            {"event_name":"chat_accepted","chat_id":"\(chat)","widget_id":"w1",\
            "visitor":{"name":"Visitor \(chat)","email":"v\(chat)@example.com"}}
            """.utf8)
    }

    /// The leads' emails, in the order the leads were made.
    private func emails(_ store: Store) throws -> [String] {
        try store.database.rows("SELECT e.value FROM lead_emails e JOIN leads l ON l.id = e.lead_id ORDER BY l.id") {
            $0.text(0)
        }
    }

    @Test func theNextStartAppliesTheSpoolOnceAndBeforeNewWebhooks() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-writer-spool")
        let path = directory.file("crm.sqlite")
        let setup = try Store(path: path)
        let spooled = [
            IncomingEvent(body: accepted(1), receivedAt: 1_700_000_000_001),
            IncomingEvent(body: accepted(2), receivedAt: 1_700_000_000_002),
        ]
        // The first was applied by a drain that stopped before it emptied the spool.
        _ = try setup.database.write { try setup.ingest(spooled[0]) }
        try WebhookSpool(path: path + ".spool").append(spooled)
        let committed = Locked<[String]>([])
        let said = Locked<[String]>([])
        let writer = IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 2500,
            onCommit: { results in committed.withLock { $0 += results.map(\.eventName) } }, onError: { _ in },
            spoolPath: path + ".spool", onSpool: { line in said.withLock { $0.append(line) } })
        let replied = DispatchSemaphore(value: 0)
        let outcome = Locked("")
        writer.submit(
            .event(IncomingEvent(body: accepted(3), receivedAt: 1_700_000_000_003)) { result in
                if case .committed(let result) = result { outcome.withLock { $0 = "\(result.httpStatus)" } }
                replied.signal()
            })
        try writer.start()
        replied.wait()
        writer.stop()
        #expect(outcome.withLock { $0 } == "200")
        #expect(try emails(setup) == ["v1@example.com", "v2@example.com", "v3@example.com"])
        #expect(try setup.events().count == 3, "the body applied before the interruption was applied again")
        #expect(committed.withLock { $0 }.count == 2)
        #expect(
            said.withLock { $0 } == [
                "webhooks an earlier run kept in the spool \(path).spool are applied before any new one",
                "applied 1 spooled webhook (event 2: 1 applied)",
            ])
        #expect(!WebhookSpool(path: path + ".spool").holdsBodies)
    }

    @Test func whatAnotherProcessLeftIsAppliedBeforeNewerWebhooksAndWhenIdle() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-writer-spool-other")
        let path = directory.file("crm.sqlite")
        let setup = try Store(path: path)
        let writer = IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 2500, onCommit: { _ in }, onError: { _ in },
            spoolPath: path + ".spool")
        try writer.start()
        defer { writer.stop() }
        // Another listener on this store (its own WebhookSpool on the same file) kept a body and
        // ended before applying it.
        try WebhookSpool(path: path + ".spool").append([IncomingEvent(body: accepted(1), receivedAt: 1)])
        let replied = DispatchSemaphore(value: 0)
        writer.submit(.event(IncomingEvent(body: accepted(2), receivedAt: 2)) { _ in replied.signal() })
        replied.wait()
        #expect(try emails(setup) == ["v1@example.com", "v2@example.com"])
        try WebhookSpool(path: path + ".spool").append([IncomingEvent(body: accepted(3), receivedAt: 3)])
        #expect(
            eventually { (try? emails(setup)) == ["v1@example.com", "v2@example.com", "v3@example.com"] },
            "an idle writer did not apply what another process left in the spool")
    }

    @Test func aWebhookRightAfterTheStoreRecoversWaitsBehindTheSpool() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-writer-spool-behind")
        let path = directory.file("crm.sqlite")
        let setup = try Store(path: path)
        let holder = try Store(path: path)
        let writer = IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 50, onCommit: { _ in }, onError: { _ in },
            spoolPath: path + ".spool")
        try writer.start()
        defer { writer.stop() }
        let outcomes = Locked<[String]>([])
        let replied = DispatchSemaphore(value: 0)
        func submit(_ chat: Int) {
            writer.submit(
                .event(IncomingEvent(body: accepted(chat), receivedAt: Int64(chat))) { outcome in
                    let said =
                        switch outcome {
                        case .committed(let result): "\(chat) \(result.httpStatus)"
                        case .spooled: "\(chat) spooled"
                        case .unavailable: "\(chat) unavailable"
                        }
                    outcomes.withLock { $0.append(said) }
                    replied.signal()
                })
            replied.wait()
        }
        try holder.database.execute("BEGIN IMMEDIATE")
        submit(1)
        try holder.database.execute("ROLLBACK")
        submit(2)
        #expect(outcomes.withLock { $0 } == ["1 spooled", "2 spooled"])
        #expect(
            eventually { (try? emails(setup)) == ["v1@example.com", "v2@example.com"] },
            "\((try? emails(setup)) ?? [])")
    }

    @Test func aLastingFailureIsAnsweredUnavailableNotSpooledAndBlocksNothing() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-writer-spool-lasting")
        let path = directory.file("crm.sqlite")
        let setup = try Store(path: path)
        try setup.database.execute(
            """
            CREATE TRIGGER poison BEFORE INSERT ON events WHEN new.event_name = 'poison'
            BEGIN SELECT RAISE(ABORT, 'poison body'); END
            """)
        let writer = IngestWriter(
            storePath: path, settings: CRMSettings(), busyTimeout: 2500, onCommit: { _ in }, onError: { _ in },
            spoolPath: path + ".spool")
        try writer.start()
        defer { writer.stop() }
        let replied = DispatchSemaphore(value: 0)
        let outcomes = Locked<[String]>([])
        for body in [Array(#"{"event_name":"poison"}"#.utf8), accepted(1)] {
            writer.submit(
                .event(IncomingEvent(body: body, receivedAt: 1)) { outcome in
                    let said =
                        switch outcome {
                        case .committed(let result): "\(result.httpStatus)"
                        case .spooled: "spooled"
                        case .unavailable(let error): "unavailable \(error.kind)"
                        }
                    outcomes.withLock { $0.append(said) }
                    replied.signal()
                })
            replied.wait()
        }
        #expect(outcomes.withLock { $0 } == ["unavailable constraint", "200"])
        #expect(!WebhookSpool(path: path + ".spool").holdsBodies)
    }
}
