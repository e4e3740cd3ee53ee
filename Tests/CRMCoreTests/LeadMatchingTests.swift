import CRMCore
import JivoProtocol
import Testing

@Suite("Lead matching: which lead a visitor's data finds, in which order, looking no further than needed")
struct LeadMatchingTests {
    let normalizer = ContactNormalizer(defaultCountryCode: "7")

    func event(
        chat: String? = "18", widget: String? = "w1", email: String? = nil, phone: String? = nil,
        number: String? = nil, token: String? = nil, client: String? = nil, callPhone: String? = nil
    ) -> WebhookEvent {
        var event = WebhookEvent(name: "chat_accepted")
        event.chatID = chat
        event.widgetID = widget
        event.userToken = token
        event.clientID = client
        event.visitor = Visitor(email: email, phone: phone, number: number)
        if let callPhone { event.call = CallInfo(phone: callPhone) }
        return event
    }

    /// Resolves `event` against `stored` leads, returning the match and the keys looked up.
    func resolve(
        _ event: WebhookEvent, signed: SignedContacts? = nil, stored: [LeadKey: Int64]
    ) -> (LeadMatch, [LeadKey]) {
        var asked: [LeadKey] = []
        let match = LeadMatching(event: event, signed: signed, normalizer: normalizer).resolve { key in
            asked.append(key)
            return stored[key]
        }
        return (match, asked)
    }

    @Test("the chat comes first, then the email and the phone")
    func order() {
        let full = event(email: "T@Example.com", phone: "8 916 123 45 67", token: "tok")
        let stored: [LeadKey: Int64] = [
            .chat(widget: "w1", chatID: "18"): 1, .email("t@example.com"): 3, .phone("+79161234567"): 4,
        ]
        #expect(resolve(full, stored: stored).0.found == 1)
        #expect(resolve(full, stored: stored.filter { $0.value != 1 }).0.found == 3)
        #expect(resolve(full, stored: stored.filter { $0.value > 3 }).0.found == 4)
        #expect(resolve(full, stored: [:]).0.found == nil)
    }

    @Test("a plain user_token finds no lead for a visitor who gives an email or phone, and is not asked")
    func plainTokenNeverOutranksContacts() {
        // Anyone's browser can send any string (a site's constant "undefined", or another
        // person's id): a visitor who says who they are is not taken for the token's lead.
        let token = LeadKey.remembered(.userToken, scope: "", value: "tok")
        for given in [event(email: "new@example.com", token: "tok"), event(phone: "+7 916 000 00 01", token: "tok")] {
            let (match, asked) = resolve(given, stored: [token: 2])
            #expect(match.found == nil)
            #expect(!asked.contains(token))
        }
        let (byEmail, _) = resolve(
            event(email: "t@example.com", token: "tok"), stored: [token: 2, .email("t@example.com"): 3])
        #expect(byEmail.found == 3)
        #expect(byEmail.duplicates(of: 3).conflicts.isEmpty)
    }

    @Test("a plain user_token finds the lead of a visitor who gives no email or phone, before the visitor number")
    func plainTokenForVisitorsWithoutContacts() {
        let stored: [LeadKey: Int64] = [
            .remembered(.userToken, scope: "", value: "tok"): 2, .remembered(.visitor, scope: "w1", value: "17"): 5,
        ]
        let (match, _) = resolve(event(number: "17", token: "tok"), stored: stored)
        #expect(match.found == 2)
        #expect(match.knownKeys == [.userToken])
        #expect(resolve(event(email: "not an address", number: "17", token: "tok"), stored: stored).0.found == 2)
        #expect(resolve(event(number: "17", token: "other"), stored: stored).0.found == 5)
    }

    @Test("the email and phone are always looked up: a lead found otherwise may be a duplicate")
    func emailAndPhoneAlways() {
        let (match, _) = resolve(
            event(email: "a@example.com", phone: "+7 916 000 00 00"),
            stored: [.chat(widget: "w1", chatID: "18"): 1, .email("a@example.com"): 2, .phone("+79160000000"): 3])
        #expect(match.found == 1)
        #expect(match.byEmail == 2)
        #expect(match.byPhone == 3)
        let duplicates = match.duplicates(of: 1)
        #expect(duplicates.excluded == [.email, .phone])
        #expect(duplicates.conflicts.map(\.otherLead) == [2, 3])
    }

