# End-to-end: a saved thread embeds only local files from its own folder
# (after symlinks); absolute paths, "..", file:// and symlinks leading out
# are placeholders with a warning that names the URL and nothing about the
# file, unless --allow-local-media says the user means it.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip media-local "no binary at $TP_BIN"; exit 0; }
command -v pdfimages >/dev/null || { skip media-local "no pdfimages"; exit 0; }
T=$TP_TMP
G=$TP_ROOT/samples/garden

# images FILE: how many photos and avatars the PDF holds (pdfimages -list
# rows 64 pixels wide or more: the colour emoji are smaller).
images() { pdfimages -list "$1" 2>/dev/null | tail -n +3 | awk '$4 >= 64' | wc -l | tr -d ' '; }

# The garden sample as is: every image from its own folder, no warning.
"$TP_BIN" "$G/thread.json" -o "$T/garden.pdf" 2>"$T/garden.err"
rc=$?
n=$(images "$T/garden.pdf")
[ $rc -eq 0 ] && [ ! -s "$T/garden.err" ] && [ "$n" -ge 5 ] && pass media-local-garden ||
	fail media-local-garden "exit $rc, $n images: $(head -c 300 "$T/garden.err")"

# A symlink that stays inside the folder is followed.
cp -r "$G" "$T/inside"
mkdir -p "$T/inside/store" && mv "$T/inside/media/beds.jpg" "$T/inside/store/beds.jpg"
ln -s ../store/beds.jpg "$T/inside/media/beds.jpg"
"$TP_BIN" "$T/inside/thread.json" -o "$T/inside.pdf" 2>"$T/inside.err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/inside.err" ] && [ "$(images "$T/inside.pdf")" = "$n" ] && pass media-local-symlink-inside ||
	fail media-local-symlink-inside "exit $rc: $(head -c 300 "$T/inside.err")"

# Every image of a copy of the garden points out of its folder.
mkdir -p "$T/outside"
cp -r "$G" "$T/g"
mv "$T/g/media/beds.jpg" "$T/outside/secret.jpg"
mv "$T/g/media/seedlings.png" "$T/outside/secret.png"
mv "$T/g/media/beans-preview.jpg" "$T/outside/preview.jpg"
mv "$T/g/media/tomatoes.jpg" "$T/outside/tomatoes.jpg"
ln -s "$T/outside/tomatoes.jpg" "$T/g/media/tomatoes.jpg"
head -c 651 /dev/urandom >"$T/outside/notes.txt"
python3 - "$T/g/thread.json" "$T/outside" <<'PY'
import sys
path, out = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
for old, new in [("media/beds.jpg", out + "/secret.jpg"),
                 ("media/seedlings.png", "../outside/secret.png"),
                 ("media/beans-preview.jpg", "file://" + out + "/preview.jpg"),
                 ("media/avatar.jpg", out + "/notes.txt"),
                 ("media/avatar-seedlib.jpg", "../outside/missing.jpg")]:
    assert old in s, old
    s = s.replace('"' + old + '"', '"' + new + '"')
open(path, "w", encoding="utf-8").write(s)
PY

"$TP_BIN" "$T/g/thread.json" -o "$T/g.pdf" 2>"$T/g.err"
rc=$?
got=$(images "$T/g.pdf")
[ $rc -eq 0 ] && [ "$got" = 0 ] && pass media-local-nothing-embedded ||
	fail media-local-nothing-embedded "exit $rc, $got image(s) embedded from outside the folder"
unnamed=
for u in "$T/outside/secret.jpg" "../outside/secret.png" "file://$T/outside/preview.jpg" \
	media/tomatoes.jpg "$T/outside/notes.txt" ../outside/missing.jpg; do
	grep -qF -- "cannot load image $u: " "$T/g.err" || unnamed="$unnamed $u"
done
[ -z "$unnamed" ] && pass media-local-warning-names-url ||
	fail media-local-warning-names-url "no warning names$unnamed: $(cat "$T/g.err")"
pdftotext "$T/g.pdf" - 2>/dev/null | grep -q "Image unavailable" && pass media-local-placeholder ||
	fail media-local-placeholder "no placeholder drawn"
# Nothing about the files: no size, no "not an image", no "not found".
if grep -Eiq 'bytes|not an image|not found|no such|regular|directory|damaged' "$T/g.err"; then
	fail media-local-warning-says-nothing "$(cat "$T/g.err")"
else
	pass media-local-warning-says-nothing
fi
# A refused file that exists and one that does not get the same words.
a=$(grep -F "../outside/secret.png" "$T/g.err" | sed 's|\.\./outside/secret\.png|URL|')
b=$(grep -F "../outside/missing.jpg" "$T/g.err" | sed 's|\.\./outside/missing\.jpg|URL|')
[ -n "$a" ] && [ "$a" = "$b" ] && pass media-local-existence-hidden ||
	fail media-local-existence-hidden "'$a' vs '$b'"

# --allow-local-media: the user means it.
"$TP_BIN" "$T/g/thread.json" --allow-local-media -o "$T/allow.pdf" 2>"$T/allow.err"
rc=$?
got=$(images "$T/allow.pdf")
[ $rc -eq 0 ] && [ "$got" -ge 4 ] && grep -q "notes.txt: not an image" "$T/allow.err" && pass media-local-allow ||
	fail media-local-allow "exit $rc, $got images: $(head -c 300 "$T/allow.err")"

# stdin: the folder is the current directory.
(cd "$G" && "$TP_BIN" - -o "$T/stdin.pdf" <thread.json 2>"$T/stdin.err")
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/stdin.err" ] && [ "$(images "$T/stdin.pdf")" = "$n" ] && pass media-local-stdin-cwd ||
	fail media-local-stdin-cwd "exit $rc: $(head -c 300 "$T/stdin.err")"
(cd "$T/g" && "$TP_BIN" - -o "$T/stdin2.pdf" <thread.json 2>"$T/stdin2.err")
[ "$(images "$T/stdin2.pdf")" = 0 ] && pass media-local-stdin-confined ||
	fail media-local-stdin-confined "$(images "$T/stdin2.pdf") image(s) from outside the current directory"
