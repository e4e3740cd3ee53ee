import JivoProtocol

extension ImportRecord {
    /// The people on vCards: FN, every EMAIL and TEL, NOTE as the description, URL as the
    /// crm_link, and jivocrm's X-JIVOCRM-STATUS, X-JIVOCRM-MANAGER and X-JIVOCRM-TITLE (the
    /// title of a lead the import creates). Throws after reading every card, naming each that
    /// has an unknown status, an email or phone `normalizer` rejects, or no name, email, phone
    /// or title.
    public static func fromVCards(_ cards: [VCard], normalizer: ContactNormalizer = ContactNormalizer())
        throws(CRMError) -> [ImportRecord]
    {
        var records: [ImportRecord] = []
        var refusals = ImportRefusals()
        for card in cards {
            var record = ImportRecord(location: "line \(card.line)")
            record.name = card.name
            record.emails = card.emails
            record.phones = card.phones
            record.description = card.note?.trimmingWhitespace ?? ""
            record.crmLink = card.url.flatMap { $0.isEmpty ? nil : $0 }
            record.manager = card.manager.flatMap { $0.isEmpty ? nil : $0 }
            record.title = card.title.flatMap { $0.isEmpty ? nil : $0 }
            var valid = true
            if let status = card.status, !status.isEmpty { valid = record.takeStatus(status, refusals: &refusals) }
            let blank = "the card has no FN, EMAIL, TEL or X-JIVOCRM-TITLE; fill one in or remove the card"
            if record.admitted(readWhole: valid, blank: blank, normalizer, refusals: &refusals) {
                records.append(record)
            }
        }
        try refusals.check()
        return records
    }

    /// The people of a jivocrm JSON export (`{"leads": [...]}`, or a bare array of lead
    /// objects as `leads --json` and `show --json` print them), with the managers it lists as
    /// `(login, name)`. A lead's visitor number (within its channel), client id and user token
    /// come along as its keys, and its chats, calls, tasks, conflicts, notes and audit are
    /// counted as the history the import leaves out. Throws for a file that is no such JSON, and otherwise after
    /// reading every lead, naming each that is no object, has an unknown status, an email or
    /// phone `normalizer` rejects, or no name, email, phone, title or key.
    public static func fromJSON(_ bytes: [UInt8], normalizer: ContactNormalizer = ContactNormalizer()) throws(CRMError)
        -> (
            records: [ImportRecord], managers: [(login: String, name: String)]
        )
    {
        let document: JSONValue
        do throws(JSONError) {
            document = try JSONParser.parse(bytes)
        } catch {
            throw CRMError.invalidArgument(
                "the file is not JSON (\(error.message)); a json import reads `jivocrm export --format json`")
        }
        let leads: [JSONValue]
        var managers: [(login: String, name: String)] = []
        if let array = document.arrayValue {
            leads = array
        } else if let array = document["leads"]?.arrayValue {
            leads = array
            for manager in document["managers"]?.arrayValue ?? [] {
                guard let login = manager["login"]?.text else { continue }
                managers.append((login, manager["name"]?.text ?? login))
            }
        } else if document.objectValue != nil, document["name"] != nil || document["emails"] != nil {
            leads = [document]
        } else {
            throw CRMError.invalidArgument(
                "the JSON has no \"leads\" array; a json import reads `jivocrm export --format json`")
        }
        var records: [ImportRecord] = []
        var refusals = ImportRefusals()
        for (index, lead) in leads.enumerated() {
            let location = "lead \(index + 1)"
            guard lead.objectValue != nil else {
                refusals.add(location, "not a JSON object; make it one as `jivocrm export --format json` writes them")
                continue
            }
            var record = ImportRecord(location: location)
            record.name = lead["name"]?.text?.trimmingWhitespace ?? ""
            record.emails = strings(lead["emails"]) ?? strings(lead["email"]) ?? []
            record.phones = strings(lead["phones"]) ?? strings(lead["phone"]) ?? []
            record.description = lead["description"]?.text ?? ""
            record.manager = lead["manager"]?.text
            record.crmLink = lead["crm_link"]?.text
            record.title = lead["title"]?.text
            record.utm = pairs(lead["utm"])
            record.visitorNumber = nonEmpty(lead["visitor_number"])
            record.channel = nonEmpty(lead["channel"])
            record.clientID = nonEmpty(lead["client_id"])
            record.userToken = nonEmpty(lead["user_token"])
            record.history = ImportHistory(lead: lead)
            var valid = true
            if let status = lead["status"]?.text { valid = record.takeStatus(status, refusals: &refusals) }
            record.fields = (lead["custom_data"]?.arrayValue ?? []).compactMap { field in
                guard let title = field["title"]?.text else { return nil }
                return LeadField(
                    title: title, content: field["content"]?.text ?? "", link: field["link"]?.text,
                    key: field["key"]?.text)
            }
            let blank = "the lead has no name, email, phone, title or visitor key; fill one in or remove the lead"
            if record.admitted(readWhole: valid, blank: blank, normalizer, refusals: &refusals) {
                records.append(record)
            }
        }
        try refusals.check()
        return (records, managers)
    }

    /// The trimmed text of a JSON string; nil for anything else or blank text.
    private static func nonEmpty(_ value: JSONValue?) -> String? {
        value?.text.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Strings from a JSON string or array of strings; nil for anything else.
    private static func strings(_ value: JSONValue?) -> [String]? {
        if let text = value?.text { return text.trimmingWhitespace.isEmpty ? [] : [text.trimmingWhitespace] }
        return value?.arrayValue?.compactMap { $0.text?.trimmingWhitespace }.filter { !$0.isEmpty }
    }
}
