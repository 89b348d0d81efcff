"""Settings package: everything comes from the environment (see base.py)."""
from .base import *  # noqa: F401,F403
