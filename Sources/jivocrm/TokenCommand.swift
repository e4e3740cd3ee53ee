import CRMStore

/// `jivocrm token rotate`: replaces the webhook token, keeping the old one valid for a while;
/// `token visitor` and `token visitor-key`: signed visitor tokens for `jivo_api.setUserToken`.
enum TokenCommand: Command {
    static let name = "token"
    static let synopsis =
        "token (rotate [--grace DURATION] [--yes] | visitor (--email E | --phone P) [--valid DURATION] | visitor-key)"
    static let summary = "Issue a new webhook token, or a signed visitor token for jivo_api.setUserToken."
    static let details = """
        rotate replaces the webhook token kept in the store. Until the grace period ends, the listener accepts
        both (a running serve picks the new one up within seconds), so there is time to paste the
        new URL (`jivocrm webhook-url`) into JivoChat.
        A token given with --token, JIVOCRM_TOKEN or the configuration takes precedence over the
        stored one: change it there instead. Without --yes, asks first at a terminal, and changes
        nothing and exits 1 elsewhere.

        visitor prints a token signed with the store's visitor key that vouches for a logged-in
        site user's email or phone (for 30 days unless --valid says otherwise). Passed to
        jivo_api.setUserToken on the site, it reaches the listener as user_token and finds that
        user's lead with certainty (the audit records the match as signed). visitor-key prints
        the key (hex) for the site's backend to sign tokens itself; see the README's snippet.
        Unsigned user_tokens keep working as plain matching keys.

        examples:
          jivocrm token rotate --grace 2h --yes
          jivocrm token visitor --email anna@example.org
          jivocrm token visitor-key
        """
    static let options: [OptionSpec] = [
        .value("--grace", "DURATION", "how long the old token stays valid, like 30m, 2h or 1d (default 24h)"),
        .flag("--yes", "rotate without asking"),
        .value("--email", "E", "the email a visitor token vouches for"),
        .value("--phone", "P", "the phone a visitor token vouches for"),
        .value("--valid", "DURATION", "how long a visitor token is trusted, like 12h or 30d (default 30d)"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        switch try arguments.positional(0, "the action (rotate, visitor or visitor-key)") {
        case "rotate": break
        case "visitor": return try visitor(invocation)
        case "visitor-key":
            try arguments.expectPositionals(atMost: 1)
            Output.line(Crypto.hex(try invocation.openStore().visitorTokenKey()))
            return 0
        case let other:
            throw CLIError.usage("the token command knows rotate, visitor and visitor-key, not '\(other)'")
        }
        try arguments.expectPositionals(atMost: 1)
        let graceText = arguments.value("--grace") ?? "24h"
        guard let grace = AppConfiguration.seconds(graceText) else {
            throw CLIError.usage("--grace takes a duration like 30m, 2h or 1d, not '\(graceText)'")
        }
        if !arguments.has("--yes") {
            guard Confirmation.interactive else { throw Confirmation.refused("token rotate") }
            guard Confirmation.ask("rotate the webhook token? JivoChat needs the new URL within \(graceText)") else {
                Output.line("nothing was changed")
                return 1
            }
        }
        let store = try invocation.openStore()
        let (token, retiring) = try store.rotateWebhookToken(graceMilliseconds: grace * 1000)
        Output.line("new token: \(token)")
        Output.line(
            "the old token stays valid until \(Output.labelledTime(retiring.expiresAt, store.settings.localTime)) (grace \(graceText)); `jivocrm webhook-url` prints the new URL"
        )
        return 0
    }

    /// `token visitor`: a signed visitor token.
    private static func visitor(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        try arguments.expectPositionals(atMost: 1)
        let email = arguments.value("--email").flatMap { $0.isEmpty ? nil : $0 }
        let phone = arguments.value("--phone").flatMap { $0.isEmpty ? nil : $0 }
        guard email != nil || phone != nil else {
            throw CLIError.usage("a visitor token vouches for an email or a phone: give --email or --phone")
        }
        let validText = arguments.value("--valid") ?? "30d"
        guard let valid = AppConfiguration.seconds(validText), valid > 0 else {
            throw CLIError.usage("--valid takes a duration like 12h or 30d, not '\(validText)'")
        }
        let store = try invocation.openStore()
        let token = VisitorToken(email: email, phone: phone, expiresAt: Store.systemMilliseconds() / 1000 + valid)
        Output.line(token.signed(key: try store.visitorTokenKey()))
        return 0
    }
}
