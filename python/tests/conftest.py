"""Shared pytest configuration: a hypothesis profile without deadlines (CI machines vary)."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("default")
