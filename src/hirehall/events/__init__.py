"""The event log (decision D34): `record_event` for every domain, and `GET /updates`."""
