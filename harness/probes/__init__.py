"""Probes: what to ask each service. They only use addresses a target provides."""
