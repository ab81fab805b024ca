#!/usr/bin/env python3
"""make bench: renders the generated 100-tweet corpus and reports wall time
(median of several runs), peak RSS and PDF bytes against the targets; where
chromium is installed, prints the same thread's HTML twin through headless
Chromium's print-to-PDF in the same run and reports the ratio.
Usage: bench.py BIN CORPUS_DIR [RUNS]"""
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

def run(cmd, **kw):
    """Runs cmd; returns (wall seconds, peak RSS of this child in KiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("bench: %s failed: %s" % (cmd[0], p.stderr.decode(errors="replace")[-500:]))
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

def measure(label, cmd, runs):
    """Runs cmd `runs` times after one warm-up; returns the median wall time."""
    run(cmd)
    walls = []
    for _ in range(runs):
        w, rss = run(cmd)
        walls.append(w)
    med = statistics.median(walls)
    print("%-28s median %8.1f ms  (min %.1f, max %.1f, %d runs)" %
          (label, med * 1000, min(walls) * 1000, max(walls) * 1000, runs))
    return med

def rss_of(cmd):
    """Peak RSS in KiB of one run of cmd, measured in a fresh child process."""
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,check=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.check_output([sys.executable, "-c", code] + cmd))

def chromium_cmd(html, out, profile):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        return None
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--no-pdf-header-footer",
            "--print-to-pdf=" + out, "file://" + os.path.abspath(html)]

def main():
    binp, corpus = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    tmp = tempfile.mkdtemp(prefix="tp-bench-")
    out = os.path.join(tmp, "thread.pdf")
    cmd = [binp, os.path.join(corpus, "thread.json"), "-o", out, "--no-cache"]
    med = measure("threadpdf render", cmd, runs)
    rss = rss_of(cmd)
    size = os.path.getsize(out)
    photos = sum(os.path.getsize(os.path.join(corpus, "media", f))
                 for f in os.listdir(os.path.join(corpus, "media")) if f.startswith("img"))
    ok_rss = rss <= 40 * 1024
    ok_size = size <= photos + 60 * 1024
    print("%-28s %8.1f MiB   target <= 40 MiB  %s" % ("peak RSS", rss / 1024, "ok" if ok_rss else "MISSED"))
    print("%-28s %8d B     photos %d B + 60 KB = %d  %s" % ("PDF bytes", size, photos, photos + 61440,
          "ok" if ok_size else "MISSED"))
    cc = chromium_cmd(os.path.join(corpus, "thread.html"), os.path.join(tmp, "chromium.pdf"),
                      os.path.join(tmp, "profile"))
    if cc:
        cmed = measure("chromium print-to-pdf", cc, 3)
        ratio = cmed / med
        print("%-28s %8.1fx     target >= 30x  %s" % ("speed-up over chromium", ratio,
              "ok" if ratio >= 30 else "MISSED"))
    else:
        print("chromium: not installed (apt-get install chromium) - no comparison")
    shutil.rmtree(tmp, ignore_errors=True)

main()
