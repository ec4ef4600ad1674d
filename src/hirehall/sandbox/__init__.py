"""Sandbox controls: reset the world, move the clock."""
