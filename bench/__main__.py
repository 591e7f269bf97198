"""Run one benchmark (``python -m bench sms --help``) or, without a name, all of them."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name[0] != "_"
    )
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        print("benchmarks:", ", ".join(names))
        return
    chosen = [args.pop(0)] if args and args[0] in names else names
    for name in chosen:
        importlib.import_module(f"bench.{name}").main(args)


if __name__ == "__main__":
    main()
