"""Employer organizations (accounts) and their users."""
