# shellcheck shell=bash disable=SC2034 # the topology variables are read by scenario.sh and tests
# Test topologies in network namespaces. Every namespace is named "$NSP-<role>" (NSP is set per
# scenario by run_scenario, or by the caller), is registered for removal at exit, and any process
# still inside it is ended (by PID, from `ip netns pids`) before the namespace is deleted.
#
#   topo_pair   left 192.0.2.1 (vl) <-> right 192.0.2.2 (vr) on one veth, plus
#               2001:db8:1::1 <-> 2001:db8:1::2; inner 10.1.0.1/24 + fd01::1/64 on left's lo,
#               10.2.0.1/24 + fd02::1/64 on right's lo (this kernel has no dummy interfaces).
#   topo_nat    left 172.16.0.1 (vl) -> middle 172.16.0.254 (ml) | 192.0.2.254 (mr), nftables
#               masquerade with UDP source ports forced into 40000-49999 -> right 192.0.2.2 (vr).
#               Right sees left's IKE from 192.0.2.254:4xxxx. Same inner addresses (IPv4 only).
#   topo_loss   NS DEV PERCENT: drop PERCENT % of IKE packets arriving on DEV (UDP 500, and UDP
#               4500 with the non-ESP marker) with nftables `numgen random`; ESP is never dropped.
#
# After topo_pair/topo_nat these are set: NS_L NS_R [NS_M] IF_L IF_R, ADDR_L ADDR_R (outer
# addresses each side binds), PEER_OF_L / PEER_OF_R (what each side puts in remote_addrs),
# INNER_L INNER_R NET_L NET_R, and the IPv6 ADDR6_* INNER6_* NET6_* (pair only), TOPO, NAT_PUBLIC.

TOPO_NAMESPACES=()

