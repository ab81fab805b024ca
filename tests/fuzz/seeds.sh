#!/bin/sh
# The seed inputs of a fuzz target from the project at ROOT: X API JSON
# fixtures and samples for xv2, links for xurl, the samples' images, the
# image fixtures and tests/fuzz/seeds/image for image, the samples' texts
# for text, the archive fixtures' tweets files for archive. Prints their
# paths, one per line; with DEST,
# copies them there instead, named after their paths (several are called
# thread.json).
# Usage: seeds.sh TARGET ROOT [DEST]
t=$1
root=${2:-.}
list() {
	case "$t" in
	fuzz_xv2) ls "$root"/tests/fixtures/*.json "$root"/tests/fixtures/*.jsonl "$root"/samples/*/thread.json ;;
	fuzz_xurl) ls "$root"/tests/fuzz/seeds/xurl/* ;;
	fuzz_image) ls "$root"/samples/*/media/* "$root"/tests/fixtures/*.jpg "$root"/tests/fuzz/seeds/image/* ;;
	fuzz_archive) ls "$root"/tests/fixtures/archive/folder-2020/data/tweet.js "$root"/tests/fuzz/seeds/archive/* ;;
	fuzz_text) ls "$root"/samples/*/expected.txt "$root"/tests/fuzz/seeds/text/* ;;
	esac 2>/dev/null
}
if [ -z "$3" ]; then
	list
	exit 0
fi
list | while read -r f; do
	cp "$f" "$3/$(echo "${f#"$root"/}" | tr / _)"
done
