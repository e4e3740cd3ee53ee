/// A measurement that could not be taken.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    let message: String
    /// The message.
    var description: String { message }
}
