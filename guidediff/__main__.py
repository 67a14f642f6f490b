"""``python -m guidediff``."""

from guidediff.cli import main

main()
