# shellcheck shell=bash
# Packet captures during a test, and the tshark check that what we put on the wire decodes cleanly.

declare -gA CAPTURE_PID=()

# capture_start NAME SIDE_OR_NS IFACE [FILTER]: tcpdump into $SCEN_DIR/NAME.pcap until capture_stop.
# The default filter takes IKE and ESP-in-UDP (500, 4500) and plain ESP.
capture_start() {
  local name=$1 where=$2 iface=$3 filter=${4:-"udp port 500 or udp port 4500 or esp"} ns pid
  ns=${SIDE_NS[$where]:-$where}
  local pcap=$SCEN_DIR/$name.pcap err=$SCEN_DIR/$name.tcpdump.log
  # --immediate-mode: without it packets wait in the kernel ring until a block fills or times out,
  # and a capture stopped within a second of a short exchange has written none of them.
  ip netns exec "$ns" tcpdump --immediate-mode -i "$iface" -n -U -s 0 -w "$pcap" "$filter" 2>"$err" &
  pid=$!
  CAPTURE_PID[$name]=$pid
  on_cleanup "capture_stop $name"
  wait_until 5 grep -q "listening on" "$err" || fail "tcpdump did not start: $(cat "$err")"
  track_pid "$pid"
}

# capture_stop NAME: ends tcpdump (SIGINT, so it flushes) and prints the pcap path.
capture_stop() {
  local name=$1 pid=${CAPTURE_PID[$1]:-} i
  if [[ -n "$pid" ]]; then
    kill -INT "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill_pid "$pid" 1
    CAPTURE_PID[$name]=""
  fi
  echo "$SCEN_DIR/$name.pcap"
}

# capture_count PCAP DISPLAY_FILTER: number of packets tshark matches.
capture_count() { tshark -r "$1" -Y "$2" 2>/dev/null | wc -l; }

# check_tshark_clean PCAP [MIN_PACKETS]: tshark -V decodes every packet without "Malformed" or an
# error-severity expert info; fails listing the offending frames otherwise.
check_tshark_clean() {
  local pcap=$1 min=${2:-1} txt n bad
  txt=$pcap.tshark.txt
  tshark -r "$pcap" -V >"$txt" 2>&1 || fail "tshark cannot read $pcap: $(tail -3 "$txt")"
  n=$(grep -c '^Frame [0-9]*:' "$txt" || true)
  ((n >= min)) || fail "$pcap: $n packets captured, expected at least $min"
  bad=$(awk '/^Frame [0-9]+:/ {frame = $2} /Malformed|Expert Info \(Error/ {print "frame " frame " " $0}' "$txt" |
    sed 's/^ *//' | head -20)
  [[ -z "$bad" ]] || fail "tshark reports errors in $pcap:"$'\n'"$bad"
  note "tshark: $n packets in $(basename "$pcap") decode cleanly ($(tshark -r "$pcap" -T fields -e _ws.col.Protocol 2>/dev/null | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}'))"
}
