import CRMStore

extension IngestResult {
    /// The HTTP status the webhook answers this result with: 200 for an event kept and applied
    /// (or a redelivery of one), 400 for a body that is not an event, 415 for a compressed one,
    /// 500 for an event whose effects failed.
    var httpStatus: Int {
        switch outcome {
        case .applied, .duplicate: 200
        case .rejected(.unreadable): 400
        case .rejected(.compressed): 415
        case .failed: 500
        }
    }
}
