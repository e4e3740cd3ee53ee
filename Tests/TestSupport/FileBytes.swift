import Glibc

/// The size in bytes of the file at `path`, nil when there is none (or it cannot be read).
public func fileBytes(_ path: String) -> Int? {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : nil
}
