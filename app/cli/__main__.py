"""`python -m app.cli`, as the tests and benchmarks run the command with the interpreter they run under."""

import sys

from app.cli import main

sys.exit(main())
