"""The core's own commands (help, auth, config), outside any resource."""
