# End-to-end: delivery of the PDF — what -o does with FIFOs, devices,
# symlinks, directories, file modes, odd default names and signals.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip output "no binary at $TP_BIN"; exit 0; }
T=$TP_TMP
S=$TP_ROOT/samples/short/thread.json

# is_pdf FILE: the file holds a whole PDF.
is_pdf() { head -c 5 "$1" 2>/dev/null | grep -q '%PDF-' && tail -c 7 "$1" | grep -q '%%EOF'; }
# no_temps DIR: no temporary file of ours is left in DIR.
no_temps() { ! ls -A "$1" | grep -q '^\.threadpdf-'; }
# mode_of FILE: the permission bits, octal.
mode_of() { stat -c %a "$1"; }

# A FIFO is written into, not replaced: its reader gets the PDF.
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
reader=$!
timeout 60 "$TP_BIN" "$S" -o "$T/fifo" 2>"$T/stderr"
rc=$?
if [ -p "$T/fifo" ]; then wait $reader; else kill $reader 2>/dev/null; wait $reader 2>/dev/null; fi
[ $rc -eq 0 ] && [ -p "$T/fifo" ] && is_pdf "$T/from-fifo" && pass output-fifo ||
	fail output-fifo "exit $rc, fifo kept: $([ -p "$T/fifo" ] && echo yes || echo no): $(cat "$T/stderr")"

# A character device is written into, not replaced (our own null device,
# so a regression cannot replace the machine's /dev/null).
if mknod "$T/null" c 1 3 2>/dev/null; then
	"$TP_BIN" "$S" -o "$T/null" 2>"$T/stderr"
	rc=$?
	[ $rc -eq 0 ] && [ -c "$T/null" ] && no_temps "$T" && pass output-char-device ||
		fail output-char-device "exit $rc, still a device: $([ -c "$T/null" ] && echo yes || echo no)"
	rm -f "$T/null"
else
	skip output-char-device "cannot mknod (not root)"
fi

# /dev/fd/1 and /proc/self/fd/1 are stdout, whatever it is: a pipe or a file.
"$TP_BIN" "$S" -o /dev/fd/1 2>"$T/stderr" | cat >"$T/fd1-pipe.pdf"
is_pdf "$T/fd1-pipe.pdf" && pass output-dev-fd-pipe || fail output-dev-fd-pipe "$(cat "$T/stderr")"
"$TP_BIN" "$S" -o /proc/self/fd/1 >"$T/fd1-file.pdf" 2>"$T/stderr"
is_pdf "$T/fd1-file.pdf" && pass output-proc-fd-file || fail output-proc-fd-file "$(cat "$T/stderr")"
# A symlink to stdout (what /dev/stdout is) writes to stdout and stays a link.
ln -s /proc/self/fd/1 "$T/stdout-link"
"$TP_BIN" "$S" -o "$T/stdout-link" >"$T/via-link.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 0 ] && [ -L "$T/stdout-link" ] && is_pdf "$T/via-link.pdf" && pass output-stdout-symlink ||
	fail output-stdout-symlink "exit $rc, link kept: $([ -L "$T/stdout-link" ] && echo yes || echo no): $(cat "$T/stderr")"

# A symlink is followed: the target is replaced, the link stays.
mkdir -p "$T/real"
printf 'old' >"$T/real/target.pdf"
ln -s real/target.pdf "$T/link.pdf"
ln -s link.pdf "$T/link2.pdf"
"$TP_BIN" "$S" -o "$T/link2.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 0 ] && [ -L "$T/link.pdf" ] && [ -L "$T/link2.pdf" ] && is_pdf "$T/real/target.pdf" &&
	no_temps "$T" && no_temps "$T/real" && pass output-symlink-followed ||
	fail output-symlink-followed "exit $rc: $(ls -l "$T/link.pdf" "$T/link2.pdf" "$T/real"): $(cat "$T/stderr")"
