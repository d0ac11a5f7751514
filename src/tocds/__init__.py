"""tocds — the operating system of a province's Community Digital Transformation Teams."""

__version__ = "0.1.0"
