#!/bin/sh
# make bench: generates the corpus once, then measures rendering (and
# fetching, where its bench script exists). Not a test: it reports numbers.
set -e
dir=$1
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/build/bench/corpus"
if [ ! -f "$corpus/thread.json" ]; then
	mkdir -p "$corpus"
	python3 "$root/tools/gen_corpus.py" "$corpus" 100 20 >/dev/null
fi
echo "== render: 100 tweets, 20 photos 1200 px ($dir)"
python3 "$root/tools/bench.py" "$root/$dir/threadpdf" "$corpus"
if [ -f "$root/tests/bench_fetch.sh" ]; then
	echo "== fetch over loopback"
	sh "$root/tests/bench_fetch.sh" "$dir"
fi
