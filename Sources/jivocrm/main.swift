import Foundation
import Glibc

signal(SIGPIPE, SIG_IGN)
umask(0o077)
exit(JivoCRM.main(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
