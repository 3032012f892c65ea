"""Execution engines other than the local one in `claimex.run` (optional extras).

`ray_engine`: the same pipeline on Ray Data (`pip install claimex[ray]`).
"""
