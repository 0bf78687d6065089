"""The OPC-UA plant simulator of the reference pipeline (`python -m opc --config opc.json`)."""

from opc.config import ConfigError, ServerConfig, load_config, parse_config
from opc.server import ALL_NODES, CONTROL_ID, HOLD_ID, PlantServer

__all__ = [
    "ALL_NODES",
    "CONTROL_ID",
    "HOLD_ID",
    "ConfigError",
    "PlantServer",
    "ServerConfig",
    "load_config",
    "parse_config",
]
