"""Text utilities: the normalised view with offsets, and the article reader."""
from .normalize import NormalizedText, normalize, normalize_text

__all__ = ["NormalizedText", "normalize", "normalize_text"]
