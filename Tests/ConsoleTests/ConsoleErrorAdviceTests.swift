import CRMStore
import Console
import Testing

/// The store says what went wrong; the console adds what to do in its own words.
@Suite struct ConsoleErrorAdviceTests {
    @Test func somethingGoneSaysToReloadWithoutACommandLineVerb() throws {
        let world = try ConsoleWorld.populated()
        let runner = EffectRunner(store: world.store, actor: "alice")
        let events = runner.run(.addNote(lead: 999_999, text: "x"))
        guard case .failed(_, let message)? = events.first else {
            Issue.record("expected a failure, got \(events)")
            return
        }
        #expect(message == "there is no lead #999999; press r to reload")
        #expect(!message.contains("jivocrm"))
    }
}
