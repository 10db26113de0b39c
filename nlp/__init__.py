"""Chinese legal text processing: pure functions and data, no web or database code."""

EXTRACTOR_VERSION = "0.1.1"  # 0.1.1: recited first-instance outcomes stored from the worker's side
