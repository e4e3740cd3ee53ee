import CRMStore
import Glibc

/// Why the webhook spool could not keep bodies or give them back.
public struct WebhookSpoolError: Error, CustomStringConvertible {
    private enum Reason {
        case io(path: String, call: String, code: Int32)
        case store(StoreError)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The system call `call` on the spool file (or its folder) at `path` failed with `errno`
    /// `code`.
    static func io(path: String, call: String, code: Int32) -> WebhookSpoolError {
        WebhookSpoolError(.io(path: path, call: call, code: code))
    }

    /// The store refused the spooled bodies with `error`.
    static func store(_ error: StoreError) -> WebhookSpoolError { WebhookSpoolError(.store(error)) }

    /// The store's refusal, when that is what this is.
    var storeError: StoreError? {
        if case .store(let error) = reason { error } else { nil }
    }

    /// What went wrong and what to do.
    public var description: String {
        switch reason {
        case .io(let path, let call, let code):
            "the webhook spool \(path) failed (\(call): \(String(cString: strerror(code)))); check the disk, and that "
                + "this user may read and write that file and its folder: until it works, webhooks the store refuses "
                + "are answered 503 and lost"
        case .store(let error):
            "applying spooled webhooks failed: \(error.message); they stay in the spool and are tried again each second"
        }
    }
}
