"""Ingest: read files of any supported format, extract, and load them into the database and the search index."""
