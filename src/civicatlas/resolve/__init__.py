"""Items → Cases: which case each item of a document belongs to."""

from civicatlas.resolve.exact import resolve

__all__ = ["resolve"]
