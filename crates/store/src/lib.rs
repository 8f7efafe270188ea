//! The local SQLite store; its implementation lands in the next commit.
