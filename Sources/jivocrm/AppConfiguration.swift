import CRMCore
import CRMStore
import Console
import Foundation

/// The settings of one run: flags beat the environment, which beats the configuration file,
/// which beats the defaults.
struct AppConfiguration {
    /// Every key the configuration file may hold.
    static let keys = [
        "listen", "token", "crm_link_template", "default_country_code", "offline_task_due",
        "operator", "log_file", "assign", "responsible", "time_zone", "bell", "mouse", "public_url", "forward",
        "db",
    ]

    /// The sections the configuration file may hold after its top-level keys.
    static let sections = ["keys"]

    /// The store's address: a SQLite path or a `postgresql://` URL (see ``storeAddress``).
    var databasePath: String
    /// The configuration file's path (it need not exist).
    var configPath: String
    /// Values from the configuration file.
    var file: [String: String]
    /// The `[keys]` section's lines, in file order.
    var keySettings: [KeySetting] = []
    /// The process environment.
    var environment: [String: String]

    /// The configuration for `arguments` and `environment`, reading the file if it exists.
    init(arguments: Arguments, environment: [String: String]) throws(CLIError) {
        self.environment = environment
        let home = environment["HOME"] ?? NSHomeDirectory()
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        // An empty variable counts as unset, as JIVOCRM_TOKEN and JIVOCRM_LISTEN do.
        let configVariable = environment["JIVOCRM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        configPath = arguments.value("--config") ?? configVariable ?? configHome + "/jivocrm/config"
        file = [:]
        let explicit = arguments.value("--config") != nil || configVariable != nil
        if FileManager.default.fileExists(atPath: configPath) {
            (file, keySettings) = try AppConfiguration.parse(path: configPath)
        } else if explicit {
            let named = arguments.value("--config") != nil ? "--config" : "JIVOCRM_CONFIG"
            throw .failure(
                "the configuration file \(configPath) named by \(named) does not exist; copy Resources/config.example "
                    + "there, or \(named == "--config" ? "drop --config" : "unset JIVOCRM_CONFIG") to use the defaults")
        }
        if let flag = arguments.value("--db") {
            try Self.storeAddress(flag, givenAs: "--db")
            databasePath = flag
        } else if let variable = environment["JIVOCRM_DB"], !variable.isEmpty {
            try Self.storeAddress(variable, givenAs: "JIVOCRM_DB")
            databasePath = variable
        } else if let value = file["db"] {
            do {
                _ = try StoreAddress(validating: value)
            } catch {
                throw .failure("\(configPath): db \(error)")
            }
            databasePath = value
        } else {
            databasePath = dataHome + "/jivocrm/crm.sqlite"
        }
    }

    /// Parses `key = value` lines, then `[keys]` with `command = keys` lines; `#` starts a
    /// comment; unknown keys and sections are errors.
    static func parse(path: String) throws(CLIError) -> (values: [String: String], keys: [KeySetting]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .failure("cannot read the configuration file \(path); check its permissions")
        }
        var values: [String: String] = [:]
        var keySettings: [KeySetting] = []
        var section: String?
        for (number, line) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            if text.hasPrefix("["), text.hasSuffix("]") {
                let name = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                guard sections.contains(name) else {
                    throw .failure(
                        "\(path):\(number + 1): unknown section '[\(name)]'; known sections: \(sections.map { "[\($0)]" }.joined(separator: ", "))"
                    )
                }
                section = name
                continue
            }
            guard let equals = text.firstIndex(of: "=") else {
                throw .failure("\(path):\(number + 1): expected 'key = value'")
            }
            let key = text[..<equals].trimmingCharacters(in: .whitespaces)
            var value = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            if section == "keys" {
                keySettings.append(KeySetting(line: number + 1, command: key, keys: value))
                continue
            }
            guard keys.contains(key) || (key.hasPrefix(SavedView.prefix) && key.count > SavedView.prefix.count) else {
                throw .failure(
                    "\(path):\(number + 1): unknown key '\(key)'; known keys: \(keys.joined(separator: ", ")), "
                        + "and view.NAME for saved views")
            }
            // `forward` may be given several times: one target a line.
            values[key] = key == "forward" ? [values[key], value].compactMap { $0 }.joined(separator: " ") : value
        }
        return (values, keySettings)
    }

    /// A setting: the flag's value, else the environment variable's, else the file's.
    func value(flag: String? = nil, _ arguments: Arguments, env: String? = nil, key: String) -> String? {
        if let flag, let value = arguments.value(flag) { return value }
        if let env, let value = environment[env], !value.isEmpty { return value }
        return file[key]
    }

    /// The saved views (`view.NAME = …` lines), by name.
    func savedViews() throws(CLIError) -> [SavedView] {
        do {
            return try SavedView.all(fromConfiguration: file)
        } catch {
            throw .failure("\(configPath): \(error.description)")
        }
    }

    /// The CRM rules' settings.
    func settings() throws(CLIError) -> CRMSettings {
        var due: Int64 = 7200
        if let text = file["offline_task_due"] {
            guard let seconds = AppConfiguration.seconds(text) else {
                throw .failure("offline_task_due must be a duration like 2h, 30m or 90s, not '\(text)'")
            }
            due = seconds
        }
        let country = file["default_country_code"] ?? "7"
        guard !country.isEmpty, country.allSatisfy(\.isASCIIDigit), country.count <= 3 else {
            throw .failure("default_country_code must be 1 to 3 digits (7 for Russia, 1 for the US), not '\(country)'")
        }
        let responsibleText = file["responsible"] ?? ResponsibleOrder.assignedAgentFirst.rawValue
        guard let responsible = ResponsibleOrder(rawValue: responsibleText) else {
            throw .failure(
                "responsible must be " + ResponsibleOrder.allCases.map(\.rawValue).joined(separator: " or ")
                    + ", not '\(responsibleText)'")
        }
        let assignment = try file["assign"].map { text throws(CLIError) in
            guard let policy = AssignmentPolicy(rawValue: text) else {
                throw .failure(
                    "assign must be " + AssignmentPolicy.allCases.map(\.rawValue).joined(separator: " or ")
                        + ", not '\(text)'")
            }
            return policy
        }
        var settings = CRMSettings(
            crmLinkTemplate: file["crm_link_template"] ?? "", defaultCountryCode: country,
            offlineTaskDueSeconds: due, responsible: responsible, assignment: assignment ?? .agentThenDefault,
            localTime: try localTime())
        if let url = file["public_url"], !url.isEmpty {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.contains(where: \.isWhitespace) else {
                throw .failure(
                    "public_url must be the http(s) address JivoChat's agents reach the listener at, "
                        + "like https://crm.example.com, not '\(url)'")
            }
            settings.publicURL = url
        }
        return settings
    }

    /// The URLs every kept event is forwarded to (`forward` lines, each an http:// URL).
    var forwardTargets: [String] {
        (file["forward"] ?? "").split(separator: " ").map(String.init)
    }

    /// The zone people read times in: the file's `time_zone`, else `TZ`, else the system's zone
    /// (`/etc/localtime`), else UTC. A `time_zone` the tz database does not know is an error; a
    /// `TZ` it does not know falls back to the system's zone, as the C library does.
    func localTime() throws(CLIError) -> LocalTime {
        let zone: TimeZone
        if let name = file["time_zone"] {
            guard let named = TimeZone(identifier: name) else {
                throw .failure(
                    "time_zone must be a tz database name such as Europe/Moscow, America/New_York or UTC, not '\(name)'"
                )
            }
            zone = named
        } else if let name = environment["TZ"].map({ String($0.drop { $0 == ":" }) }), !name.isEmpty,
            let named = TimeZone(identifier: name)
        {
            zone = named
        } else {
            zone = TimeZone.current
        }
        return LocalTime(identifier: zone.identifier) { milliseconds in
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000)))
        }
    }

    /// Who operator edits are attributed to: the `operator` setting, else `$USER`.
    var operatorName: String {
        file["operator"] ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator"
    }

    /// The longest duration ``seconds(_:)`` accepts: 100 years, so adding it to a time in
    /// milliseconds cannot overflow.
    static let longestDuration: Int64 = 100 * 365 * 86_400

    /// Seconds in a duration like `2h`, `30m`, `90s` or `120`; nil if malformed, negative or
    /// longer than ``longestDuration``.
    static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Int64(trimmed)
        var unit: Int64 = 1
        if number == nil, let last = trimmed.last, let multiplier = units[last] {
            number = Int64(trimmed.dropLast())
            unit = multiplier
        }
        guard let number, number >= 0, number <= longestDuration / unit else { return nil }
        return number * unit
    }

    /// Host and port from `HOST:PORT` (`[::1]:8080` for IPv6).
    static func listenAddress(_ text: String) throws(CLIError) -> (host: String, port: Int) {
        var host: Substring
        var portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = Substring(text)
            portText = "8080"
        }
        if host.isEmpty { host = "127.0.0.1" }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw .usage("--listen takes HOST:PORT with a port from 0 to 65535, not '\(text)'")
        }
        return (String(host), port)
    }
}
