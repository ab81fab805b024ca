# End-to-end: JPEGs as a reader shows them. A photo's EXIF orientation
# turns it on the page (all eight, the bytes embedded untouched), and an
# image a PDF reader cannot decode (too large, arithmetic coding, scans
# cut short with an EOI appended) becomes a placeholder with a warning.
. "$TP_ROOT/tests/e2e/lib.sh"
[ -x "$TP_BIN" ] || { skip images "no binary at $TP_BIN"; exit 0; }
for tool in cjpeg pdftoppm pdfimages pdftotext python3; do
	command -v $tool >/dev/null 2>&1 || { skip images "$tool missing"; exit 0; }
done
T=$TP_TMP

# A one-tweet thread in directory $1 whose photo is the file $2.
thread() {
	cat >"$1/thread.json" <<JSON
{"data":[{"id":"5","conversation_id":"5","author_id":"1","text":"A photo","attachments":{"media_keys":["3_5"]}}],
 "includes":{"users":[{"id":"1","name":"A","username":"a"}],"media":[{"media_key":"3_5","type":"photo","url":"$2"}]}}
JSON
}

# The picture: 160 x 80, a red top-left quadrant, a blue top-right one, the
# lower half green; and a noisy 400 x 300 one whose scans carry real data.
python3 - "$T" <<'PY'
import random, sys
t = sys.argv[1]
w, h = 160, 80
px = bytearray()
for y in range(h):
    for x in range(w):
        px += bytes((230, 20, 20) if y < h // 2 and x < w // 2 else (20, 20, 230) if y < h // 2 else (20, 200, 20))
open(t + "/q.ppm", "wb").write(b"P6 %d %d 255\n" % (w, h) + px)
random.seed(7)
w, h = 400, 300
open(t + "/noise.ppm", "wb").write(b"P6 %d %d 255\n" % (w, h) + bytes(random.randrange(256) for _ in range(3 * w * h)))
PY
cjpeg -quality 95 -outfile "$T/q.jpg" "$T/q.ppm"

# Orientation o, with the EXIF in big-endian (odd o) or little-endian (even o)
# byte order, right after the JFIF segment.
python3 - "$T" <<'PY'
import struct, sys
t = sys.argv[1]
d = open(t + "/q.jpg", "rb").read()
app0 = 4 + struct.unpack(">H", d[4:6])[0]
for o in range(1, 9):
    e = ">" if o % 2 else "<"
    tiff = (b"MM" if o % 2 else b"II") + struct.pack(e + "HI", 42, 8)
    tiff += struct.pack(e + "H", 2)
    tiff += struct.pack(e + "HHI", 0x010F, 2, 4) + b"Cam\0"
    tiff += struct.pack(e + "HHIHH", 0x0112, 3, 1, o, 0) + struct.pack(e + "I", 0)
    seg = b"Exif\0\0" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(seg) + 2) + seg
    open("%s/o%d.jpg" % (t, o), "wb").write(d[:app0] + app1 + d[app0:])
PY

# Where the red and the blue quadrants are in the image drawn on the page
# (T, B, L, R halves) and whether it is wider than high, from the red,
# blue and green pixels of a 72 dpi rendering.
cat >"$T/where.py" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+\d+\s", d)
W, H = int(m.group(1)), int(m.group(2))
px = d[m.end():]
box = {}
for y in range(H):
    row = px[3 * W * y:3 * W * (y + 1)]
    for x in range(W):
        r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
        c = "r" if r > 180 and g < 80 and b < 80 else "b" if b > 180 and r < 80 and g < 80 else \
            "g" if g > 150 and r < 80 and b < 80 else None
        if c:
            x0, y0, x1, y1 = box.get(c, (x, y, x, y))
            box[c] = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
if len(box) < 3:
    print("none")
    sys.exit()
X0 = min(b[0] for b in box.values()); Y0 = min(b[1] for b in box.values())
X1 = max(b[2] for b in box.values()); Y1 = max(b[3] for b in box.values())
cx, cy = (X0 + X1) / 2, (Y0 + Y1) / 2
def half(c):
    x0, y0, x1, y1 = box[c]
    return ("T" if (y0 + y1) / 2 < cy else "B") + ("L" if (x0 + x1) / 2 < cx else "R")
print(half("r"), half("b"), "wide" if X1 - X0 > Y1 - Y0 else "tall", "%dx%d" % (X1 - X0 + 1, Y1 - Y0 + 1))
PY

# Orientation: red, blue, shape the viewer shows (EXIF 1-8).
set -- "TL TR wide" "TR TL wide" "BR BL wide" "BL BR wide" "TL BL tall" "TR BR tall" "BR TR tall" "BL TL tall"
o=0
for want in "$@"; do
	o=$((o + 1))
	mkdir -p "$T/o$o"
	cp "$T/o$o.jpg" "$T/o$o/p.jpg"
	thread "$T/o$o" p.jpg
	if ! "$TP_BIN" "$T/o$o/thread.json" -o "$T/o$o.pdf" 2>"$T/o$o.err"; then
		fail images-orientation-$o "$(head -c 300 "$T/o$o.err")"
		continue
	fi
	pdftoppm -r 72 -singlefile "$T/o$o.pdf" "$T/o$o-page" 2>/dev/null
	got=$(python3 "$T/where.py" "$T/o$o-page.ppm")
	case "$got" in
	"$want "*) pass images-orientation-$o "$got" ;;
	*) fail images-orientation-$o "want $want, got $got" ;;
	esac
	# The bytes are embedded as they are: a 160 x 80 DCT image.
	pdfimages -list "$T/o$o.pdf" | awk 'NR>2 && $4==160 && $5==80 && $9=="jpeg"' | grep -q . &&
		pass images-orientation-$o-bytes-untouched ||
		fail images-orientation-$o-bytes-untouched "$(pdfimages -list "$T/o$o.pdf" | tail -n +3)"
