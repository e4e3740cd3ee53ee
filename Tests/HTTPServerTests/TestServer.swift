import Glibc
import HTTPServer
import Locking

/// Starts a server on 127.0.0.1, port 0, runs `body`, and stops the server.
func withServer(
    _ configuration: HTTPServer.Configuration = HTTPServer.Configuration(),
    handler: @escaping HTTPHandler = echoHandler,
    _ body: (HTTPServer, Int) throws -> Void
) throws {
    let server = HTTPServer(configuration: configuration, handler: handler)
    let port = try server.start()
    defer { server.stop(grace: 0) }
    try body(server, port)
}

/// Answers every request at once with its method, path, target and version as headers and its
/// body echoed back.
let echoHandler: HTTPHandler = { request, responder in
    responder.send(echo(request))
}

func echo(_ request: HTTPRequest) -> HTTPResponse {
    HTTPResponse(
        status: 200,
        headers: [
            ("X-Method", request.method), ("X-Path", request.path), ("X-Target", request.target),
            ("X-Version", "\(request.version.major).\(request.version.minor)"),
        ],
        body: request.body)
}

/// A value shared between the test and handler threads.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Locked<Value>

    init(_ value: Value) {
        mutex = Locked(value)
    }

    var value: Value { mutex.withLock { $0 } }

    func update(_ body: (inout Value) -> Void) {
        mutex.withLock { body(&$0) }
    }
}

/// Runs `body` on a new detached thread after `delay` seconds.
func runOnThread(after delay: Double = 0, _ body: @escaping @Sendable () -> Void) {
    final class Work: Sendable {
        let body: @Sendable () -> Void
        let delay: Double
        init(_ body: @escaping @Sendable () -> Void, delay: Double) {
            self.body = body
            self.delay = delay
        }
    }
    var thread = pthread_t()
    let context = Unmanaged.passRetained(Work(body, delay: delay)).toOpaque()
    pthread_create(
        &thread, nil,
        { context in
            let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
            if work.delay > 0 { usleep(useconds_t(work.delay * 1_000_000)) }
            work.body()
            return nil
        }, context)
    pthread_detach(thread)
}
