import CRMStore

extension AppConfiguration {
    /// The store's address, which chooses its engine (a `postgresql://` URL or a SQLite path).
    var storeAddress: StoreAddress { StoreAddress(databasePath) }

    /// Fails, saying so, when `command` cannot run on the configured store's engine yet: on
    /// PostgreSQL only `init`, `migrate`, `backup`, `restore` (and the verbs that do not open the store) run so far.
    func checkEngine(for command: any Command.Type) throws(CLIError) {
        guard case .postgres = storeAddress,
            ![
                InitCommand.name, MigrateCommand.name, BackupCommand.name, RestoreCommand.name, CompletionsCommand.name,
                ManCommand.name,
            ].contains(command.name)
        else { return }
        throw .failure(
            "`jivocrm \(command.name)` does not run on PostgreSQL yet (the store at \(storeAddress)): "
                + "only `jivocrm init`, `migrate`, `backup` and `restore` do so far; use a SQLite store (--db PATH) for it until then"
        )
    }
}
