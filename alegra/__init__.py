"""alegra: the command line, plugin platform and MCP server for the Alegra API.

The version is a literal so that ``alegra --version`` does not pay for
``importlib.metadata``.
"""

__version__ = '0.1.0'