# A dangling symlink: the file it names is created, the link stays.
ln -s real/new.pdf "$T/dangling.pdf"
"$TP_BIN" "$S" -o "$T/dangling.pdf" 2>"$T/stderr"
rc=$?
[ $rc -eq 0 ] && [ -L "$T/dangling.pdf" ] && is_pdf "$T/real/new.pdf" && pass output-dangling-symlink ||
	fail output-dangling-symlink "exit $rc: $(ls -l "$T/dangling.pdf" "$T/real"): $(cat "$T/stderr")"
# A symlink loop: one line, exit 4.
ln -s loop-b "$T/loop-a" && ln -s loop-a "$T/loop-b"
"$TP_BIN" "$S" -o "$T/loop-a" 2>"$T/stderr"
rc=$?
[ $rc -eq 4 ] && [ "$(lines "$T/stderr")" = 1 ] && grep -q "loop-a" "$T/stderr" && [ -L "$T/loop-a" ] &&
	pass output-symlink-loop || fail output-symlink-loop "exit $rc: $(cat "$T/stderr")"

# A directory (existing, or a name ending in /): the PDF goes into it, named
# as a batch names it, with the batch's manifest beside it.
bad=""
for d in "$T/adir" "$T/nodir/"; do
	mkdir -p "$T/adir"
	"$TP_BIN" "$S" -o "$d" -q 2>"$T/stderr"
	rc=$?
	n=$(ls "$d" 2>/dev/null | grep -c '\.pdf$')
	if [ $rc -ne 0 ] || [ "$n" != 1 ] || [ ! -f "$d/manifest.jsonl" ]; then
		bad="-o $d: exit $rc, $n PDFs: $(cat "$T/stderr")"
		break
	fi
done
[ -z "$bad" ] && pass output-directory || fail output-directory "$bad"

# -o "": one line naming the option, exit 2.
"$TP_BIN" "$S" -o "" 2>"$T/stderr"
rc=$?
[ $rc -eq 2 ] && [ "$(lines "$T/stderr")" = 1 ] && grep -q -- '-o: empty file name' "$T/stderr" &&
	pass output-empty-name || fail output-empty-name "exit $rc: $(cat "$T/stderr")"

# An existing file keeps its mode (and its owner, as root); a new one follows the umask.
printf 'old' >"$T/private.pdf" && chmod 600 "$T/private.pdf"
"$TP_BIN" "$S" -o "$T/private.pdf" 2>"$T/stderr"
[ "$(mode_of "$T/private.pdf")" = 600 ] && is_pdf "$T/private.pdf" && pass output-keeps-mode ||
	fail output-keeps-mode "mode $(mode_of "$T/private.pdf"): $(cat "$T/stderr")"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	printf 'old' >"$T/owned.pdf" && chown nobody "$T/owned.pdf" && chmod 640 "$T/owned.pdf"
	"$TP_BIN" "$S" -o "$T/owned.pdf" 2>"$T/stderr"
	[ "$(stat -c %U "$T/owned.pdf")" = nobody ] && [ "$(mode_of "$T/owned.pdf")" = 640 ] && pass output-keeps-owner ||
		fail output-keeps-owner "$(stat -c '%U %a' "$T/owned.pdf")"
else
	skip output-keeps-owner "not root"
fi
(umask 027 && "$TP_BIN" "$S" -o "$T/umask.pdf" 2>"$T/stderr")
[ "$(mode_of "$T/umask.pdf")" = 640 ] && pass output-new-follows-umask ||
	fail output-new-follows-umask "mode $(mode_of "$T/umask.pdf")"

# Default names from odd handles: never hidden, never too long.
python3 - "$S" "$T" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
for name, handle in (("dots", ".."), ("hidden", ".profile"), ("long", "h" * 300), ("slash", "../../x")):
    d = json.load(open(src))
    for u in d["includes"]["users"]:
        u["username"] = handle
    json.dump(d, open("%s/%s.json" % (out, name), "w"))
