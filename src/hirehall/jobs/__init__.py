"""Jobs: drafts, published postings, closing."""
