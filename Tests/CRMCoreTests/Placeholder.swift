enum CRMCoreTestsPlaceholder {}
