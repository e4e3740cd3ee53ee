import Foundation
import Glibc
import Subprocess
import Synchronization
import Testing
import TestSupport

/// `ChildProcess` runs real programs (`/bin/sh`, `cat`, `env`, `sleep`) and is judged by what
/// they report back: exit codes, signals, streams, environment and inherited descriptors.
@Suite("Child processes: spawn, streams, status")
struct ChildProcessTests {
    @Test("the exit code comes back, and again on a second wait")
    func exitCode() throws {
        let child = try ChildProcess(["/bin/sh", "-c", "exit 7"])
        #expect(child.wait() == 7)
        #expect(child.wait() == 7)
        #expect(!child.isRunning)
    }

    @Test("a child starts with signals at their default action: SIGTERM ends it, reported as 128 + 15")
    func signalEndsChild() throws {
        try blocking(SIGTERM) { _ in
            let child = try ChildProcess(["/bin/sleep", "30"])
            #expect(child.isRunning)
            child.signal(SIGTERM)
            #expect(child.wait() == 128 + SIGTERM)
        }
    }

    @Test("standard output and error, each larger than a pipe holds, are both collected in full")
    func collectsBothStreams() throws {
        let child = try ChildProcess(
            ["/bin/sh", "-c", "head -c 300000 /dev/zero >&2; head -c 200000 /dev/zero; head -c 100000 /dev/zero >&2"],
            output: .pipe, errors: .pipe)
        let (output, errors) = child.collect()
        #expect(child.wait() == 0)
        #expect(output.count == 200_000)
        #expect(errors.count == 400_000)
    }

    @Test("standard error can follow standard output into one capture")
    func mergedStreams() {
        let (status, output) = ChildProcess.run(
            ["/bin/sh", "-c", "echo out; echo err >&2"], includingErrors: true)
        #expect(status == 0)
        #expect(output == "out\nerr\n")
        #expect(ChildProcess.run(["/bin/sh", "-c", "echo out; echo err >&2"]).output == "out\n")
    }

    @Test("another thread can signal a child while one waits for it")
    func signalWhileWaiting() throws {
        let child = try ChildProcess(["/bin/sleep", "30"])
        let ended = Mutex<Int32?>(nil)
        let signalled = Mutex(false)
        DispatchQueue.global().async {
            let status = child.wait()
            ended.withLock { $0 = status }
        }
        #expect(eventually { child.isRunning })
        usleep(100_000)
        DispatchQueue.global().async {
            child.signal(SIGTERM)
            signalled.withLock { $0 = true }
        }
        let gotThrough = eventually { signalled.withLock { $0 } }
        #expect(gotThrough, "signal(_:) waited behind wait()")
        if !gotThrough { kill(child.pid, SIGKILL) }
        #expect(eventually { ended.withLock { $0 } != nil })
        #expect(ended.withLock { $0 } == 128 + SIGTERM)
    }

    /// A child another thread is spawning at the same moment can hold a copy of the pipe's read
    /// end for a few milliseconds (until it closes its descriptors before exec), so the first
    /// write may still find a reader; the pipe breaks once that copy is gone.
    @Test("writing to a child that has stopped reading returns false and leaves no SIGPIPE behind")
    func writeAfterChildEnded() throws {
        let child = try ChildProcess(["/bin/true"], input: .pipe)
        #expect(child.wait() == 0)
        blocking(SIGPIPE) { brokenPipe in
            #expect(eventually(every: 10_000) { !child.write(Array("nobody reads this".utf8)) })
            var pending = sigset_t()
            sigpending(&pending)
            let left = sigismember(&pending, SIGPIPE) == 1
            #expect(!left, "a SIGPIPE was left pending for this thread")
            if left {
                var now = timespec()
                sigtimedwait(&brokenPipe, nil, &now)
            }
        }
    }

    @Test("standard input from a pipe: written, closed, read back")
    func inputPipe() throws {
        let child = try ChildProcess(["/bin/cat"], input: .pipe, output: .pipe)
        #expect(child.write(Array("first line\n".utf8)))
        #expect(child.readOutput() == Array("first line\n".utf8))
        #expect(child.write(Array("second".utf8)))
        child.closeInput()
        #expect(!child.write(Array("after close".utf8)))
        #expect(child.collect().output == Array("second".utf8))
        #expect(child.wait() == 0)
    }

