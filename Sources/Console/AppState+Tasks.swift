import CRMCore
import DisplayText

extension AppState {
    /// How far in the past a task's due time may be, ms: the minute it is typed in still counts.
    static let dueGrace: Int64 = 60_000

    /// The form that creates a task on lead `leadID`: title, due (a delay, or a date in the
    /// operator's zone), and manager (the lead's, unless changed).
    func taskForm(_ leadID: Int64) -> Form {
        let now = now
        let manager = detail?.summary.lead.id == leadID ? detail?.summary.lead.manager?.login ?? "" : ""
        return Form(
            title: Sanitizer.line("Add a task to lead #\(leadID)"),
            fields: [
                FormField(label: "Title", validate: Self.required),
                FormField(
                    label: "Due", text: "1d",
                    validate: { [zone = settings.localTime] in
                        guard let due = TaskDue.parse($0, now: now, zone: zone) else {
                            // The example date is tomorrow's, which the form takes.
                            let tomorrow = zone.short(milliseconds: now + 86_400_000).prefix(10)
                            return Sanitizer.line("use 30m, 2h, 1d or \(tomorrow) 14:30")
                        }
                        return due < now - Self.dueGrace
                            ? "that is in the past; give a later time or a delay (2h, 1d)" : nil
                    }
                ),
                FormField(label: "Manager", text: manager),
            ])
    }
}
