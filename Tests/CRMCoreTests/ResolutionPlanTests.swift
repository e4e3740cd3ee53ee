import CRMCore
import Testing

@Suite("Resolution plans: what each choice does to the lead")
struct ResolutionPlanTests {
    @Test("keep-current keeps every kind of conflict as it is")
    func keepCurrent() throws {
        for field in ContactField.allCases {
            #expect(try ResolutionPlan(field: field, resolution: .keepCurrent) == .keep)
        }
    }

    @Test("take-incoming sets a plain value, replaces an email or phone, and merges duplicate leads")
    func takeIncoming() throws {
        #expect(try ResolutionPlan(field: .name, resolution: .takeIncoming) == .setValue(.name))
        #expect(try ResolutionPlan(field: .description, resolution: .takeIncoming) == .setValue(.description))
        #expect(try ResolutionPlan(field: .crmLink, resolution: .takeIncoming) == .setValue(.crmLink))
        #expect(try ResolutionPlan(field: .email, resolution: .takeIncoming) == .replaceContact(.email))
        #expect(try ResolutionPlan(field: .phone, resolution: .takeIncoming) == .replaceContact(.phone))
        #expect(try ResolutionPlan(field: .duplicate, resolution: .takeIncoming) == .mergeDuplicates)
    }

    @Test("keep-both adds an email or phone, and keeps duplicate leads apart")
    func keepBoth() throws {
        #expect(try ResolutionPlan(field: .email, resolution: .keepBoth) == .addContact(.email))
        #expect(try ResolutionPlan(field: .phone, resolution: .keepBoth) == .addContact(.phone))
        #expect(try ResolutionPlan(field: .duplicate, resolution: .keepBoth) == .keep)
    }

    @Test("split applies to names, emails and phones")
    func split() throws {
        for field in [ContactField.name, .email, .phone] {
            #expect(try ResolutionPlan(field: field, resolution: .split) == .split(field))
        }
    }

    @Test("a choice that does not apply is refused, naming the ones that do, without a command-line flag")
    func refused() {
        for field in ContactField.allCases {
            let allowed = ResolutionPlan.resolutions(for: field)
            for resolution in Resolution.allCases where !allowed.contains(resolution) {
                let error = #expect(throws: CRMError.self) { try ResolutionPlan(field: field, resolution: resolution) }
                #expect(error?.kind == .invalidArgument)
                #expect(error?.message.contains(allowed.map(\.rawValue).joined(separator: " or ")) == true)
                #expect(error?.message.contains("--") == false)
            }
            for resolution in allowed {
                #expect((try? ResolutionPlan(field: field, resolution: resolution)) != nil)
            }
        }
    }

    @Test("a split and a merge have their own undo; the rest are undoable operations")
    func operations() throws {
        #expect(try ResolutionPlan(field: .phone, resolution: .split).isOperation == false)
        #expect(try ResolutionPlan(field: .duplicate, resolution: .takeIncoming).isOperation == false)
        #expect(try ResolutionPlan(field: .phone, resolution: .keepBoth).isOperation)
        #expect(try ResolutionPlan(field: .name, resolution: .takeIncoming).isOperation)
        #expect(try ResolutionPlan(field: .duplicate, resolution: .keepBoth).isOperation)
    }
}
