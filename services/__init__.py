"""Services: what the CLI and the web both call, with typed inputs and outputs."""
