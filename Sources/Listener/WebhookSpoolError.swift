import CRMStore
import Glibc

/// Why the webhook spool (``WebhookSpool``) could not keep bodies or give them back.
public enum WebhookSpoolError: Error, CustomStringConvertible {
    /// The system call `call` on the spool file at `path` failed with `errno` `code`.
    case io(path: String, call: String, code: Int32)
    /// The store refused the spooled bodies.
    case store(StoreError)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .io(let path, let call, let code):
            "the webhook spool \(path) failed (\(call): \(String(cString: strerror(code)))); check the disk and "
                + "that folder's permissions: until it works, webhooks the store refuses are answered 503 and lost"
        case .store(let error):
            "applying spooled webhooks failed: \(error.message); they stay in the spool and are tried again each second"
        }
    }
}
