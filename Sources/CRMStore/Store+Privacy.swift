import Glibc

extension Store {
    /// Refuses a store other users could change: a file with the group or other write bit, or
    /// a directory anyone may write without the sticky bit (where anyone may swap the file).
    /// A store that does not exist yet passes (it is created with mode 0600).
    public static func checkPrivate(path: String) throws(StorePrivacyError) {
        var file = stat()
        if stat(path, &file) == 0, file.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            throw .writableFile(path: path, mode: file.st_mode & 0o7777)
        }
        let directory = Self.directory(of: path)
        var folder = stat()
        if stat(directory, &folder) == 0, folder.st_mode & S_IWOTH != 0, folder.st_mode & S_ISVTX == 0 {
            throw .writableDirectory(path: path, directory: directory, mode: folder.st_mode & 0o7777)
        }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
