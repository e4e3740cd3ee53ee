@testable import Console
import Testing

@Suite struct DoorbellTests {
    @Test func ringsCoalesceUntilDrained() throws {
        let bell = try Doorbell()
        #expect(!bell.drain())
        bell.ring()
        bell.ring()
        bell.ring()
        #expect(bell.drain())
        #expect(!bell.drain())
        bell.ring()
        #expect(bell.drain())
    }

    @Test func ringsFromOtherThreadsAreSeen() async throws {
        let bell = try Doorbell()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { bell.ring() } }
        }
        #expect(bell.drain())
        #expect(!bell.drain())
    }
}
