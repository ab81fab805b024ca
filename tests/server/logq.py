#!/usr/bin/env python3
"""Evaluates a Python expression over the server's request log, for the e2e
scripts: logq.py LOG INFO EXPR prints eval(EXPR) with `reqs` (list of logged
requests), `info` (the server info), `api` (requests under /2/) and `media`
(the others) in scope. Booleans print as true/false."""
import json
import sys
import time


def main():
    log, info_path, expr = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(log, encoding="utf-8") as f:
        reqs = [json.loads(line) for line in f if line.strip()]
    with open(info_path, encoding="utf-8") as f:
        info = json.load(f)
    api = [r for r in reqs if r["path"].startswith("/2/")]
    media = [r for r in reqs if not r["path"].startswith("/2/")]
    v = eval(expr, {"reqs": reqs, "info": info, "api": api, "media": media, "len": len, "all": all,
                    "any": any, "set": set, "sorted": sorted, "sum": sum, "time": time, "int": int})
    print(("true" if v else "false") if isinstance(v, bool) else v)


if __name__ == "__main__":
    main()
