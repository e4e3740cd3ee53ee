import Foundation
import Subprocess
import Testing
import TestSupport

/// The systemd unit shipped in `Resources/systemd` is one systemd accepts, and what it starts is
/// a working listener: its ExecStart, with its own environment, binds and announces the webhook
/// URL on the store its JIVOCRM_DB names.
@Suite struct SystemdUnitTests {
    private static let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/systemd/jivocrm-serve.service").path

    /// The unit's `Key=value` lines (comments and sections left out), in order.
    private func settings() throws -> [(key: String, value: String)] {
        try String(contentsOfFile: Self.unit, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else {
                return nil
            }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    @Test func systemdAcceptsTheServeUnit() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-unit")
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        #expect(text.contains("ExecStart=/usr/local/bin/jivocrm serve"))
        let local = directory.file("jivocrm-serve.service")
        try text.replacingOccurrences(of: "/usr/local/bin/jivocrm", with: JivoCRMBinary.path)
            .write(toFile: local, atomically: true, encoding: .utf8)
        let verified = ChildProcess.run(["systemd-analyze", "verify", local], includingErrors: true)
        #expect(
            verified.status == 0,
            "systemd-analyze verify (apt-get install systemd if it is missing): \(verified.output)")
    }

    @Test func theUnitsCommandAndEnvironmentStartAListenerOnItsStore() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-unit")
        let settings = try settings()
        var environment = JivoCRMBinary.environment(home: directory.path)
        for (key, value) in settings where key == "Environment" {
            let pair = value.split(separator: "=", maxSplits: 1).map(String.init)
            try #require(pair.count == 2, "Environment=\(value)")
            environment[pair[0]] = pair[1]
        }
        #expect(environment["JIVOCRM_DB"] == "/var/lib/jivocrm/crm.sqlite")
        #expect(environment["JIVOCRM_CONFIG"] == "/etc/jivocrm/config")
        environment["JIVOCRM_DB"] = directory.file("state/crm.sqlite")
        environment["JIVOCRM_CONFIG"] = directory.file("config")
        try "listen = 127.0.0.1:0\n".write(toFile: directory.file("config"), atomically: true, encoding: .utf8)
        let command = try #require(settings.first { $0.key == "ExecStart" }?.value).split(separator: " ")
            .map(String.init)
        #expect(Array(command.prefix(2)) == ["/usr/local/bin/jivocrm", "serve"])
        let listen = try #require(command.firstIndex(of: "--listen"))
        var arguments = Array(command.dropFirst(2))
        arguments.removeSubrange(listen - 2...listen - 1)
        let server = try ServeProcess(
            arguments: arguments, environment: environment, logPath: directory.file("serve.log"))
        #expect(FileManager.default.fileExists(atPath: directory.file("state/crm.sqlite")))
        #expect(server.stop() == 0, "serve stops cleanly on SIGTERM, as systemctl stop sends it: \(server.log)")
    }
}
