import CRMCore
import CRMStore
import HTTPServer

/// `GET /jivo/<token>/metrics`: the listener's counters and the store's facts in Prometheus's
/// text format, read on a queue of its own.
struct MetricsPage: Sendable {
    /// The store's path.
    let storePath: String
    /// How long a read waits for a lock, ms.
    let busyTimeout: Int32
    private let queue = PageQueue(label: "jivocrm-metrics")

    /// A page for the store at `storePath`.
    init(storePath: String, busyTimeout: Int32) {
        self.storePath = storePath
        self.busyTimeout = busyTimeout
    }

    /// Reads the store on the page's queue and passes the response to `done`.
    func serve(
        status: ListenerStatus, queueDepth: Int, _ done: @escaping @Sendable (HTTPResponse) -> Void
    ) {
        queue.async {
            let health = try? Store(path: storePath, busyTimeout: busyTimeout).health()
            done(
                HTTPResponse(
                    status: 200, headers: [(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")],
                    body: Array(Self.text(status: status, queueDepth: queueDepth, health: health).utf8)))
        }
    }

    /// Reads the store no more; returns once the page being read is done (``PageQueue/close()``).
    func close() {
        queue.close()
    }

    /// The exposition text; without `health` (the store could not be read) the store's metrics
    /// are left out and `jivocrm_store_readable` is 0.
    static func text(status: ListenerStatus, queueDepth: Int, health: StoreHealth?) -> String {
        let metrics = status.metrics
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        /// A family of one sample without labels.
        func single(_ name: String, _ type: String, _ help: String, _ value: CustomStringConvertible) {
            family(name, type, help)
            lines.append("\(name) \(value)")
        }
        family("jivocrm_events_total", "counter", "Webhook events committed since start, by event and outcome.")
        for (pair, count) in metrics.events.sorted(by: {
            ($0.key.event, $0.key.outcome) < ($1.key.event, $1.key.outcome)
        }) {
            lines.append("jivocrm_events_total{event=\"\(pair.event)\",outcome=\"\(pair.outcome)\"} \(count)")
        }
        family("jivocrm_reply_seconds", "histogram", "Time from reading a webhook to answering it.")
        var cumulative = 0
        for (index, bound) in ListenerMetrics.latencyBounds.enumerated() {
            cumulative += metrics.latencyBuckets[index]
            lines.append("jivocrm_reply_seconds_bucket{le=\"\(bound)\"} \(cumulative)")
        }
        lines.append("jivocrm_reply_seconds_bucket{le=\"+Inf\"} \(metrics.latencyCount)")
        lines.append("jivocrm_reply_seconds_sum \(metrics.latencySum)")
        lines.append("jivocrm_reply_seconds_count \(metrics.latencyCount)")
        single("jivocrm_queue_depth", "gauge", "Webhooks waiting for the writer.", queueDepth)
        single(
            "jivocrm_unavailable_total", "counter",
            "Webhooks answered 503 because the store refused writes and the spool could not keep them.",
            status.unavailable)
        single(
            "jivocrm_spooled_total", "counter",
            "Webhooks answered 202 because the store refused writes: kept in the spool, applied once it takes them.",
            status.spooled)
        single(
            "jivocrm_store_writable", "gauge", "1 if the last write to the store succeeded.",
            status.storeWritable ? 1 : 0)
        single(
            "jivocrm_store_readable", "gauge", "1 if the store could be read for these metrics.", health == nil ? 0 : 1)
        if let health {
            single("jivocrm_conflicts_open", "gauge", "Conflicts waiting for an operator.", health.openConflicts)
            single("jivocrm_events_stored", "gauge", "Events kept in the store.", health.events)
            single("jivocrm_forward_queue", "gauge", "Events waiting to be forwarded, over all targets.", health.outbox)
            single(
                "jivocrm_last_event_timestamp_seconds", "gauge", "When the last webhook arrived (0: never).",
                Double(health.lastEventAt ?? 0) / 1000)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
