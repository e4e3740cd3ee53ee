enum JivoProtocolTestsPlaceholder {}
