"""``python -m dropsurgeon ...``: the same command line as the ``dropsurgeon`` script."""

from __future__ import annotations

from .cli.app import main

if __name__ == "__main__":
    main()
