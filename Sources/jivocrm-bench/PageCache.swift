import Glibc

/// The kernel's page cache over a store's files, for measuring with it cold or warm: how much
/// of a file it holds (`mincore` over a read-only mapping), and dropping a file from it
/// (`posix_fadvise(POSIX_FADV_DONTNEED)`, which needs no privileges and drops only this file's
/// clean pages, so the file is written back first).
enum PageCache {
    /// The size of a page in the kernel's cache, in bytes.
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// A store's files: the database and its write-ahead log (when it exists).
    static func storeFiles(_ path: String) -> [String] {
        [path, path + "-wal"].filter { access($0, F_OK) == 0 }
    }

    /// Writes back each file of `paths` and drops it from the page cache.
    static func evict(_ paths: [String]) throws(BenchError) {
        for path in paths {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .pageCache(path: path, call: "open", code: errno) }
            defer { close(descriptor) }
            guard fdatasync(descriptor) == 0 else { throw .pageCache(path: path, call: "fdatasync", code: errno) }
            let code = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
            guard code == 0 else { throw .pageCache(path: path, call: "posix_fadvise", code: code) }
        }
    }

    /// The pages of the files of `paths` that the page cache holds, and their pages in all.
    static func resident(_ paths: [String]) throws(BenchError) -> (cached: Int, pages: Int) {
        var total = (cached: 0, pages: 0)
        for path in paths {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .pageCache(path: path, call: "open", code: errno) }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw .pageCache(path: path, call: "fstat", code: errno) }
            let length = Int(status.st_size)
            guard length > 0 else { continue }
            guard let mapping = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else {
                throw .pageCache(path: path, call: "mmap", code: errno)
            }
            defer { munmap(mapping, length) }
            var vector = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
            guard mincore(mapping, length, &vector) == 0 else {
                throw .pageCache(path: path, call: "mincore", code: errno)
            }
            total.cached += vector.reduce(0) { $0 + Int($1 & 1) }
            total.pages += vector.count
        }
        return total
    }
}
