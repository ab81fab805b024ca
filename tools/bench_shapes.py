#!/usr/bin/env python3
"""make bench: the shapes that once took quadratic time (tools/gen_shapes.py),
each rendered at N and 2N; reports the 2N time and the ratio 2N/N against
the target: linear, i.e. a ratio near 2 (at most 2.5; quadratic gives 4).
Best of RUNS runs each, so a busy machine adds less noise.
Usage: bench_shapes.py BIN WORK_DIR [RUNS=3]"""
import os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
# (label of 2N, label of N, shape, N)
# 2N of the text shapes stays under the 1 MiB cap on one JSON string (UTIL_CAP_TEXT).
SHAPES = [("1 MB paragraph", "500 KB", "paragraph", 500 * 1000),
          ("1 MB word (no breaks)", "500 KB", "token", 500 * 1000),
          ("50,000 tweets, 1 photo each", "25,000", "photos", 25000),
          ("50,000 errors[] entries", "25,000", "errors", 25000),
          ("40,000 marks on one letter", "20,000", "marks", 20000)]
MAX_RATIO = 2.5


def inputs(work, shape, count):
    """The thread.json of a shape, generated once under work."""
    d = os.path.join(work, "%s-%d" % (shape, count))
    if not os.path.exists(os.path.join(d, "thread.json")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_shapes.py"), shape, str(count), d], check=True)
    return os.path.join(d, "thread.json")


def best(binp, src, out, runs):
    """The fastest of `runs` renders of src, in seconds."""
    times = []
    for _ in range(runs):
        if os.path.exists(out):
            os.unlink(out)
        t0 = time.perf_counter()
        p = subprocess.run([binp, src, "-o", out, "--no-cache"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            sys.exit("bench: %s failed: %s" % (src, p.stderr.decode(errors="replace")[-300:]))
    return min(times)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binp, work = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    out = os.path.join(tempfile.mkdtemp(prefix="tp-shapes-"), "shape.pdf")
    for label2, label1, shape, n in SHAPES:
        t1 = best(binp, inputs(work, shape, n), out, runs)
        t2 = best(binp, inputs(work, shape, 2 * n), out, runs)
        ratio = t2 / t1 if t1 > 0 else 0
        print("%-28s %6.2f s  (%s: %.2f s, 2N/N %.1fx)  target: linear, 2N/N <= %.1fx  %s" %
              (label2, t2, label1, t1, ratio, MAX_RATIO, "ok" if ratio <= MAX_RATIO else "MISSED"))
    os.unlink(out)
    os.rmdir(os.path.dirname(out))


main()
