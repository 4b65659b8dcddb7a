"""alegra: the command line, plugin platform and MCP server for the Alegra API.

The version is a literal: reading it needs no distribution metadata.
"""

__version__ = '0.1.0'