done
# The displayed size: 160 x 80 or 80 x 160 points (1 pt per pixel).
python3 "$T/where.py" "$T/o6-page.ppm" | grep -Eq ' (79|80|81)x(159|160|161)$' && pass images-orientation-displayed-size ||
	fail images-orientation-displayed-size "$(python3 "$T/where.py" "$T/o6-page.ppm")"

# Undecodable JPEGs: each a warning naming the file, a placeholder, exit 0,
# and a PDF poppler renders without a complaint.
cjpeg -quality 90 -outfile "$T/noise.jpg" "$T/noise.ppm"
cjpeg -quality 90 -restart 1 -outfile "$T/noiser.jpg" "$T/noise.ppm"
cjpeg -quality 90 -progressive -outfile "$T/noisep.jpg" "$T/noise.ppm"
cjpeg -quality 90 -arithmetic -outfile "$T/arith.jpg" "$T/noise.ppm" 2>/dev/null
python3 - "$T" <<'PY'
import re, sys
t = sys.argv[1]
d = open(t + "/q.jpg", "rb").read()
i = d.index(b"\xff\xc0")
open(t + "/huge.jpg", "wb").write(d[:i + 5] + b"\xff\xff\xff\xff" + d[i + 9:])
open(t + "/zero.jpg", "wb").write(d[:i + 5] + b"\x00\x00" + d[i + 7:])
p = open(t + "/noisep.jpg", "rb").read()
sos = [m.start() for m in re.finditer(b"\xff\xda", p)]
# Cut at the start of the last scans: every scan there is whole, some missing.
open(t + "/prog-scans.jpg", "wb").write(p[:sos[-3]] + b"\xff\xd9")
# Cut in the middle of the largest scan.
ends = sos[1:] + [len(p) - 2]
k = max(range(len(sos)), key=lambda k: ends[k] - sos[k])
open(t + "/prog-mid.jpg", "wb").write(p[:(sos[k] + ends[k]) // 2] + b"\xff\xd9")
# Cut in the middle of the last scan: the scans cover everything, its data is short.
open(t + "/prog-last.jpg", "wb").write(p[:(sos[-1] + ends[-1]) // 2] + b"\xff\xd9")
# A baseline JPEG with restart markers cut in its scan.
b = open(t + "/noiser.jpg", "rb").read()
open(t + "/base-mid.jpg", "wb").write(b[:len(b) // 2] + b"\xff\xd9")
PY
for name in huge zero prog-scans prog-mid prog-last base-mid arith; do
	[ -s "$T/$name.jpg" ] || { skip images-undecodable-$name "could not make it"; continue; }
	mkdir -p "$T/$name"
	cp "$T/$name.jpg" "$T/$name/$name.jpg"
	thread "$T/$name" "$name.jpg"
	"$TP_BIN" "$T/$name/thread.json" -o "$T/$name.pdf" 2>"$T/$name.err"
	rc=$?
	pdftoppm -r 20 -png "$T/$name.pdf" "$T/$name-page" 2>"$T/$name.poppler"
	if [ $rc -ne 0 ]; then
		fail images-undecodable-$name "exit $rc: $(head -c 300 "$T/$name.err")"
	elif ! grep -q "cannot load image $name.jpg" "$T/$name.err"; then
		fail images-undecodable-$name "no warning: $(head -c 300 "$T/$name.err")"
	elif ! pdftotext "$T/$name.pdf" - 2>/dev/null | grep -q "Image unavailable"; then
		fail images-undecodable-$name "no placeholder"
	elif [ -s "$T/$name.poppler" ]; then
		fail images-undecodable-$name "poppler: $(head -c 300 "$T/$name.poppler")"
	else
		pass images-undecodable-$name "$(head -c 200 "$T/$name.err")"
	fi
done
# The whole progressive and baseline files still pass through.
for name in noise noiser noisep; do
	mkdir -p "$T/$name"
	cp "$T/$name.jpg" "$T/$name/$name.jpg"
	thread "$T/$name" "$name.jpg"
	"$TP_BIN" "$T/$name/thread.json" -o "$T/$name.pdf" 2>"$T/$name.err" && [ ! -s "$T/$name.err" ] &&
		pdfimages -list "$T/$name.pdf" | awk 'NR>2 && $4==400 && $5==300 && $9=="jpeg"' | grep -q . &&
		pass images-whole-$name || fail images-whole-$name "$(head -c 300 "$T/$name.err")"
done

# A PNG wider than any image we can embed: refused when it is loaded, with
# a warning naming it.
mkdir -p "$T/wide"
python3 - "$T/wide/wide.png" <<'PY'
import struct, sys, zlib
def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff)
w = 20000
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, 1, 8, 0, 0, 0, 0))
open(sys.argv[1], "wb").write(png + chunk(b"IDAT", zlib.compress(b"\0" + b"\x80" * w)) + chunk(b"IEND", b""))
PY
thread "$T/wide" wide.png
"$TP_BIN" "$T/wide/thread.json" -o "$T/wide.pdf" 2>"$T/wide.err"
rc=$?
[ $rc -eq 0 ] && grep -q "cannot load image wide.png: .*20000" "$T/wide.err" &&
	pdftotext "$T/wide.pdf" - 2>/dev/null | grep -q "Image unavailable" && pass images-png-too-wide ||
	fail images-png-too-wide "exit $rc: $(head -c 300 "$T/wide.err")"
