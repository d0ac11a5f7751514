"""Demo data for Cao Bằng (`tocds load_demo`): one module per app it fills, and `load.py`, the
orchestrator that calls them in order. No app imports this package."""