    @Test("a given environment replaces this process's")
    func environment() {
        let (status, output) = ChildProcess.run(["/usr/bin/env"], environment: ["ONLY": "one value"])
        #expect(status == 0)
        #expect(output == "ONLY=one value\n")
    }

    @Test("a file target is emptied first, and standard error can share it")
    func fileTarget() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-child")
        let path = directory.file("log")
        try "an older run's much longer contents\n".write(toFile: path, atomically: false, encoding: .utf8)
        let child = try ChildProcess(
            ["/bin/sh", "-c", "echo one; echo two >&2"], output: .file(path), errors: .output)
        #expect(child.wait() == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\ntwo\n")
    }

    @Test("a file as standard input is read, and left as it was")
    func fileInput() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-child")
        let path = directory.file("input")
        try "first\nsecond\n".write(toFile: path, atomically: false, encoding: .utf8)
        let child = try ChildProcess(["/bin/cat"], input: .file(path), output: .pipe)
        #expect(child.collect().output == Array("first\nsecond\n".utf8))
        #expect(child.wait() == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\nsecond\n")
        #expect {
            try ChildProcess(["/bin/cat"], input: .file(directory.file("absent")))
        } throws: { error in
            let text = "\(error)"
            return text.contains(directory.file("absent")) && text.contains("child's input")
                && text.contains("No such file or directory")
        }
        #expect(fileBytes(directory.file("absent")) == nil)
    }

    @Test("a descriptor this process opened without close-on-exec does not reach the child")
    func noInheritedDescriptors() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-child")
        let path = directory.file("leak")
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
        #expect(descriptor > 2)
        defer { close(descriptor) }
        let (status, _) = ChildProcess.run(
            ["/bin/sh", "-c", "echo leaked >&\(descriptor)"], includingErrors: true)
        #expect(status != 0)
        #expect(fileBytes(path) == 0)
        let (control, _) = ChildProcess.run(["/bin/sh", "-c", "echo reached >&1"])
        #expect(control == 0)
    }

    @Test("a program that does not exist: an error naming it and why")
    func missingProgram() {
        #expect {
            try ChildProcess(["/nonexistent/jivocrm-no-such-tool"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("/nonexistent/jivocrm-no-such-tool") && text.contains("No such file or directory")
        }
        let missing = ChildProcess.run(["jivocrm-no-such-tool-on-path"])
        #expect(missing.status == -1)
        #expect(missing.output.contains("cannot run jivocrm-no-such-tool-on-path"), "\(missing.output)")
        #expect(throws: ChildProcessError.self) { try ChildProcess([]) }
    }

    @Test("an output file that cannot be opened is named in the error, and nothing is run")
    func unopenableFile() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-child")
        let marker = directory.file("ran")
        #expect {
            try ChildProcess(["/bin/sh", "-c", "touch \(marker)"], output: .file(directory.file("missing/log")))
        } throws: { error in
            let text = "\(error)"
            return text.contains(directory.file("missing/log")) && text.contains("No such file or directory")
                && !text.contains("cannot run")
        }
        #expect(fileBytes(marker) == nil)
    }

    @Test("many children spawned from several threads at once all report their own status and output")
    func concurrentSpawns() {
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for round in 0..<25 {
                let code = (thread * 25 + round) % 200
                let (status, output) = ChildProcess.run(["/bin/sh", "-c", "echo \(thread)-\(round); exit \(code)"])
                if status != Int32(code) || output != "\(thread)-\(round)\n" {
                    failures.add("thread \(thread) round \(round): status \(status), output \(output)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
    }
}

/// Runs `body` with `signal` blocked in this thread (given the set that holds only it), then
/// restores the thread's mask.
private func blocking<Result>(_ signal: Int32, _ body: (inout sigset_t) throws -> Result) rethrows -> Result {
    var only = sigset_t()
    sigemptyset(&only)
    sigaddset(&only, signal)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &only, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try body(&only)
}

/// Failures gathered from several threads.
private final class Failures: Sendable {
    private let list = Mutex<[String]>([])

    func add(_ failure: String) { list.withLock { $0.append(failure) } }

    var all: [String] { list.withLock { $0 } }
}
