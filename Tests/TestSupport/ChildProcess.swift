import Glibc

/// Runs a program with `posix_spawnp`, with every signal unblocked and at its default action
/// (Foundation's `Process` hands children a blocked signal mask, which leaves a tmux server
/// and the console unable to receive SIGTERM or SIGCHLD).
public enum ChildProcess {
    /// Runs `arguments` (looked up in `PATH`); returns its status and, with `capture`, its
    /// standard output (and standard error too, with `includingErrors`). Without `capture` the
    /// output goes to /dev/null, so a daemon it starts holds no pipe of ours open.
    @discardableResult
    public static func run(
        _ arguments: [String], capture: Bool = true, includingErrors: Bool = false
    ) -> (status: Int32, output: String) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return (-1, "") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if capture && includingErrors {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
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
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard spawned == 0 else { return (-1, "") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while capture {
            let count = read(fds[0], &buffer, buffer.count)
            if count > 0 {
                output += buffer[..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), String(decoding: output, as: UTF8.self))
    }
}
