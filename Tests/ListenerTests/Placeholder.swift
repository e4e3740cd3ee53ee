enum ListenerTestsPlaceholder {}