# topo_remove_matching REGEX: end the processes in, then delete, every namespace matching REGEX.
topo_remove_matching() {
  local regex=$1 ns pid pids=() spaces=()
  while read -r ns _; do
    if [[ -n "$ns" && "$ns" =~ $regex ]]; then spaces+=("$ns"); fi
  done < <(ip netns list 2>/dev/null)
  ((${#spaces[@]})) || return 0
  for ns in "${spaces[@]}"; do
    while read -r pid; do
      if [[ -n "$pid" ]]; then pids+=("$pid"); fi
    done < <(ip netns pids "$ns" 2>/dev/null)
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local i alive
    for ((i = 0; i < 150; i++)); do # charon with many SAs needs seconds to stop
      alive=0
      for pid in "${pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then alive=1; fi
      done
      ((alive)) || break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  for ns in "${spaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}

_topo_ns_add() { # NAME
  ip netns add "$1"
  TOPO_NAMESPACES+=("$1")
  on_cleanup "topo_remove_matching '^$1\$'"
  ip -n "$1" link set lo up
  # no router advertisements or DAD delays in tests
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

_topo_inner() {
  INNER_L=10.1.0.1 INNER_R=10.2.0.1 NET_L=10.1.0.0/24 NET_R=10.2.0.0/24
  ip -n "$NS_L" addr add "$INNER_L/24" dev lo
  ip -n "$NS_R" addr add "$INNER_R/24" dev lo
}

topo_pair() {
  NS_L=$NSP-l NS_R=$NSP-r NS_M="" IF_L=vl IF_R=vr TOPO=pair NAT_PUBLIC=""
  _topo_ns_add "$NS_L"
  _topo_ns_add "$NS_R"
  ip link add "$IF_L" netns "$NS_L" type veth peer name "$IF_R" netns "$NS_R"
  ADDR_L=192.0.2.1 ADDR_R=192.0.2.2
  ADDR6_L=2001:db8:1::1 ADDR6_R=2001:db8:1::2
  ip -n "$NS_L" addr add "$ADDR_L/24" dev "$IF_L"
  ip -n "$NS_R" addr add "$ADDR_R/24" dev "$IF_R"
  ip -n "$NS_L" addr add "$ADDR6_L/64" dev "$IF_L" nodad
  ip -n "$NS_R" addr add "$ADDR6_R/64" dev "$IF_R" nodad
  ip -n "$NS_L" link set "$IF_L" up
  ip -n "$NS_R" link set "$IF_R" up
  _topo_inner
  INNER6_L=fd01::1 INNER6_R=fd02::1 NET6_L=fd01::/64 NET6_R=fd02::/64
  ip -n "$NS_L" addr add "$INNER6_L/64" dev lo nodad
  ip -n "$NS_R" addr add "$INNER6_R/64" dev lo nodad
  PEER_OF_L=$ADDR_R PEER_OF_R=$ADDR_L
  wait_until 5 ip netns exec "$NS_L" ping -c1 -W1 "$ADDR_R" || fail "topo_pair: veth not passing IPv4"
  wait_until 5 ip netns exec "$NS_L" ping -6 -c1 -W1 "$ADDR6_R" || fail "topo_pair: veth not passing IPv6"
  note "topology pair: $NS_L $ADDR_L/$ADDR6_L <-> $NS_R $ADDR_R/$ADDR6_R"
}

topo_nat() {
  NS_L=$NSP-l NS_M=$NSP-m NS_R=$NSP-r IF_L=vl IF_R=vr TOPO=nat
  _topo_ns_add "$NS_L"
  _topo_ns_add "$NS_M"
  _topo_ns_add "$NS_R"
  ip link add "$IF_L" netns "$NS_L" type veth peer name ml netns "$NS_M"
  ip link add mr netns "$NS_M" type veth peer name "$IF_R" netns "$NS_R"
  ADDR_L=172.16.0.1 ADDR_R=192.0.2.2 NAT_PUBLIC=192.0.2.254
  ip -n "$NS_L" addr add "$ADDR_L/24" dev "$IF_L"
  ip -n "$NS_M" addr add 172.16.0.254/24 dev ml
  ip -n "$NS_M" addr add "$NAT_PUBLIC/24" dev mr
  ip -n "$NS_R" addr add "$ADDR_R/24" dev "$IF_R"
  local ns dev
  for ns in "$NS_L:$IF_L" "$NS_M:ml" "$NS_M:mr" "$NS_R:$IF_R"; do
    dev=${ns#*:}
    ip -n "${ns%%:*}" link set "$dev" up
  done
  ip -n "$NS_L" route add default via 172.16.0.254
  ip netns exec "$NS_M" sysctl -qw net.ipv4.ip_forward=1
  # Port ranges force translation of 500/4500 too, as a real NAT box would do under load.
  ip netns exec "$NS_M" nft -f - <<'EOF'
table ip oaknat {
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "mr" meta l4proto udp counter masquerade to :40000-49999
    oifname "mr" counter masquerade
  }
}
EOF
  _topo_inner
  PEER_OF_L=$ADDR_R PEER_OF_R=%any
  wait_until 5 ip netns exec "$NS_L" ping -c1 -W1 "$ADDR_R" || fail "topo_nat: no path left -> right"
  note "topology nat: $NS_L $ADDR_L -> $NS_M (masquerade as $NAT_PUBLIC) -> $NS_R $ADDR_R"
}

# topo_nat_counters: the middle namespace's masquerade rules with their packet counters.
topo_nat_counters() { ip netns exec "$NS_M" nft list table ip oaknat; }

# topo_loss NS DEV PERCENT: random loss of IKE packets arriving on DEV in NS. Call once per
# direction (e.g. on both ends of the veth). ESP (UDP 4500 without the zero marker) is untouched.
topo_loss() {
  local ns=$1 dev=$2 pct=$3
  ip netns exec "$ns" nft -f - <<EOF
table netdev oakloss {
  chain ingress_$dev {
    type filter hook ingress device "$dev" priority 0; policy accept;
    udp dport 500 numgen random mod 100 < $pct counter drop
    udp dport 4500 @th,64,32 0 numgen random mod 100 < $pct counter drop
  }
}
EOF
  note "loss: $pct % of IKE packets into $ns/$dev dropped"
}

# topo_loss_dropped NS: number of packets the loss rules dropped in NS so far.
topo_loss_dropped() {
  ip netns exec "$1" nft list table netdev oakloss 2>/dev/null |
    sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}'
}
