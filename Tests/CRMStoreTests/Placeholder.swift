enum CRMStoreTestsPlaceholder {}
