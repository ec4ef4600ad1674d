"""API tokens: minting, keyed hashing, authentication, and the caller's identity."""
