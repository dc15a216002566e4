"""The Qt-free core: pack records, loading and validation, tracing, facts and names.

Nothing in this package imports PySide6; a test checks it.
"""
