# Helpers for the fetch e2e scripts (sourced): start/stop the loopback X API
# server and query its request log. Needs TP_ROOT and TP_TMP.

# srv_start ROUTES [xserver args...]: starts the server in the background and
# waits for it; sets SRV_PID, SRV_LOG, SRV_INFO, SRV_BASE (http://127.0.0.1:port).
srv_start() {
	routes=$1
	shift
	SRV_LOG="$TP_TMP/requests.jsonl"
	SRV_INFO="$TP_TMP/server.json"
	rm -f "$SRV_INFO"
	: >"$SRV_LOG"
	python3 "$TP_ROOT/tests/server/xserver.py" --routes "$routes" --log "$SRV_LOG" --info "$SRV_INFO" \
		--lifetime "${SRV_LIFETIME:-90}" "$@" >"$TP_TMP/server.out" 2>"$TP_TMP/server.err" &
	SRV_PID=$!
	trap 'srv_stop' EXIT
	trap 'srv_stop; exit 1' INT TERM
	i=0
	while [ ! -s "$SRV_INFO" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$SRV_INFO" ] || return 1
	SRV_BASE=$(srv_q "info['base']")
}

# srv_stop: stops the server this script started (by its pid only).
srv_stop() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=""
	fi
}

# srv_q EXPR: evaluates a Python expression over `reqs` (the logged requests,
# a list of dicts: method, host, path, query {k: [v]}, headers, client_port)
# and `info` (the server's info file: base, other, ids); prints the result.
srv_q() {
	python3 "$TP_ROOT/tests/server/logq.py" "$SRV_LOG" "$SRV_INFO" "$1"
}

# srv_id NAME: the tweet id the server made for NAME.
srv_id() {
	srv_q "info['ids']['$1']"
}

# srv_reset_log: forgets the requests logged so far.
srv_reset_log() {
	: >"$SRV_LOG"
}