PY
for k in dots hidden long slash; do
	rm -rf "$T/names" && mkdir -p "$T/names"
	(cd "$T/names" && "$TP_BIN" "$T/$k.json" 2>"$T/stderr")
	rc=$?
	got=$(ls -A "$T/names")
	case $k in dots) want='^thread-[0-9]+\.pdf$' ;; hidden) want='^profile-[0-9]+\.pdf$' ;;
	long) want='^h+_[0-9a-f]{8}-[0-9]+\.pdf$' ;; slash) want='^_\.\._x-[0-9]+\.pdf$' ;; esac
	if [ $rc -eq 0 ] && printf '%s' "$got" | grep -Eq "$want" && [ ${#got} -le 200 ]; then
		pass "output-default-name-$k"
	else
		fail "output-default-name-$k" "exit $rc, got '$got': $(cat "$T/stderr")"
	fi
done

# A big PDF (4 photos of 13 MB) for the signal tests.
mkdir -p "$T/big" && cp -r "$TP_ROOT/samples/garden/." "$T/big/"
python3 - "$T/big/media" <<'PY'
import glob, sys
seg = b"\xff\xfe" + (65535).to_bytes(2, "big") + b"\0" * 65533
for f in glob.glob(sys.argv[1] + "/*.jpg"):
    d = open(f, "rb").read()
    open(f, "wb").write(d[:2] + seg * 200 + d[2:])
PY
mkdir -p "$T/kill"
# How long a whole run takes here, so the kills below land all over it
# (about half of a run is the write).
start=$(date +%s%N)
"$TP_BIN" "$T/big/thread.json" -o "$T/kill/new.pdf" 2>"$T/stderr" || fail output-big "$(cat "$T/stderr")"
run_ms=$((($(date +%s%N) - start) / 1000000))
printf 'the old file' >"$T/kill/old"

# Killed at random moments (SIGTERM, SIGINT, SIGHUP): no temporary file is
# left, and the target is the old file or the whole new one.
bad=""
for i in $(seq 1 30); do
	cp "$T/kill/old" "$T/kill/out.pdf"
	case $((i % 3)) in 0) sig=TERM ;; 1) sig=INT ;; 2) sig=HUP ;; esac
	env --default-signal=INT "$TP_BIN" "$T/big/thread.json" -o "$T/kill/out.pdf" 2>/dev/null &
	pid=$!
	sleep "$(od -An -N2 -tu2 /dev/urandom | awk -v ms=$run_ms '{ printf "%.3f", $1 / 65535 * ms / 1000 }')"
	kill -s $sig $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	if ! no_temps "$T/kill"; then bad="run $i (SIG$sig): temporary file left"; break; fi
	if ! cmp -s "$T/kill/out.pdf" "$T/kill/old" && ! cmp -s "$T/kill/out.pdf" "$T/kill/new.pdf"; then
		bad="run $i (SIG$sig): target neither old nor new"; break
	fi
done
[ -z "$bad" ] && pass output-killed-mid-write || fail output-killed-mid-write "$bad"

# A signal that was ignored when we started stays ignored (nohup).
(trap '' TERM; exec "$TP_BIN" "$T/big/thread.json" -o "$T/kill/nohup.pdf" 2>/dev/null) &
pid=$!
sleep "$(awk -v ms=$run_ms 'BEGIN { printf "%.3f", ms / 2000 }')"
kill -s TERM $pid 2>/dev/null
wait $pid
rc=$?
[ $rc -eq 0 ] && cmp -s "$T/kill/nohup.pdf" "$T/kill/new.pdf" && pass output-ignored-signal-kept ||
	fail output-ignored-signal-kept "exit $rc"

# Over the file size limit: a one-line error and exit 4, not a kill by
# SIGXFSZ with the temporary file left behind.
(ulimit -f 20000 && exec "$TP_BIN" "$T/big/thread.json" -o "$T/kill/limited.pdf" 2>"$T/stderr")
rc=$?
[ $rc -eq 4 ] && [ "$(lines "$T/stderr")" = 1 ] && grep -q "limited.pdf" "$T/stderr" && no_temps "$T/kill" &&
	[ ! -e "$T/kill/limited.pdf" ] && pass output-file-size-limit ||
	fail output-file-size-limit "exit $rc: $(cat "$T/stderr") $(ls -A "$T/kill")"

# The big files are 100 MB or so: gone as soon as they have served.
rm -rf "$T/big" "$T/kill"
