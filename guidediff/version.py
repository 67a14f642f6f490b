"""The package version, in a module of its own so that every stage can import it.

It imports nothing, so ``guidediff/__init__.py`` and the modules it imports never
depend on each other's import order.
"""

__version__ = "0.1.0"
