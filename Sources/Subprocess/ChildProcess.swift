import CSpawn
import Glibc
import Locking

/// A program run as a child process with `posix_spawn`, in place of Foundation's `Process`
/// (whose `run()` on Linux walks /proc/self/fd to close descriptors and can read past a
/// directory entry's name: an intermittent SIGSEGV in the parent, swift-corelibs-foundation
/// #5472). The child starts with every signal unblocked and at its default action (`Process`
/// hands it a blocked mask, which leaves a tmux server or a console unable to take SIGTERM or
/// SIGCHLD) and with no descriptor of ours beyond its three standard streams.
///
/// The child is reaped once, by ``wait()`` (or ``isRunning`` seeing it end); the status is kept,
/// so later calls return it again. A child that is never waited for stays a zombie until this
/// process exits: callers that start one kill and wait for it.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable, Equatable {
        /// /dev/null.
        case null
        /// The file at this path: read, for standard input; for output, created (mode 0644) or
        /// emptied first.
        case file(String)
        /// A pipe to this process: ``write(_:)`` feeds standard input, ``readOutput()`` and
        /// ``collect()`` read standard output and error.
        case pipe
        /// For standard error only: the same place as standard output.
        case output
    }

    /// The child's process id.
    public let pid: pid_t
    private let input: Locked<Int32>
    private let outputPipe: Int32
    private let errorPipe: Int32
    private let status: Locked<Int32?>

    /// Starts `arguments[0]` (a path, or a name looked up in this process's `PATH`) with `arguments`, in
    /// `environment` (nil: this process's), its standard streams where `input`, `output` and
    /// `errors` say. Throws when there is nothing to run or the program cannot be started.
    public init(
        _ arguments: [String], environment: [String: String]? = nil, input: Stream = .null,
        output: Stream = .null, errors: Stream = .null
    ) throws(ChildProcessError) {
        guard let program = arguments.first else { throw ChildProcessError(.noProgram) }
        precondition(input != .output && output != .output, "only standard error can follow standard output")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipes = Pipes()
        defer { pipes.closeChildEnds() }
        do {
            try Self.plan(input, as: 0, pipes: &pipes, actions: &actions)
            try Self.plan(output, as: 1, pipes: &pipes, actions: &actions)
            try Self.plan(errors, as: 2, pipes: &pipes, actions: &actions)
        } catch {
            pipes.closeParentEnds()
            throw error
        }
        jivocrm_spawn_actions_closefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var child: pid_t = 0
        let result: Int32
        if var envp {
            result = posix_spawnp(&child, program, &actions, &attributes, &argv, &envp)
        } else {
            result = posix_spawnp(&child, program, &actions, &attributes, &argv, environ)
        }
        guard result == 0 else {
            pipes.closeParentEnds()
            throw ChildProcessError(.spawn(program, result))
        }
        pid = child
        self.input = Locked(pipes.parent[0])
        outputPipe = pipes.parent[1]
        errorPipe = pipes.parent[2]
        status = Locked(nil)
    }

    deinit {
        input.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
        }
        for descriptor in [outputPipe, errorPipe] where descriptor >= 0 { close(descriptor) }
    }

    /// Runs `arguments` to its end, standard input from /dev/null; returns its status (as
    /// ``wait()`` gives it) and, with `capture`, its standard output (with standard error too,
    /// when `includingErrors`); otherwise both go to /dev/null, so a daemon it starts holds no
    /// pipe of ours open. When it cannot be started, the status is -1 and the output says why.
    @discardableResult
    public static func run(
        _ arguments: [String], environment: [String: String]? = nil, capture: Bool = true,
        includingErrors: Bool = false
    ) -> (status: Int32, output: String) {
        let child: ChildProcess
        do {
            child = try ChildProcess(
                arguments, environment: environment, output: capture ? .pipe : .null,
                errors: capture && includingErrors ? .output : .null)
        } catch {
            return (-1, error.description)
        }
        let output = capture ? child.collect().output : []
        return (child.wait(), String(decoding: output, as: UTF8.self))
    }

    /// Waits for the child to end and reaps it; returns its exit code, or 128 plus the signal
    /// that ended it (as a shell reports it), or -1 if something outside this type reaped it.
    /// The wait holds no lock, so another thread may ``signal(_:)`` the child meanwhile.
    @discardableResult
    public func wait() -> Int32 {
        if let ended = status.withLock({ $0 }) { return ended }
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        return status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var reaped = waitpid(pid, &raw, 0)
            while reaped < 0 && errno == EINTR { reaped = waitpid(pid, &raw, 0) }
            let ended = reaped == pid ? Self.decode(raw) : -1
            status = ended
            return ended
        }
    }

    /// Whether the child is still running (an ended child is reaped here, its status kept).
    public var isRunning: Bool {
        status.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
            status = Self.decode(raw)
            return false
        }
    }

    /// Sends signal `number` to the child, unless it has been reaped (its process id may be
    /// another's by then).
    public func signal(_ number: Int32) {
        status.withLock { status in
            if status == nil { kill(pid, number) }
        }
    }

    /// Writes `bytes` to the child's standard input (a `.pipe`); false when it cannot (no pipe,
    /// closed, or the child stopped reading: then without the SIGPIPE that would end this
    /// process where it is not ignored). The input is held until the write ends, so a
    /// ``closeInput()`` from another thread waits for a write blocked on a full pipe.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        input.withLock { descriptor in
            guard descriptor >= 0 else { return false }
            var brokenPipe = sigset_t()
            sigemptyset(&brokenPipe)
            sigaddset(&brokenPipe, SIGPIPE)
            var pendingBefore = sigset_t()
            sigpending(&pendingBefore)
            var previous = sigset_t()
            pthread_sigmask(SIG_BLOCK, &brokenPipe, &previous)
            defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    if errno == EPIPE && sigismember(&pendingBefore, SIGPIPE) == 0 {
                        var now = timespec()
                        while sigtimedwait(&brokenPipe, nil, &now) < 0 && errno == EINTR {}
                    }
                    return false
                }
                written += count
            }
            return true
        }
    }

    /// Closes the child's standard input, so it reads its end.
    public func closeInput() {
        input.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
    }

    /// The next bytes the child writes to its standard output (a `.pipe`), waiting for some;
    /// empty at its end (or with no pipe).
    public func readOutput() -> [UInt8] {
        guard outputPipe >= 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(outputPipe, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Array(buffer[..<count]) : []
        }
    }

    /// Everything the child writes to its standard output and error (each a `.pipe`, or empty)
    /// until it closes them; both are read as they fill, so neither blocks the child.
    public func collect() -> (output: [UInt8], errors: [UInt8]) {
        var streams: [(descriptor: Int32, bytes: [UInt8], open: Bool)] = [
            (outputPipe, [], outputPipe >= 0), (errorPipe, [], errorPipe >= 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while streams.contains(where: \.open) {
            var polled = streams.map { pollfd(fd: $0.open ? $0.descriptor : -1, events: Int16(POLLIN), revents: 0) }
            if poll(&polled, nfds_t(polled.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in streams.indices where streams[index].open && polled[index].revents != 0 {
                let count = read(streams[index].descriptor, &buffer, buffer.count)
                if count > 0 {
                    streams[index].bytes += buffer[..<count]
                } else if count == 0 || errno != EINTR {
                    streams[index].open = false
                }
            }
        }
        return (streams[0].bytes, streams[1].bytes)
    }

    private static func decode(_ raw: Int32) -> Int32 {
        raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
    }

    /// Adds to `actions` what puts `stream` on the child's descriptor `target`, opening its file
    /// or making its pipe here (so a file that cannot be opened is named in the error, not taken
    /// for a program that cannot run).
    private static func plan(
        _ stream: Stream, as target: Int32, pipes: inout Pipes, actions: inout posix_spawn_file_actions_t
    ) throws(ChildProcessError) {
        switch stream {
        case .null:
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
        case .file(let path):
            let file =
                target == 0
                ? open(path, O_RDONLY | O_CLOEXEC) : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard file >= 0 else { throw ChildProcessError(.file(path, input: target == 0, errno)) }
            pipes.child.append(file)
            posix_spawn_file_actions_adddup2(&actions, file, target)
        case .output:
            posix_spawn_file_actions_adddup2(&actions, 1, target)
        case .pipe:
            var ends: [Int32] = [-1, -1]
            guard jivocrm_pipe2(&ends, O_CLOEXEC) == 0 else { throw ChildProcessError(.pipe(errno)) }
            let (childEnd, parentEnd) = target == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
            pipes.child.append(childEnd)
            pipes.parent[Int(target)] = parentEnd
            posix_spawn_file_actions_adddup2(&actions, childEnd, target)
        }
    }

    /// The descriptors made for one spawn: those the child gets (files and pipe ends, closed here
    /// once it has them) and our pipe ends, by the child's descriptor they serve (-1: none).
    private struct Pipes {
        var child: [Int32] = []
        var parent: [Int32] = [-1, -1, -1]

        mutating func closeChildEnds() {
            child.forEach { close($0) }
            child = []
        }

        mutating func closeParentEnds() {
            for descriptor in parent where descriptor >= 0 { close(descriptor) }
            parent = [-1, -1, -1]
        }
    }
}

/// A child process that could not be started: no program, its output file, a pipe, or the
/// program itself.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    fileprivate enum Reason: Sendable {
        case noProgram
        case file(String, input: Bool, Int32)
        case pipe(Int32)
        case spawn(String, Int32)
    }

    private let reason: Reason

    fileprivate init(_ reason: Reason) { self.reason = reason }

    /// What could not be done, why, and what to check.
    public var description: String {
        switch reason {
        case .noProgram:
            return "no program to run was given: name one first"
        case .file(let path, input: true, let code):
            return "cannot open \(path) for a child's input: \(Self.text(code)); check that it exists and is readable"
        case .file(let path, input: false, let code):
            return
                "cannot open \(path) for a child's output: \(Self.text(code)); check that its folder exists and is writable"
        case .pipe(let code):
            return
                "cannot make a pipe to a child: \(Self.text(code)); close descriptors this process holds, or raise its limit (ulimit -n)"
        case .spawn(let program, let code):
            return "cannot run \(program): \(Self.text(code)); check that it is installed, on PATH, and executable"
        }
    }

    private static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
