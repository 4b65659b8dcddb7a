"""A local emulator of the Alegra API: server, store, webhooks, seed data."""
