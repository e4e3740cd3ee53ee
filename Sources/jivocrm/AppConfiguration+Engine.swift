import CRMStore

extension AppConfiguration {
    /// The store's address, which chooses its engine (a `postgresql://` URL or a SQLite path).
    var storeAddress: StoreAddress { StoreAddress(databasePath) }

    /// The verbs that run on PostgreSQL so far (and those that do not open the store).
    static let postgresVerbs = [
        InitCommand.name, ServeCommand.name, LeadsCommand.name, ShowCommand.name, EventsCommand.name,
        TasksCommand.name, ConflictsCommand.name, ManagersCommand.name, StatusCommand.name, AssignCommand.name,
        NoteCommand.name, EditCommand.name, FieldCommand.name, TaskCommand.name, DoneCommand.name,
        ContactsCommand.name, ResolveCommand.name, MergeCommand.name, UnmergeCommand.name, UndoCommand.name,
        ExportCommand.name, TokenCommand.name, WebhookURLCommand.name, MigrateCommand.name, BackupCommand.name,
        RestoreCommand.name, ImportCommand.name, ReplayCommand.name, EraseCommand.name, CheckCommand.name,
        DoctorCommand.name, SimulateCommand.name, CompletionsCommand.name, ManCommand.name,
    ]

    /// Fails, saying so, when `command` cannot run on the configured store's engine yet: on
    /// PostgreSQL only ``postgresVerbs`` run so far.
    func checkEngine(for command: any Command.Type) throws(CLIError) {
        guard case .postgres = storeAddress, !Self.postgresVerbs.contains(command.name) else { return }
        throw .failure(
            "`jivocrm \(command.name)` does not run on PostgreSQL yet (the store at \(storeAddress)): "
                + "only \(Self.postgresVerbs.dropLast(2).map { "`\($0)`" }.joined(separator: ", ")) do so far; use a SQLite store (--db PATH) for it "
                + "until then")
    }
}
