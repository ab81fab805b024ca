#!/usr/bin/env python3
"""make bench: renders the generated 100-tweet corpus and reports wall time
(median of several runs), peak RSS and PDF bytes against the targets; where
chromium is installed, prints the same thread's HTML twin through headless
Chromium's print-to-PDF in the same run and reports the ratio.
With --typography LATIN_DIR WORLD_DIR it also renders the same corpus
without emoji (the cost of typography: at most 2x) and a multilingual one
(target: under 100 ms). It also prints the cost of --tagged: the same
corpus rendered tagged, its extra bytes and milliseconds (no target).
Usage: bench.py BIN CORPUS_DIR [RUNS] [--typography LATIN_DIR WORLD_DIR]"""
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

def fresh(out):
    """Removes the previous run's output (outside the timed region): every run
    writes a new file, as threadpdf's default name does. Replacing a file is
    ~2 ms slower on ext4, which starts writing the new data back when a
    rename replaces a file; that is the filesystem's cost, not rendering's."""
    if out and os.path.exists(out):
        os.unlink(out)

def measure(label, cmd, runs, out=None):
    """Runs cmd `runs` times after one warm-up, each writing a new `out`;
    returns the median wall time."""
    fresh(out)
    run(cmd)
    walls = []
    for _ in range(runs):
        fresh(out)
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

def typography(binp, tmp, runs, base_med, latin, world):
    """Reports the typography cost against a Latin-only twin, and a multilingual render."""
    out = os.path.join(tmp, "t.pdf")
    lat = measure("latin-only twin", [binp, os.path.join(latin, "thread.json"), "-o", out, "--no-cache"], runs, out)
    ratio = base_med / lat
    print("%-28s %8.2fx     target <= 2x  %s" % ("typography cost", ratio, "ok" if ratio <= 2 else "MISSED"))
    wmed = measure("multilingual 100 tweets", [binp, os.path.join(world, "thread.json"), "-o", out, "--no-cache"], runs, out)
    print("%-28s %8.1f ms    target < 100 ms  %s" % ("multilingual render", wmed * 1000,
          "ok" if wmed < 0.1 else "MISSED"))

def tagged_cost(cmd, out, runs, base_med, base_size, photos):
    """Reports what --tagged adds to the corpus's render (bytes and time)
    and whether the tagged PDF keeps the size target."""
    med = measure("threadpdf render --tagged", cmd + ["--tagged"], runs, out)
    size = os.path.getsize(out)
    print("tagged: %+d bytes, %+.1f ms" % (size - base_size, (med - base_med) * 1000))
    print("%-28s %8d B     images %d B + 60 KB = %d  %s" % ("PDF bytes, --tagged", size, photos, photos + 61440,
          "ok" if size <= photos + 61440 else "MISSED"))


def main():
    args = [a for a in sys.argv[1:] if a != "--typography"]
    typo = None
    if "--typography" in sys.argv:
        i = sys.argv.index("--typography")
        typo = sys.argv[i + 1:i + 3]
        args = sys.argv[1:i]
    binp, corpus = args[0], args[1]
    runs = int(args[2]) if len(args) > 2 else 7
    tmp = tempfile.mkdtemp(prefix="tp-bench-")
    out = os.path.join(tmp, "thread.pdf")
    cmd = [binp, os.path.join(corpus, "thread.json"), "-o", out, "--no-cache"]
    med = measure("threadpdf render", cmd, runs, out)
    rss = rss_of(cmd)
    size = os.path.getsize(out)
    # The images the PDF embeds as they are: the photos and the avatar.
    photos = sum(os.path.getsize(os.path.join(corpus, "media", f))
                 for f in os.listdir(os.path.join(corpus, "media")))
    ok_rss = rss <= 40 * 1024
    ok_size = size <= photos + 60 * 1024
    print("%-28s %8.1f MiB   target <= 40 MiB  %s" % ("peak RSS", rss / 1024, "ok" if ok_rss else "MISSED"))
    print("%-28s %8d B     images %d B + 60 KB = %d  %s" % ("PDF bytes", size, photos, photos + 61440,
          "ok" if ok_size else "MISSED"))
    tagged_cost(cmd, out, runs, med, size, photos)
    if typo:
        typography(binp, tmp, runs, med, typo[0], typo[1])
    cpdf = os.path.join(tmp, "chromium.pdf")
    cc = chromium_cmd(os.path.join(corpus, "thread.html"), cpdf, os.path.join(tmp, "profile"))
    if cc:
        cmed = measure("chromium print-to-pdf", cc, 3, cpdf)
        ratio = cmed / med
        print("%-28s %8.1fx     target >= 30x  %s" % ("speed-up over chromium", ratio,
              "ok" if ratio >= 30 else "MISSED"))
    else:
        print("chromium: not installed (apt-get install chromium) - no comparison")
    shutil.rmtree(tmp, ignore_errors=True)

main()
