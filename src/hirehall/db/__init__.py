"""Database access: engine setup per dialect, declarative base, column types and models."""
