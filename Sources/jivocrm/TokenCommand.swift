import CRMStore

/// `jivocrm token rotate`: replaces the webhook token, keeping the old one valid for a while.
enum TokenCommand: Command {
    static let name = "token"
    static let synopsis = "token rotate [--grace DURATION] [--yes]"
    static let summary = "Issue a new webhook token; the old one stays valid for a grace period."
    static let details = """
        Replaces the token kept in the store. Until the grace period ends, the listener accepts
        both (a running serve picks the new one up within seconds), so there is time to paste the
        new URL (`jivocrm webhook-url`) into JivoChat.
        A token given with --token, JIVOCRM_TOKEN or the configuration takes precedence over the
        stored one: change it there instead. Without --yes, asks first at a terminal, and changes
        nothing and exits 1 elsewhere.

        example:
          jivocrm token rotate --grace 2h --yes
        """
    static let options: [OptionSpec] = [
        .value("--grace", "DURATION", "how long the old token stays valid, like 30m, 2h or 1d (default 24h)"),
        .flag("--yes", "rotate without asking"),
    ]

    static func run(_ invocation: Invocation) throws -> Int32 {
        let arguments = invocation.arguments
        guard try arguments.positional(0, "the action (rotate)") == "rotate" else {
            throw CLIError.usage("the token command knows only 'rotate'")
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
            "the old token stays valid until \(Output.time(retiring.expiresAt)) UTC (grace \(graceText)); `jivocrm webhook-url` prints the new URL"
        )
        return 0
    }
}
