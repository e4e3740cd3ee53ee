import CRMStore

/// `jivocrm merge`: one lead into another, undoable.
enum MergeCommand: Command {
    static let name = "merge"
    static let synopsis = "merge ID INTO_ID"
    static let summary = "Merge lead ID into lead INTO_ID (undo with `jivocrm unmerge`)."
    static let details = """
        Lead INTO_ID stays: lead ID's emails and phones become additional ones (a different name
        opens a conflict), and its chats, calls, tasks, notes, conflicts and visitor keys move over.
        Lead ID is kept, marked merged, for the audit trail. Prints the merge's number, which
        `jivocrm unmerge` takes; the audit trail (`jivocrm show INTO_ID`) names it too.

        example:
          jivocrm merge 57 42
        """
    static let options: [OptionSpec] = []

    static func run(_ invocation: Invocation) throws -> Int32 {
        let absorbed = try invocation.arguments.id(0, "the ID of the lead to merge away")
        let survivor = try invocation.arguments.id(1, "the INTO_ID of the lead that stays")
        try invocation.arguments.expectPositionals(atMost: 2)
        let merge = try invocation.openStore().merge(absorbed, into: survivor, actor: invocation.operatorName)
        Output.line(
            "lead #\(absorbed) merged into lead #\(survivor) (merge #\(merge)); undo with `jivocrm unmerge \(merge)`")
        return 0
    }
}

/// `jivocrm unmerge`: undoes a merge.
enum UnmergeCommand: Command {
    static let name = "unmerge"
    static let synopsis = "unmerge MERGE_ID | unmerge --split CONFLICT_ID"
    static let summary = "Undo a merge (both leads as they were before it), or a conflict's split."
    static let details = """
        The merged lead comes back with its emails and phones, and the chats, calls, tasks, notes,
        conflicts and visitor keys the merge moved go back to it; the lead that stayed gets back
        its contacts, name, description and crm_link as they were before. Changes made to it after
        the merge (a new phone, an edited name) stay, and are listed, as are the chats, calls and
        tasks that came to it since (no record says whose they were). Refuses, changing nothing,
        when something the merge moved is no longer on the lead that stayed (an email removed
        since, a chat split off): put it back, or separate the leads by hand.
        MERGE_ID is printed by `jivocrm merge` and named in the audit trail (`jivocrm show ID`).
        With --split, the lead that resolving conflict CONFLICT_ID with --split created joins the
        original lead again (with everything it gathered since), and the conflict is open again.

        examples:
          jivocrm unmerge 3
          jivocrm unmerge --split 12
        """
    static let options: [OptionSpec] = [.value("--split", "CONFLICT_ID", "undo the split that resolved this conflict")]

    static func run(_ invocation: Invocation) throws -> Int32 {
        if let text = invocation.arguments.value("--split") {
            try invocation.arguments.expectPositionals(atMost: 0)
            guard let conflict = Int64(text.hasPrefix("#") ? String(text.dropFirst()) : text), conflict > 0 else {
                throw CLIError.usage("--split takes a conflict's number, not '\(text)'")
            }
            let lead = try invocation.openStore().unsplit(conflict, actor: invocation.operatorName)
            Output.line(
                "split of conflict #\(conflict) undone: lead #\(lead) joined the original again; the conflict is open")
            return 0
        }
        let id = try invocation.arguments.id(0, "the MERGE_ID")
        try invocation.arguments.expectPositionals(atMost: 1)
        let report = try invocation.openStore().unmerge(id, actor: invocation.operatorName)
        Output.line("merge #\(id) undone: lead #\(report.absorbedID) is apart from lead #\(report.survivorID) again")
        for line in report.restored { Output.line("restored: \(line)") }
        for line in report.kept { Output.line("kept: \(line)") }
        return 0
    }
}
