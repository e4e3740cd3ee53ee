import CRMCore
import CRMStore
import HTTPServer
import JivoProtocol

/// Serves lead pages: checks a `/lead/…` link's signature and expiry against the store's key and
/// renders the page from the store, on a queue of its own (never on the event loop or the
/// writer). Any link that is malformed, forged, expired or points at no lead gets the same 404
/// as an unknown path.
struct LeadPageServer: Sendable {
    /// The store's path.
    let storePath: String
    /// The CRM settings the store is opened with.
    let settings: CRMSettings
    /// How long a read waits for a lock, ms.
    let busyTimeout: Int32
    /// The queue pages are rendered on.
    private let queue = PageQueue(label: "jivocrm-lead-pages")

    /// A server for the store at `storePath`.
    init(storePath: String, settings: CRMSettings, busyTimeout: Int32) {
        self.storePath = storePath
        self.settings = settings
        self.busyTimeout = busyTimeout
    }

    /// Renders the page for `request` on the pages' queue and passes the response to `done`.
    func serve(_ request: HTTPRequest, _ done: @escaping @Sendable (HTTPResponse) -> Void) {
        let path = request.path
        let method = request.method
        queue.async {
            done(response(method: method, path: path, now: Store.systemMilliseconds() / 1000))
        }
    }

    /// Renders no page more; returns once the page being rendered is done (``PageQueue/close()``).
    func close() {
        queue.close()
    }

    /// The response to `method path` at `now` (Unix seconds).
    func response(method: String, path: String, now: Int64) -> HTTPResponse {
        guard method == "GET" || method == "HEAD" else { return Self.notFound }
        do {
            let store = try Store(path: storePath, settings: settings, busyTimeout: busyTimeout)
            guard let key = try store.existingLeadPageKey(),
                let id = LeadPageLink.verify(path: path, key: key, now: now),
                var detail = try store.detail(id)
            else { return Self.notFound }
            if detail.mergedInto != nil, let holder = try store.mergedInto(id), let merged = try store.detail(holder) {
                detail = merged
            }
            return HTTPResponse(status: 200, headers: LeadPage.headers, body: Array(LeadPage.html(detail).utf8))
        } catch {
            return HTTPResponse(
                status: 503, headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")],
                body: Array("the store cannot be read right now; try again later\n".utf8))
        }
    }

    /// The answer to anything that is not a valid page link: the listener's usual 404.
    static var notFound: HTTPResponse {
        HTTPResponse(
            status: 404, headers: [(name: "Content-Type", value: "application/json; charset=utf-8")],
            body: ChatReply.error("not found").serializedBytes())
    }
}
