"""The frozen app's entry point: the same `main` as the installed `plexus-viewer` script."""

from viewer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
