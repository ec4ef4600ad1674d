"""The public, tokenless job board: search, facets, the change feed and one public job."""
