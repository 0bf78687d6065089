"""The local stack: real service processes, started in dependency order, stopped by PID."""
