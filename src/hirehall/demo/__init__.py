"""The demo world that `make run` and `hirehall demo` load."""
