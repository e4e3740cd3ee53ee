import Foundation
import Subprocess
import Testing
import TestSupport

/// The man page and the bash, zsh and fish completions come from the command table `--help`
/// shows: every verb and every flag of every verb is in each.
@Suite struct DocumentationTests {
    /// Every verb `--help` lists, with the flags its own `--help` lists (its options and the
    /// global ones).
    private func verbsAndFlags(_ crm: CRMHarness) throws -> [(verb: String, flags: [String])] {
        let overview = try crm.runBare(["--help"]).stdout
        let verbs = overview.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), let word = line.split(separator: " ").first, !word.hasPrefix("-") else {
                return nil
            }
            return String(word)
        }
        return try verbs.map { verb in
            let help = try crm.runBare([verb, "--help"]).stdout
            let flags = help.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  --"), let flag = line.split(separator: " ").first else { return nil }
                return String(flag)
            }
            return (verb, flags)
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionsListEveryVerbAndFlag(shell: String) throws {
        let crm = try CRMHarness()
        let result = try crm.runBare(["completions", shell])
        #expect(result.status == 0, "\(result.stderr)")
        let script = result.stdout
        let table = try verbsAndFlags(crm)
        #expect(table.count >= 20)
        for (verb, flags) in table {
            #expect(script.contains(shell == "fish" ? "-a \(verb) " : verb), "\(shell): \(verb)")
            #expect(flags.contains("--db") && flags.contains("--help"))
            for flag in flags {
                let written = shell == "fish" ? "-l \(flag.dropFirst(2))" : flag
                #expect(script.contains(written), "\(shell): \(verb) \(flag)")
            }
        }
        if shell == "bash" {
            let file = crm.directory.file("jivocrm.bash")
            try script.write(toFile: file, atomically: true, encoding: .utf8)
            let check = ChildProcess.run(["bash", "-n", file], includingErrors: true)
            #expect(check.status == 0, "\(check.output)")
            // Completing `jivocrm ser` and `jivocrm serve --li` in a real bash.
            let run = ChildProcess.run([
                "bash", "-c",
                "source \(file); COMP_WORDS=(jivocrm ser); COMP_CWORD=1; _jivocrm; echo ${COMPREPLY[*]}; "
                    + "COMP_WORDS=(jivocrm --db x.sqlite serve --li); COMP_CWORD=4; _jivocrm; echo ${COMPREPLY[*]}",
            ])
            #expect(run.output == "serve\n--listen\n", "\(run.output)")
        }
    }

    @Test func manPageDocumentsEveryVerbAndFlag() throws {
        let crm = try CRMHarness()
        let result = try crm.runBare(["man"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(".TH JIVOCRM 1 "))
        let text = result.stdout.replacing("\\-", with: "-")
        for (verb, flags) in try verbsAndFlags(crm) {
            #expect(text.contains(".B jivocrm \(verb)"), "\(verb)")
            for flag in flags { #expect(text.contains(".B \(flag)"), "\(verb) \(flag)") }
        }
        // No line of visitor-proof prose starts a roff request by accident.
        for line in result.stdout.split(separator: "\n") where line.hasPrefix(".") {
            #expect(
                [".TH", ".SH", ".B", ".BR", ".TP", ".RS", ".RE", ".PP", ".nf", ".fi", ".I"].contains {
                    line == $0 || line.hasPrefix($0 + " ")
                }, "\(line)")
        }
    }
}
