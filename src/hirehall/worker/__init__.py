"""The durable worker (decision D40): everything that happens later, found by time on the
server clock, claimed safely by several workers, finished in transactions."""
