#!/bin/sh
# make bench: generates the corpus once, then measures rendering (and
# fetching, where its bench script exists), and the time of the shapes that
# once took quadratic time at N and 2N. Not a test: it reports numbers.
set -e
dir=$1
root=$(cd "$(dirname "$0")/.." && pwd)
b="$root/build/bench"
for script in emoji latin world; do
	if [ ! -f "$b/$script/thread.json" ]; then
		mkdir -p "$b/$script"
		python3 "$root/tools/gen_corpus.py" --script=$script "$b/$script" 100 20 >/dev/null
	fi
done
echo "== render: 100 tweets, 20 photos 1200 px ($dir)"
python3 "$root/tools/bench.py" "$root/$dir/threadpdf" "$b/emoji" 21 --typography "$b/latin" "$b/world"
echo "== scaling: shapes at N and 2N ($dir)"
python3 "$root/tools/bench_shapes.py" "$root/$dir/threadpdf" "$b/shapes"
if [ -f "$root/tests/bench_fetch.sh" ]; then
	echo "== fetch over loopback"
	sh "$root/tests/bench_fetch.sh" "$dir"
fi
echo "== batch export"
sh "$root/tests/bench_batch.sh" "$dir"
