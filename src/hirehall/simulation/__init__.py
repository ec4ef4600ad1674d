"""The trainer simulation: seeded trainers that answer invites, take interviews, reply to
employers' messages and submit funded milestones, through the trainer's own services."""
