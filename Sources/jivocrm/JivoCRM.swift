import CRMCore
import CRMStore
import Foundation

/// The command line: finds the verb, parses its options, runs it, and maps failures to exit
/// codes (1: the operation failed, 2: the command line was wrong) with one line on stderr.
enum JivoCRM {
    /// The version `--version` prints.
    static let version = "0.1.0"

    /// Every verb, in the order help lists them.
    static var commands: [any Command.Type] {
        [
            ConsoleCommand.self, ServeCommand.self, WebhookURLCommand.self, SimulateCommand.self, LeadsCommand.self,
            ShowCommand.self, EditCommand.self, ContactsCommand.self, FieldCommand.self, StatusCommand.self,
            AssignCommand.self, ManagersCommand.self, ConflictsCommand.self, ResolveCommand.self,
            MergeCommand.self, UnmergeCommand.self, UndoCommand.self,
            TasksCommand.self, DoneCommand.self, TaskCommand.self, NoteCommand.self, EventsCommand.self,
            ImportCommand.self, ExportCommand.self, BackupCommand.self, RestoreCommand.self,
            ReplayCommand.self, EraseCommand.self, CheckCommand.self, DoctorCommand.self, TokenCommand.self,
            InitCommand.self, MigrateCommand.self,
        ]
    }

    /// Verbs that help does not list: they make the man page and completions for `make install`.
    static var hiddenCommands: [any Command.Type] { [CompletionsCommand.self, ManCommand.self] }

    /// The verb run when none is given.
    static var defaultCommand: any Command.Type { ConsoleCommand.self }

    /// Runs the command line `words` (without the program name); returns the exit status.
    static func main(_ words: [String], environment: [String: String]) -> Int32 {
        let verb = findVerb(words)
        let command: (any Command.Type)?
        if let verb {
            command = (commands + hiddenCommands).first { $0.name == verb }
        } else {
            command = defaultCommand
        }
        do {
            guard let command else {
                throw CLIError.usage("unknown command '\(verb ?? "")'; `jivocrm --help` lists the commands")
            }
            let arguments = try Arguments(words, verb: verb, specs: command.options)
            if arguments.has("--version") {
                Output.line("jivocrm \(version)")
                return 0
            }
            if arguments.has("--help") {
                Output.line(verb == nil ? overview : command.help)
                return 0
            }
            let configuration = try AppConfiguration(arguments: arguments, environment: environment)
            return try command.run(Invocation(arguments: arguments, configuration: configuration))
        } catch let error as CLIError {
            Output.error("jivocrm: \(error.message)")
            if error.isUsage { Output.error("see `jivocrm \(verb.map { "\($0) " } ?? "")--help`") }
            return error.isUsage ? 2 : 1
        } catch let error as CRMError {
            Output.error("jivocrm: \(error.commandLineMessage)")
            return 1
        } catch {
            Output.error("jivocrm: \(error)")
            return 1
        }
    }

    /// The verb, skipping the values of the default command's options given without a verb
    /// (`jivocrm --listen 127.0.0.1:0` runs the console, not a verb named `127.0.0.1:0`).
    static func findVerb(_ words: [String]) -> String? {
        var start = 0
        while start < words.count, let verb = Arguments.findVerb(Array(words[start...])) {
            guard let index = words[start...].firstIndex(of: verb), index > 0 else { return verb }
            let previous = words[index - 1]
            guard defaultCommand.options.contains(where: { $0.name == previous && $0.value != nil }) else {
                return verb
            }
            start = index + 1
        }
        return nil
    }

    /// The top-level help: what jivocrm is and its verbs.
    static var overview: String {
        let width = (commands.map { $0.name.count }.max() ?? 0) + 2
        return """
            usage: jivocrm [COMMAND] [OPTIONS]

            A terminal CRM for leads that come from JivoChat: an embedded webhook listener that stores
            every event in SQLite, finds or creates the visitor's lead, and answers JivoChat with the
            lead's contact data; and commands (and a console) to triage leads, settle conflicts, assign
            managers and work offline-message tasks.

            commands:
            \(commands.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

            With no command, jivocrm runs `\(defaultCommand.name)`. `jivocrm COMMAND --help` explains each.

            global options:
              --db PATH       the store, a SQLite path or a postgresql:// URL (env JIVOCRM_DB; default ~/.local/share/jivocrm/crm.sqlite)
              --config PATH   the configuration (env JIVOCRM_CONFIG; default ~/.config/jivocrm/config)
              --version       print the version
            """
    }
}
