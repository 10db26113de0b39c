"""Chinese legal text processing: pure functions and data, no web or database code."""

EXTRACTOR_VERSION = (
    "0.2.0"  # 0.2.0: judgments read without their header (requests, the recited award, unnumbered stages)
)
