"""What the typesetter needs beyond guidediff's own dependencies, and the message when it is missing.

A module of its own so that the package's ``__init__`` and the modules that render
can both name it without importing each other.
"""

REPORTLAB_MISSING = (
    "guidediff.testing needs reportlab to render PDFs; install it with: pip install guidediff[test]"
)
