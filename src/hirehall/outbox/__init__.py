"""What the platform sends (emails, notifications), recorded in the outbox."""
