import Foundation
import Subprocess
import TestSupport

/// Runs a system tool, its output discarded; returns its exit status (-1 when it cannot start).
@discardableResult
func tool(_ path: String, _ arguments: [String]) -> Int32 {
    ChildProcess.run([path] + arguments, capture: false).status
}

/// A small ext4 filesystem on a loop device, mounted on a temporary directory and unmounted
/// (which detaches the loop device) when released. Needs root and loop devices.
final class LoopMount {
    private let directory = TemporaryDirectory(prefix: "jivocrm-mount")
    /// Where the filesystem is mounted.
    let path: String
    private var mounted = false

    /// Makes and mounts a filesystem of `megabytes`; throws if this machine does not allow it.
    init(megabytes: Int) throws {
        let image = directory.file("fs.img")
        path = directory.file("mnt")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        guard tool("/usr/bin/truncate", ["-s", "\(megabytes)M", image]) == 0,
            tool("/usr/sbin/mkfs.ext4", ["-q", "-m", "0", image]) == 0,
            tool("/usr/bin/mount", ["-o", "loop", image, path]) == 0
        else {
            throw ProcessFailure("cannot mount a loop filesystem here (needs root and /dev/loop*)")
        }
        mounted = true
    }

    deinit { unmount() }

    /// Unmounts the filesystem (lazily if something still holds it open).
    func unmount() {
        guard mounted else { return }
        mounted = false
        for file in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            tool("/usr/bin/chattr", ["-i", path + "/" + file])
        }
        if tool("/usr/bin/umount", [path]) != 0 { tool("/usr/bin/umount", ["-l", path]) }
    }

    /// Fills the filesystem's free space with a file named `name`.
    func fill(_ name: String) {
        tool("/usr/bin/dd", ["if=/dev/zero", "of=\(path)/\(name)", "bs=4096"])
    }
}

/// Whether this process may mount filesystems (root with loop devices).
var canMount: Bool { getuid() == 0 && FileManager.default.fileExists(atPath: "/dev/loop-control") }