    @Test("the visitor number and client id are looked up only when nothing earlier matched")
    func fallbacksOnlyWhenNeeded() {
        let visitorKey = LeadKey.remembered(.visitor, scope: "w1", value: "100")
        let (byEmail, asked) = resolve(
            event(email: "a@example.com", number: "100", client: "c1"), stored: [.email("a@example.com"): 5])
        #expect(byEmail.found == 5)
        #expect(!asked.contains(visitorKey))
        let (byNumber, _) = resolve(event(number: "100", client: "c1"), stored: [visitorKey: 6])
        #expect(byNumber.found == 6)
        #expect(byNumber.knownKeys == [.visitor])
        let (byClient, _) = resolve(
            event(number: "100", client: "c1"), stored: [.remembered(.client, scope: "", value: "c1"): 7])
        #expect(byClient.found == 7)
        #expect(byClient.knownKeys == [.client])
    }

    @Test("last, the client id is tried as a visitor number and the visitor number as a client id, in the widget")
    func crossedKeys() {
        let (clientAsVisitor, _) = resolve(
            event(chat: nil, number: "100", client: "55"), stored: [.remembered(.visitor, scope: "w1", value: "55"): 8])
        #expect(clientAsVisitor.found == 8)
        #expect(clientAsVisitor.knownKeys.isEmpty)
        let (visitorAsClient, _) = resolve(
            event(chat: nil, number: "100", client: "55"), stored: [.clientOnChannel("w1", value: "100"): 9])
        #expect(visitorAsClient.found == 9)
        let (noWidget, asked) = resolve(event(chat: nil, widget: nil, number: "100", client: "55"), stored: [:])
        #expect(noWidget.found == nil)
        #expect(!asked.contains(.clientOnChannel("", value: "100")))
    }

    @Test("a known user_token is not stored again")
    func knownToken() {
        let (match, _) = resolve(event(token: "tok"), stored: [.remembered(.userToken, scope: "", value: "tok"): 3])
        #expect(match.knownKeys == [.userToken])
    }

    @Test("a signed user_token's email finds its lead after the chat, before the user_token, and fills the contacts")
    func signedToken() {
        let signed = SignedContacts(email: "S@example.com", phone: "+7 916 111 11 11")
        let stored: [LeadKey: Int64] = [
            .email("s@example.com"): 4, .remembered(.userToken, scope: "", value: "v1.x.y"): 3,
        ]
        let (match, asked) = resolve(event(token: "v1.x.y"), signed: signed, stored: stored)
        #expect(match.found == 4)
        #expect(asked.first == .email("s@example.com"))
        #expect(match.visitor.email == "S@example.com")
        #expect(match.visitor.phone == "+7 916 111 11 11")
        #expect(match.signedBy == .email)
        let (inChat, _) = resolve(
            event(token: "v1.x.y"), signed: signed,
            stored: stored.merging([.chat(widget: "w1", chatID: "18"): 1]) { a, _ in a })
        #expect(inChat.found == 1)
        let (byPhone, _) = resolve(
            event(chat: nil, token: "v1.x.y"), signed: SignedContacts(email: nil, phone: "+7 916 111 11 11"),
            stored: [.phone("+79161111111"): 6])
        #expect(byPhone.found == 6)
        #expect(byPhone.signedBy == .phone)
    }

    @Test("the call's phone stands in when the visitor gave none")
    func callPhone() {
        let (match, _) = resolve(event(callPhone: "+7 916 222 22 22"), stored: [.phone("+79162222222"): 2])
        #expect(match.visitor.phone == "+7 916 222 22 22")
        #expect(match.found == 2)
    }
}

@Suite("Duplicate leads: the visitor's email or phone held by another lead")
struct DuplicateLeadsTests {
    @Test("an email held by another lead is a duplicate conflict and leaves the contact plan")
    func emailElsewhere() {
        let duplicates = DuplicateLeads(lead: 1, byEmail: 2, byPhone: 1)
        #expect(duplicates.excluded == [.email])
        #expect(duplicates.conflicts.count == 1)
        let conflict = duplicates.conflicts[0]
        #expect(conflict.otherLead == 2)
        #expect(conflict.dispute.field == .duplicate)
        #expect(conflict.dispute.current == "#1")
        #expect(conflict.dispute.incoming == "#2")
        #expect(conflict.dispute.normalized == "lead:2")
    }

    @Test("contacts held by the lead itself, or by no lead, are no duplicate")
    func none() {
        #expect(DuplicateLeads(lead: 1, byEmail: 1, byPhone: nil).conflicts.isEmpty)
        #expect(DuplicateLeads(lead: 1, byEmail: nil, byPhone: nil).excluded.isEmpty)
    }
}
