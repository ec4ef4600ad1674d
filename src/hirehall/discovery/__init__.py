"""In-band discovery for agents: capabilities, .well-known metadata, llms.txt and auth.md."""
