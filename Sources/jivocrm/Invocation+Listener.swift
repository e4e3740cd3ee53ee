import CRMCore
import CRMStore

extension Invocation {
    /// The address of the listener serving this store (`http://HOST:PORT`): `--listen` when
    /// given, else the one a running `serve` or console recorded in the store, else the
    /// configured listen address; and whether a running listener recorded it.
    func listenerAddress(store: Store) throws -> (address: String, running: Bool) {
        if arguments.value("--listen") == nil, let record = try store.runningListener() {
            return (record.address, true)
        }
        let (host, port) = try listenAddress()
        return (WebhookURL.address(host: host, port: port), false)
    }
}
