"""The MCP bridge: alegra's commands as Model Context Protocol tools."""
