"""Server-rendered pages for people (the claim page), from templates shipped in the package."""
