import Foundation
import JivoProtocol
import Testing
import TestSupport

/// The first hour of a new team, against the built binary: the commands find the listener that
/// really serves the store, say what to do when it is another one or the port is taken, demo
/// traffic raises only the conflicts it means to, and destructive verbs in a script without
/// --yes change nothing and fail.
@Suite struct SetupContractTests {
    @Test func webhookURLAndSimulateUseTheRunningListenerNotTheConfiguredAddress() throws {
        let crm = try CRMHarness(settings: ["listen": "127.0.0.1:1"])
        let server = try crm.serve()
        let url = try crm.succeed("webhook-url")
        #expect(url == "http://127.0.0.1:\(server.port)\(server.webhookPath)\n")
        let simulate = try crm.run("simulate", "--count", "5", "--seed", "3")
        #expect(simulate.status == 0, "\(simulate.stderr)")
        #expect(simulate.stdout.hasSuffix("sent 5: 200×5\n"), "\(simulate.stdout)")
        #expect(server.stop() == 0)
        // Stopped: back to the configured address.
        #expect(try crm.succeed("webhook-url").hasPrefix("http://127.0.0.1:1/jivo/"))
    }

    @Test func simulateAgainstAnotherStoresListenerStopsAtTheFirst404AndSaysWhy() throws {
        let other = try CRMHarness()
        let server = try other.serve()
        let crm = try CRMHarness()
        let simulate = try crm.run("simulate", "--count", "30", "--listen", "127.0.0.1:\(server.port)")
        #expect(simulate.status == 1)
        #expect(simulate.stderr.contains("does not know this webhook token (404)"), "\(simulate.stderr)")
        #expect(simulate.stderr.contains("jivocrm webhook-url"))
        #expect(!simulate.stdout.contains(" 404 "), "\(simulate.stdout)")
        #expect(server.stop() == 0)
    }

    @Test func aPortInUseSaysHowToWatchWithNoListen() throws {
        let first = try CRMHarness()
        let server = try first.serve()
        let crm = try CRMHarness()
        let second = try crm.run("serve", "--listen", "127.0.0.1:\(server.port)")
        #expect(second.status == 1)
        #expect(second.stderr.contains("already in use"), "\(second.stderr)")
        #expect(second.stderr.contains("jivocrm console --no-listen"), "\(second.stderr)")
        #expect(server.stop() == 0)
    }

    @Test(arguments: ["7", "1"])
    func demoTrafficRaisesOnlyRealPhoneConflicts(countryCode: String) throws {
        let crm = try CRMHarness(settings: ["default_country_code": countryCode])
        let server = try crm.serve()
        for seed in ["7", "2026"] {
            let simulate = try crm.run("simulate", "--count", "150", "--seed", seed)
            #expect(simulate.status == 0, "\(simulate.stderr)")
        }
        #expect(server.stop() == 0)
        let phoneConflicts = try crm.conflicts().filter { $0["field"]?.stringValue == "phone" }
        #expect(!phoneConflicts.isEmpty, "the demo has visitors whose phone really disagrees")
        for conflict in phoneConflicts {
            // The same ten national digits under two country codes is one number typed two
            // ways, a conflict real traffic would not raise.
            let national = [conflict["current"], conflict["incoming"]].map {
                String(($0?.stringValue ?? "").filter(\.isNumber).suffix(10))
            }
            #expect(national[0] != national[1], "\(conflict.serialized())")
        }
    }

    @Test func aMissingConfigurationNamedByTheEnvironmentSaysToUnsetIt() throws {
        let crm = try CRMHarness()
        let missing = crm.directory.file("nowhere/config")
        let result = try crm.runBare(["leads", "--db", crm.database], environment: ["JIVOCRM_CONFIG": missing])
        #expect(result.status == 1)
        #expect(result.stderr.contains("named by JIVOCRM_CONFIG"), "\(result.stderr)")
        #expect(result.stderr.contains("unset JIVOCRM_CONFIG"))
        #expect(!result.stderr.contains("drop --config"))
        let flagged = try crm.runBare(["leads", "--db", crm.database, "--config", missing])
        #expect(flagged.stderr.contains("drop --config"), "\(flagged.stderr)")
    }

    @Test func destructiveVerbsWithoutYesAwayFromATerminalChangeNothingAndFail() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        _ = try server.deliver(fixture("chat_accepted"))
        #expect(server.stop() == 0)
        let id = try crm.leads()[0].id()
        let backup = crm.directory.file("copy.sqlite")
        try crm.succeed("backup", backup)
        _ = try crm.succeed("edit", String(id), "--name", "Changed After The Backup")
        let url = try crm.succeed("webhook-url")
        for arguments in [["erase", String(id)], ["restore", backup], ["token", "rotate"]] {
            let result = try crm.runBare(arguments + ["--db", crm.database, "--config", crm.configuration])
            #expect(result.status == 1, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(result.stderrLines.last?.hasPrefix("jivocrm: nothing was changed") == true, "\(result.stderr)")
            #expect(result.stderr.contains("--yes"))
        }
        #expect(try crm.show(id)["name"]?.stringValue == "Changed After The Backup")
        #expect(try crm.succeed("webhook-url") == url)
    }
}

/// Leads that arrived before any manager existed get one in bulk.
@Suite struct BulkAssignTests {
    @Test func unassignedLeadsAreAssignedInOneGo() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        for chat in 1...3 {
            _ = try server.deliver(
                fixture(
                    "chat_accepted", ("chat_id", .number(String(chat))),
                    ("visitor.email", .string("v\(chat)@example.org")), ("visitor.phone", nil),
                    ("visitor.number", .string("55\(chat)"))))
        }
        #expect(server.stop() == 0)
        #expect(try crm.leads().allSatisfy { $0["manager"] == nil || $0["manager"] == .null })
        try crm.succeed("managers", "add", "anna@example.com", "--name", "Anna Petrova")
        let assigned = try crm.succeed("assign", "--unassigned", "anna@example.com")
        #expect(assigned == "3 leads without a manager assigned to anna@example.com\n")
        let leads = try crm.leads()
        #expect(leads.allSatisfy { $0["manager"]?.stringValue == "anna@example.com" }, "\(leads)")
        #expect(try crm.succeed("assign", "--unassigned", "anna@example.com").hasPrefix("0 leads"))
        #expect(try crm.run("assign", "--unassigned", "nobody@example.com").status == 1)
    }
}
