import CRMStore
import Glibc
import Testing
import TestSupport

/// `Store.checkPrivate(path:)`: what the console refuses to open.
@Suite struct StorePrivacyTests {
    private func store(mode: mode_t, directoryMode: mode_t = 0o700) throws -> (TemporaryDirectory, String, String) {
        let directory = TemporaryDirectory(prefix: "jivocrm-private")
        let folder = directory.file("data")
        #expect(mkdir(folder, 0o700) == 0)
        let path = folder + "/crm.sqlite"
        _ = try Store(path: path)
        #expect(chmod(path, mode) == 0)
        #expect(chmod(folder, directoryMode) == 0)
        return (directory, folder, path)
    }

    @Test(arguments: [mode_t(0o600), 0o400, 0o640, 0o644, 0o700])
    func privateStoresPass(mode: mode_t) throws {
        let (directory, _, path) = try store(mode: mode)
        try Store.checkPrivate(path: path)
        withExtendedLifetime(directory) {}
    }

    @Test(arguments: [mode_t(0o620), 0o602, 0o666, 0o660, 0o622])
    func storesOthersCanWriteAreRefusedWithTheFix(mode: mode_t) throws {
        let (directory, _, path) = try store(mode: mode)
        let error = #expect(throws: StorePrivacyError.self) { try Store.checkPrivate(path: path) }
        #expect(error == .writableFile(path: path, mode: UInt32(mode)))
        #expect(error?.description.contains("chmod 600 \(path)") == true)
        withExtendedLifetime(directory) {}
    }

    @Test func worldWritableDirectoryWithoutStickyBitIsRefused() throws {
        let (directory, folder, path) = try store(mode: 0o600, directoryMode: 0o777)
        let error = #expect(throws: StorePrivacyError.self) { try Store.checkPrivate(path: path) }
        #expect(error == .writableDirectory(path: path, directory: folder, mode: 0o777))
        #expect(error?.description.contains("chmod o-w \(folder)") == true)
        withExtendedLifetime(directory) {}
    }

    @Test func stickyWorldWritableDirectoryPasses() throws {
        let (directory, _, path) = try store(mode: 0o600, directoryMode: 0o1777)
        try Store.checkPrivate(path: path)
        withExtendedLifetime(directory) {}
    }

    @Test func aStoreNotCreatedYetPasses() throws {
        let directory = TemporaryDirectory(prefix: "jivocrm-private")
        try Store.checkPrivate(path: directory.file("new.sqlite"))
    }
}
