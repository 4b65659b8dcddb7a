"""Bulk import and export: readers, row mapping, the journal and reports."""
