enum DisplayTextTestsPlaceholder {}
