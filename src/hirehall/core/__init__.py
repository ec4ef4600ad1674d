"""Framework-free domain primitives: errors, ids, clock, time format, scopes and flags."""
