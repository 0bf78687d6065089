"""Hypothesis settings profiles for the whole suite (harness/fuzz/profiles.py): `dev` by default, `ci`
auto-loaded when CI=true, `nightly`; choose one with `pytest --hypothesis-profile NAME`."""

from __future__ import annotations

from hypothesis import settings

from harness.fuzz import profiles

profiles.register()
settings.load_profile(profiles.default_profile())
