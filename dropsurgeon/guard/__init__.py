"""The runtime guard: ``check`` (no dropout active in eval), pytest helpers and plugin."""
