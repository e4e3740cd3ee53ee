/// Placeholder while the target is written.
enum CRMCorePlaceholder {}
