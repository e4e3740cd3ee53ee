import Foundation
import Glibc
import HTTPServer
import JivoProtocol
import Subprocess
import Testing
import TestSupport

/// The lead page behind crm_link, opened by a real headless Chromium: it renders, hostile
/// visitor and operator text shows as text, and no script of a visitor's runs.
@Suite(.serialized) struct LeadPageBrowserTests {
    /// What a script would write into the title if one ran.
    static let scriptMarker = "SCRIPT-RAN"
    static let hostileName = "<script>document.title='\(scriptMarker)'</script>Mallory"
    static let hostileDescription =
        "<img src=x onerror=\"document.title='\(scriptMarker)'\"><a href=\"javascript:alert(1)\">click</a>"

    /// `crm` served, with one lead that arrived with hostile text; the server and the lead's link.
    private func servedHostileLead(_ crm: CRMHarness) throws -> (ServeProcess, String) {
        let server = try crm.serve()
        let reply = try server.deliver(
            fixture(
                "chat_accepted", ("visitor.name", .string(Self.hostileName)),
                ("visitor.description", .string(Self.hostileDescription))))
        let link = try #require(reply["crm_link"]?.stringValue, "no crm_link in \(reply.serialized())")
        let id = try crm.leads()[0].id()
        // Operators can no longer save a javascript: link (ContactLimits), but a store may hold
        // one from before: the page must still show it as text, never as a link.
        let inserted = ChildProcess.run(
            [
                "sqlite3", crm.database,
                "INSERT INTO lead_fields(lead_id, position, title, content, link) "
                    + "VALUES (\(id), 0, 'Profile', '<b>bold</b>', 'javascript:document.title=''x''')",
            ], includingErrors: true)
        #expect(inserted.status == 0, "\(inserted.output)")
        return (server, link)
    }

    @Test func replyLinksTheLeadPageOnTheListenerWithoutPersonalData() throws {
        let crm = try CRMHarness(settings: ["crm_link_template": ""])
        let (server, link) = try servedHostileLead(crm)
        let id = try crm.leads()[0].id()
        #expect(link.hasPrefix("http://127.0.0.1:\(server.port)/lead/\(id)/"), "\(link)")
        #expect(!link.contains("Mallory") && !link.contains("example.com") && !link.contains("4084987855"))
        // `show` states the same link while that listener runs.
        let shown = try crm.succeed("show", String(id))
        #expect(shown.contains("crm_link") && shown.contains("http://127.0.0.1:\(server.port)/lead/\(id)/"), "\(shown)")
        // An operator's own crm_link still wins.
        try crm.succeed("edit", String(id), "--crm-link", "https://crm.example.com/deal/5")
        let again = try server.deliver(fixture("chat_accepted"))
        #expect(again["crm_link"]?.stringValue == "https://crm.example.com/deal/5")
    }

    @Test func forgedOrAlteredLinksAnswerTheSame404AsAnUnknownPath() throws {
        let crm = try CRMHarness(settings: ["crm_link_template": ""])
        let (server, link) = try servedHostileLead(crm)
        let path = String(link.dropFirst("http://127.0.0.1:\(server.port)".count))
        let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 10)
        let good = try client.send(path: path)
        #expect(good.status == 200)
        let csp = try #require(good.header("Content-Security-Policy"))
        #expect(csp.hasPrefix("default-src 'none'; style-src 'sha256-"), "\(csp)")
        let parts = path.split(separator: "/").map(String.init)
        let unknown = try client.send(path: "/nothing-here")
        #expect(unknown.status == 404)
        for forged in [
            "/lead/\(Int(parts[1])! + 1)/\(parts[2])/\(parts[3])",  // another lead, same signature
            "/lead/\(parts[1])/\(Int(parts[2])! + 86_400)/\(parts[3])",  // a later expiry
            "/lead/\(parts[1])/\(parts[2])/\(String(parts[3].reversed()))",  // another signature
            "/lead/\(parts[1])/\(parts[2])", "/lead/", "/lead/\(parts[1])/1/\(parts[3])",
        ] {
            let response = try client.send(path: forged)
            #expect(response.status == 404, "\(forged)")
            #expect(response.body == unknown.body, "\(forged)")
        }
    }

    @Test func chromiumRendersTheHostileLeadAsTextAndRunsNoScript() throws {
        let crm = try CRMHarness(settings: ["crm_link_template": ""])
        let (server, link) = try servedHostileLead(crm)
        let browser = try Chromium()
        let dom = try browser.dumpDOM(link)
        // The page rendered: its heading and sections are in the DOM Chromium built.
        #expect(dom.contains("<section id=\"contacts\">"), "\(dom)")
        #expect(dom.contains("email@example.com"))
        // No script ran: the title is the page's own, nothing a script would have written.
        #expect(dom.contains("<title>Lead #"), "\(dom)")
        #expect(!dom.contains("<title>\(Self.scriptMarker)"))
        // The hostile markup is text: no element came from it.
        #expect(dom.contains("&lt;script&gt;document.title="), "\(dom)")
        #expect(dom.contains("&lt;img src=x onerror="))
        #expect(dom.contains("&lt;b&gt;bold&lt;/b&gt;"))
        #expect(!dom.contains("<script"))
        #expect(!dom.contains("<img"))
        #expect(!dom.contains("<b>bold"))
        #expect(!dom.contains("<a href=\"javascript:"))
        // And the browser drew it.
        let png = try browser.screenshot(link)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 1000)
        #expect(server.stop() == 0)
    }
}

/// Debian's Chromium, headless, with a profile in a scratch directory; each call a fresh browser.
private struct Chromium {
    let executable: String
    let directory = TemporaryDirectory(prefix: "jivocrm-chromium")

    init() throws {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        executable = try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
            "Chromium is not installed; `make deps` installs it (apt-get install chromium)")
    }

    /// The DOM after loading `url` (and running whatever scripts the page allows).
    func dumpDOM(_ url: String) throws -> String {
        String(decoding: try run(["--dump-dom", url]), as: UTF8.self)
    }

    /// A PNG screenshot of `url`.
    func screenshot(_ url: String) throws -> [UInt8] {
        let file = directory.file("page.png")
        _ = try run(["--screenshot=\(file)", "--window-size=1024,768", url])
        return Array(FileManager.default.contents(atPath: file) ?? Data())
    }

    private func run(_ arguments: [String]) throws -> [UInt8] {
        let output = directory.file("out-\(UUID().uuidString)")
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        let process = try ChildProcess(
            [
                executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(directory.file("profile"))", "--timeout=20000",
            ] + arguments, environment: environment, output: .file(output))
        var waited = 0
        while process.isRunning && waited < 1200 {
            usleep(50_000)
            waited += 1
        }
        if process.isRunning {
            process.signal(SIGKILL)
            process.wait()
            throw ProcessFailure("chromium did not finish within a minute")
        }
        return Array(FileManager.default.contents(atPath: output) ?? Data())
    }
}
