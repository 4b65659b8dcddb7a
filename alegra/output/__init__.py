"""Printing records: formats, cells and the CSV formula guard."""
