"""The model service of the reference pipeline (`python -m model --config model.json`)."""

from model.computations import FUNCTIONS, geomean_abs, mean_abs
from model.config import ConfigError, ModelConfig, load_config, parse_config
from model.messages import ModelState, Outcome, parse_message

__all__ = [
    "FUNCTIONS",
    "ConfigError",
    "ModelConfig",
    "ModelState",
    "Outcome",
    "geomean_abs",
    "load_config",
    "mean_abs",
    "parse_config",
    "parse_message",
]
