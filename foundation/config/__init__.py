"""The academy's single configuration surface.

One traitlets ``Configurable`` per area, each in its own module of this package. Every trait has
help text with its unit; ``@default`` methods may read an ``ACADEMY_*`` environment variable and
``@validate`` rejects bad values with a :class:`foundation.errors.ConfigError` that quotes the
variable and the value. Nothing here reads the environment at import time: values are computed
when an object is built, so tests can set variables per case.
"""

from foundation.config.environment import env_bool, env_int, env_path, env_str
from foundation.config.platform import PlatformConfig

__all__ = ["PlatformConfig", "env_bool", "env_int", "env_path", "env_str"]
