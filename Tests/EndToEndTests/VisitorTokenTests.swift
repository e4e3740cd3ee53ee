import Foundation
import JivoProtocol
import Subprocess
import Testing
import TestSupport

/// A user_token the site signed (with `jivocrm token visitor` or the README's backend snippet)
/// finds the logged-in user's lead with certainty and is audited as signed; forged, expired and
/// plain tokens keep today's behaviour.
@Suite struct VisitorTokenTests {
    static let email = "anna.signed@example.org"

    /// A chat with no contacts at all, only `token` as user_token.
    private func anonymousChat(_ chat: Int, token: String) -> [UInt8] {
        fixture(
            "chat_accepted", ("chat_id", .number(String(chat))),
            ("visitor", .object(["name": .string("Visitor \(chat)"), "number": .string("9\(chat)")])),
            ("user_token", .string(token)))
    }

    /// A served CRM holding one lead with ``email``; its id.
    private func knownLead(_ crm: CRMHarness, _ server: ServeProcess) throws -> Int64 {
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("1")), ("visitor.email", .string(Self.email)),
                ("visitor.phone", nil)))
        return try crm.lead(where: "email", is: Self.email).id()
    }

    @Test func aSignedTokenFindsTheUsersLeadAndTheMatchIsAuditedAsSigned() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        let id = try knownLead(crm, server)
        let token = try crm.succeed("token", "visitor", "--email", Self.email).trimmingCharacters(in: .newlines)
        #expect(token.hasPrefix("v1.") && !token.contains(Self.email))
        let reply = try server.deliver(anonymousChat(2, token: token))
        #expect(reply["contact_info"]?["email"]?.stringValue == Self.email, "\(reply.serialized())")
        #expect(try crm.leads().count == 1)
        let audit = try crm.show(id).list("audit")
        #expect(audit.contains { $0["detail"]?.stringValue?.hasPrefix("signed user_token (email)") == true })
        #expect(server.stop() == 0)
    }

    @Test func forgedExpiredAndPlainTokensAreNotTrusted() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        _ = try knownLead(crm, server)
        let key = try crm.succeed("token", "visitor-key").trimmingCharacters(in: .newlines)
        #expect(key.count == 64)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/visitor_token.py").path
        func python(_ arguments: [String]) -> String {
            ChildProcess.run(["python3", script] + arguments).output.trimmingCharacters(in: .newlines)
        }
        let expired = python([key, Self.email, "-60"])
        let otherKey = python([String(repeating: "ab", count: 32), Self.email])
        let signed = try crm.succeed("token", "visitor", "--email", Self.email).trimmingCharacters(in: .newlines)
        let parts = signed.split(separator: ".").map(String.init)
        let claims = #"{"email":"someone.else@example.org","phone":null,"exp":4000000000}"#
        let forged = "v1.\(Data(claims.utf8).base64EncodedString()).\(parts[2])"
        for (chat, token) in [(2, expired), (3, otherKey), (4, forged), (5, "plain-site-token")] {
            let reply = try server.deliver(anonymousChat(chat, token: token))
            #expect((reply["contact_info"]?["email"]?.stringValue ?? "") == "", "\(chat): \(reply.serialized())")
        }
        #expect(try crm.leads().count == 5)
        // The plain token still matches the way it always did: the same token, the same lead.
        let again = try server.deliver(anonymousChat(6, token: "plain-site-token"))
        #expect(try crm.leads().count == 5, "\(again.serialized())")
        // And the README's backend snippet makes tokens the listener trusts.
        let fromSnippet = python([key, Self.email])
        let reply = try server.deliver(anonymousChat(7, token: fromSnippet))
        #expect(reply["contact_info"]?["email"]?.stringValue == Self.email, "\(reply.serialized())")
        #expect(server.stop() == 0)
    }
}
