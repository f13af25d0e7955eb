"""Sources: one module per input kind, each turning files into a RawDocument."""

from .raw import RawDocument, RawTable

__all__ = ["RawDocument", "RawTable"]
