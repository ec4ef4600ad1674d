"""hirehall: a wire-compatible OpenTrain API server."""
