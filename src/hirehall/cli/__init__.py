"""The `hirehall` command."""
