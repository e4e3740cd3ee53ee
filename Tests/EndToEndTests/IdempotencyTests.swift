import Foundation
import JivoProtocol
import Testing
import TestSupport

/// Done-when 3: delivering the same event twice changes nothing the second time, whether the
/// second delivery is byte-identical or the same event with its ids written the other way
/// (string for number, number for string).
@Suite struct IdempotencyTests {
    /// Keys whose values are ids or times that JivoChat writes as a string in one payload and a
    /// number in another.
    private static let driftingKeys: Set<String> = [
        "chat_id", "widget_id", "number", "client_id", "id", "agent_id", "offline_message_id", "timestamp",
    ]

    /// `value` with every drifting id flipped: integral numbers to strings, numeric strings to
    /// numbers.
    static func flippingIDs(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    object.members.map { key, member in
                        guard driftingKeys.contains(key) else { return (key, flippingIDs(member)) }
                        switch member {
                        case .number(let literal) where Int64(literal) != nil: return (key, .string(literal))
                        case .string(let text) where Int64(text) != nil: return (key, .number(text))
                        default: return (key, member)
                        }
                    }))
        case .array(let elements):
            return .array(elements.map(flippingIDs))
        default:
            return value
        }
    }

    /// The body with its ids flipped; fails if it has none to flip (then the test would prove
    /// nothing about drifting types).
    static func flipped(_ body: [UInt8]) throws -> [UInt8] {
        let value = try JSONParser.parse(body)
        let result = flippingIDs(value)
        try #require(result != value, "no id to flip in \(String(decoding: body, as: UTF8.self))")
        return result.serializedBytes()
    }

    /// Every fixture, redelivered into a store that already holds all of them (so conflicts,
    /// tasks, calls and transcripts exist), byte-identical and with flipped ids.
    @Test(arguments: Fixtures.names)
    func redeliveringAnEventChangesNothing(name: String) throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        var firstReplies: [String: JSONValue] = [:]
        for fixture in Fixtures.names { firstReplies[fixture] = try server.deliver(Fixtures.bytes(fixture)) }
        let before = try crm.snapshot()
        let eventsBefore = try crm.events().count

        // The redelivery's enable_assign is the first delivery's (issue 12): JivoChat retries
        // when our first answer was lost, and the agent must still get the link-to-CRM button.
        let again = try server.deliver(Fixtures.bytes(name))
        #expect(again["result"]?.stringValue == "ok")
        #expect(again["enable_assign"] == firstReplies[name]?["enable_assign"])
        let identical = try crm.snapshot()
        let unchangedIdentical = identical == before
        #expect(
            unchangedIdentical,
            "byte-identical redelivery of \(name) changed the CRM:\n\(Self.difference(before, identical))")
        let events = try crm.events()
        #expect(events.count == eventsBefore + 1)
        #expect(events.first?["status"]?.stringValue == "duplicate")

        let other = try server.deliver(try Self.flipped(Fixtures.bytes(name)))
        #expect(other["result"]?.stringValue == "ok")
        #expect(other["enable_assign"] == firstReplies[name]?["enable_assign"])
        let after = try crm.snapshot()
        let unchangedAfter = after == before
        #expect(
            unchangedAfter, "redelivery of \(name) with flipped ids changed the CRM:\n\(Self.difference(before, after))"
        )
        #expect(try crm.events().allSatisfy { $0["status"]?.stringValue != "failed" })
    }

    /// Every fixture delivered twice into an empty store: the first delivery's effects, no more.
    @Test(arguments: Fixtures.names)
    func firstDeliveryTwiceIntoAnEmptyStore(name: String) throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Fixtures.bytes(name))
        let before = try crm.snapshot()
        _ = try server.deliver(try Self.flipped(Fixtures.bytes(name)))
        _ = try server.deliver(Fixtures.bytes(name))
        let after = try crm.snapshot()
        let unchangedAfter = after == before
        #expect(unchangedAfter, "\(name):\n\(Self.difference(before, after))")
    }

    /// The same event again with a volatile field changed (so the body differs, and only the
    /// event's own keys can tell it is the same): no second lead, chat, message, task, call or
    /// conflict.
    @Test(arguments: Fixtures.names)
    func sameEventWithAnotherBodyAddsNothing(name: String) throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        for fixture in Fixtures.names { _ = try server.deliver(Fixtures.bytes(fixture)) }
        let before = try crm.snapshot()
        let changed = Fixtures.object(name).setting("delivery_attempt", .number("2"))
        _ = try server.deliver(try Self.flipped(changed.bytes))
        #expect(try crm.events().first?["status"]?.stringValue == "applied")
        let after = try crm.snapshot()
        let unchanged = Self.withoutActivityTimes(after) == Self.withoutActivityTimes(before)
        #expect(unchanged, "\(name):\n\(Self.difference(before, after))")
    }

    /// A snapshot without `last_activity_at` (a changed body is activity) and in id order (the
    /// lead list is sorted by activity).
    static func withoutActivityTimes(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    object.members.filter { $0.key != "last_activity_at" }.map {
                        ($0.key, withoutActivityTimes($0.value))
                    }))
        case .array(let elements):
            let stripped = elements.map(withoutActivityTimes)
            guard stripped.allSatisfy({ $0["id"]?.int64Value != nil }) else { return .array(stripped) }
            return .array(stripped.sorted { ($0["id"]?.int64Value ?? 0) < ($1["id"]?.int64Value ?? 0) })
        default:
            return value
        }
    }

    /// A call's status changes, each delivered twice: one call, each status once in its history.
    @Test func callStatusesTwiceKeepOneHistory() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let statuses = ["start", "agent_connected", "client_connected", "end"]
        for status in statuses {
            let body = fixture("call_event", ("call.status", .string(status)))
            _ = try server.deliver(body)
            _ = try server.deliver(try Self.flipped(body))
            _ = try server.deliver(body)
        }
        let lead = try crm.show(try crm.lead(where: "client_id", is: "123456").id())
        let calls = lead.list("calls")
        #expect(calls.count == 1)
        #expect(calls.first?.list("history").compactMap { $0["status"]?.stringValue } == statuses)
        #expect(calls.first?["status"]?.stringValue == "end")
    }

    /// chat_assigned naming one of our leads, delivered again: the chat stays attached, the
    /// merge is not repeated.
    @Test func chatAssignedToOurLeadTwice() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Fixtures.bytes("chat_accepted"))
        let target = try crm.lead(where: "email", is: "email@example.com").id()
        let stranger = fixture(
            "chat_accepted", ("chat_id", .number("7001")),
            ("visitor", .object(["name": .string("Аноним"), "number": .string("9100")])))
        _ = try server.deliver(stranger)
        #expect(try crm.leads().count == 2)
        let assigned = fixture(
            "chat_assigned", ("chat_id", .number("7001")),
            ("visitor", .object(["name": .string("Аноним"), "number": .string("9100")])),
            ("assign_to", .string("https://crm.example.com/leads/\(target)")))
        _ = try server.deliver(assigned)
        let before = try crm.snapshot()
        _ = try server.deliver(assigned)
        _ = try server.deliver(try Self.flipped(assigned))
        let after = try crm.snapshot()
        let unchangedAfter = after == before
        #expect(unchangedAfter, "\(Self.difference(before, after))")
    }

    /// The members of two snapshots that differ, for failure messages.
    static func difference(_ before: JSONValue, _ after: JSONValue) -> String {
        let lines = { (value: JSONValue) in value.serialized(pretty: true).split(separator: "\n").map(String.init) }
        let old = lines(before)
        let new = lines(after)
        return new.difference(from: old).map { change in
            switch change {
            case .insert(let offset, let line, _): "+\(offset): \(line)"
            case .remove(let offset, let line, _): "-\(offset): \(line)"
            }
        }.prefix(40).joined(separator: "\n")
    }
}
