import Console

extension AppConfiguration {
    /// Which arrivals ring the bell: the `bell` setting, else new leads and offline messages.
    func bellPolicy() throws(CLIError) -> BellPolicy {
        guard let text = file["bell"] else { return .standard }
        guard let policy = BellPolicy(setting: text) else {
            throw .failure("\(configPath): bell must be \(BellPolicy.settingHelp), not '\(text)'")
        }
        return policy
    }

    /// Whether the console takes mouse clicks and the wheel: the `mouse` setting (on or off),
    /// on by default.
    func mouseEnabled() throws(CLIError) -> Bool {
        switch file["mouse"]?.lowercased() {
        case nil, "on": return true
        case "off": return false
        case let other?: throw .failure("\(configPath): mouse must be on or off, not '\(other)'")
        }
    }

    /// The console's keys: the defaults with the `[keys]` section applied.
    func keyBindings() throws(CLIError) -> AppKeyBindings {
        do {
            return try AppKeyBindings.defaults.applying(keySettings)
        } catch {
            throw .failure("\(configPath):\(error.line): \(error.message)")
        }
    }
}
