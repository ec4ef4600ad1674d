"""Proposals: invites to trainers and trainers' applications, as the employer sees them."""
