"""Webhook subscriptions and their signed deliveries (section 2.12, decision D39)."""
