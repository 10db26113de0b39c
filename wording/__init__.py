"""What a person reads: every message and label the platform shows, in Chinese (internal codes stay internal)."""
