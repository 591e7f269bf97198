"""``python -m bench``: the quick benchmarks; ``python -m bench NAME --help`` for one of them.

Every benchmark module has ``main(argv)`` and prints its figures beside their targets."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

#: What ``python -m bench`` runs without a name (the network-scale ones need generated data).
DEFAULT = ["lottery", "http_load", "sms", "signin", "network"]


def main() -> int:
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name[0] != "_"
    )
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        print("benchmarks:", ", ".join(names), "| default:", ", ".join(DEFAULT))
        return 0
    chosen = [args.pop(0)] if args and args[0] in names else DEFAULT
    failed = False
    for name in chosen:
        failed |= importlib.import_module(f"bench.{name}").main(args) is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
