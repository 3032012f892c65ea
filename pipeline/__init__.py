"""claimex: who said what in the news, grounded by character offsets."""

__version__ = "0.1.0"
