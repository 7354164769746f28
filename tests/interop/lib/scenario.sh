# shellcheck shell=bash
# Scenarios: one description (version, proposals, roles, NAT, ...) produces both sides' configs and
# drives the standard checks, whichever daemon runs on each side.
#
#   run_scenario NAME tunnel_scenario left=oakley right=charon version=2 proposals=... esp_proposals=...
#   run_scenario NAME auth_failure_scenario left=charon right=oakley psk_right=wrong
#
# Keys (defaults in scenario_defaults):
#   left, right      charon | oakley
#   initiator        left | right (NAT topology: left)
#   topology         pair | nat          family   4 | 6 (6: pair only)
#   version          1 | 2               aggressive  yes | no (IKEv1)
#   proposals        IKE proposals (swanctl keywords)     esp_proposals  CHILD_SA proposals
#   conn, child      connection and CHILD_SA names        mode  tunnel | transport
#   host_ts          left | right: that side's selector is its own outer address (host-to-host
#                    on its side), in any mode; the other side keeps its subnet (charon's
#                    kernel-libipsec refuses a route to the peer's IKE address)
#   encap            yes: force UDP encapsulation (swanctl `encap`)
#   psk, psk_left, psk_right     the secret (per side to provoke an authentication failure)
#   vip              yes: left is a road warrior asking for a virtual IP (vips = 0.0.0.0, local_ts
#                    dynamic), right a gateway leasing it from pool 10.3.0.0/24 (remote_ts dynamic)
#   xauth            yes: after Phase 1 (IKEv1, psk) left authenticates to right as XAuth user
#                    carol (left: local-xauth round, right: remote-xauth round, both an xauth
#                    secret); xauth_password_left overrides left's password (to make it fail)
#   auth             psk | a test PKI leaf kind (rsa, ecdsa256, ecdsa384): certificates from
#                    tests/data/crypto/pki, left gets <kind>, right <kind>_right, both trust its CA;
#                    ids are the subjects (DNs); cert_left / cert_right override a side's leaf
#   id_left, id_right            identities
#   ike_extra, child_extra       extra swanctl lines for the connection / CHILD_SA ("a = b; c = d")
#   charon_extra     extra lines for charon { } in strongswan.conf ("; "-separated)
#   oakley_extra     extra lines for oakley { }
#   loss             % of IKE packets dropped on both veth ends (0: none)
#   tcp_bytes        size of the checksummed TCP transfer (0: skip)
#   rekey_child, rekey_ike   yes: rekey from the initiator, then check again
#   rekey_from       left | right (default: the initiator)
#   capture          yes | no: tcpdump on right's veth + check_tshark_clean
#   expect_nat       yes | no | auto (auto: yes on the nat topology)
#   expect_encap     yes | no | auto: ESP in UDP 4500 (auto: yes behind the NAT or when a side is
#                    charon, whose kernel-libipsec always fakes a NAT; no otherwise)
#   fail_log_left, fail_log_right   regex expected in a side's log after a failed initiation
#   proposals_left, proposals_right, esp_proposals_left, esp_proposals_right
#                    per-side proposals (default: proposals / esp_proposals), for disjoint sets
#   child_extra_left, child_extra_right   extra CHILD_SA lines for one side only
#   terminate_from   left | right: who deletes the IKE SA at the end (default: the initiator)
#   second_child     yes: a second CHILD_SA "<child>2" on the same IKE SA, with its own inner pair
#                    (10.1.1.1/24 <-> 10.2.1.1/24); both are initiated, checked and pinged
#   rekey_ping       yes: the CHILD_SA rekey happens while a ping runs (every echo answered)
#   rekey_during_transfer  yes: a paced checksummed TCP transfer of rekey_transfer_bytes runs while
#                    the CHILD_SA is rekeyed; it must complete intact over the new CHILD_SA
#   dpd_bound        dpd_scenario: seconds the initiator may take to drop the SAs of a killed peer
#   life_initiator, life_responder, expect_life_left, expect_life_right, lifetime_log_left,
#   lifetime_log_right   lifetime_scenario (see there)
#   remote_addrs_left, remote_addrs_right   a side's remote_addrs instead of the peer's address
#                    (a DNS name, %any, a range)
#   hosts_left, hosts_right   "ADDRESS NAME" lines ("; "-separated) for the side's namespace
#                    (/etc/netns/NS/hosts, with a resolv.conf naming no server): DNS names

declare -gA SC=() S_ADDR=() S_PEER=() S_NET=() S_INNER=() S_NET2=() S_INNER2=()

scenario_defaults() {
  SC=(
    [left]=charon [right]=charon [initiator]=left [topology]=pair [family]=4
    [version]=2 [aggressive]=no
    [proposals]=aes128gcm16-prfsha256-x25519 [esp_proposals]=aes128gcm16
    [conn]=t [child]=net [mode]=tunnel [host_ts]=no [encap]=no
    [psk]=interop-test-psk-0123456789 [psk_left]="" [psk_right]=""
    [auth]=psk [cert_left]="" [cert_right]="" [vip]=no [xauth]=no [xauth_password_left]=""
    [id_left]=left@example.test [id_right]=right@example.test
    [ike_extra]="" [child_extra]="" [charon_extra]="" [oakley_extra]=""
    [loss]=0 [tcp_bytes]=4000000 [rekey_child]=no [rekey_ike]=no [rekey_from]=""
    [capture]=yes [expect_nat]=auto [expect_encap]=auto [fail_log_left]="" [fail_log_right]=""
    [proposals_left]="" [proposals_right]="" [esp_proposals_left]="" [esp_proposals_right]=""
    [child_extra_left]="" [child_extra_right]="" [terminate_from]="" [second_child]=no
    [rekey_ping]=no [rekey_during_transfer]=no [rekey_transfer_bytes]=60000000
    [dpd_bound]=20 [life_initiator]=2400 [life_responder]=1200 [expect_life_left]=""
    [expect_life_right]="" [lifetime_log_left]="" [lifetime_log_right]=""
    [remote_addrs_left]="" [remote_addrs_right]="" [hosts_left]="" [hosts_right]=""
  )
}

# scenario KEY=VALUE...: start from the defaults and apply the overrides.
scenario() {
  scenario_defaults
  local kv
  for kv in "$@"; do
    [[ "$kv" == *=* ]] || fail "scenario: expected KEY=VALUE, got '$kv'"
    [[ -v "SC[${kv%%=*}]" ]] || fail "scenario: unknown key '${kv%%=*}'"
    SC[${kv%%=*}]=${kv#*=}
  done
  if [[ "${SC[left]}" == oakley || "${SC[right]}" == oakley ]]; then require_oakley; fi
  [[ -n "${SC[rekey_from]}" ]] || SC[rekey_from]=${SC[initiator]}
  [[ -n "${SC[terminate_from]}" ]] || SC[terminate_from]=${SC[initiator]}
  [[ "${SC[second_child]}" != yes || "${SC[family]}" == 4 ]] || fail "scenario: second_child is IPv4 only"
  if [[ "${SC[topology]}" == nat ]]; then
    [[ "${SC[initiator]}" == left ]] || fail "scenario: behind the NAT only left can initiate"
    [[ "${SC[family]}" == 4 ]] || fail "scenario: the NAT topology is IPv4 only"
  fi
  [[ "${SC[expect_nat]}" != auto ]] || SC[expect_nat]=$([[ "${SC[topology]}" == nat ]] && echo yes || echo no)
  if [[ "${SC[expect_encap]}" == auto ]]; then
    SC[expect_encap]=no
    if [[ "${SC[topology]}" == nat || "${SC[left]}" == charon || "${SC[right]}" == charon || "${SC[encap]}" == yes ]]; then
      SC[expect_encap]=yes
    fi
  fi
  note "scenario: $(for k in left right initiator topology family version proposals esp_proposals; do printf '%s=%s ' "$k" "${SC[$k]}"; done)"
}

other_side() { [[ "$1" == left ]] && echo right || echo left; }

_scenario_addrs() {
  if [[ "${SC[family]}" == 6 ]]; then
    S_ADDR=([left]=$ADDR6_L [right]=$ADDR6_R)
    S_PEER=([left]=$ADDR6_R [right]=$ADDR6_L)
    S_NET=([left]=$NET6_L [right]=$NET6_R)
    S_INNER=([left]=$INNER6_L [right]=$INNER6_R)
  else
    S_ADDR=([left]=$ADDR_L [right]=$ADDR_R)
    S_PEER=([left]=$PEER_OF_L [right]=$PEER_OF_R)
    S_NET=([left]=$NET_L [right]=$NET_R)
    S_INNER=([left]=$INNER_L [right]=$INNER_R)
  fi
  S_NET2=([left]=10.1.1.0/24 [right]=10.2.1.0/24)
  S_INNER2=([left]=10.1.1.1 [right]=10.2.1.1)
  if [[ "${SC[mode]}" == transport ]]; then
    local bits=32
    [[ "${SC[family]}" == 4 ]] || bits=128
    S_NET=([left]=${S_ADDR[left]}/$bits [right]=${S_ADDR[right]}/$bits)
    S_INNER=([left]=${S_ADDR[left]} [right]=${S_ADDR[right]})
  fi
  local h=${SC[host_ts]}
  if [[ "$h" == left || "$h" == right ]]; then
    S_NET[$h]=${S_ADDR[$h]}/$([[ "${SC[family]}" == 4 ]] && echo 32 || echo 128)
    S_INNER[$h]=${S_ADDR[$h]}
  fi
}

_lines() { # "a = b; c = d" -> indented lines
  local indent=$1 text=$2 part
  [[ -n "$text" ]] || return 0
  IFS=';' read -ra parts <<<"$text"
  for part in "${parts[@]}"; do
    part=${part#"${part%%[![:space:]]*}"}
    [[ -z "$part" ]] || printf '%s%s\n' "$indent" "$part"
  done
}

_scenario_child_conf() { # SIDE NAME LOCAL_TS REMOTE_TS
  cat <<EOF
            $2 {
                local_ts = $3
                remote_ts = $4
                esp_proposals = ${SC[esp_proposals_$1]:-${SC[esp_proposals]}}
                mode = ${SC[mode]}
EOF
  _lines "                " "${SC[child_extra]}"
  _lines "                " "${SC[child_extra_$1]}"
  echo "            }"
}

# scenario_swanctl_conf SIDE: the connections { } and secrets { } of SIDE (swanctl.conf syntax;
# the same text is the body of oakleyd's config).
scenario_swanctl_conf() {
  local s=$1 o psk
  o=$(other_side "$s")
  psk=${SC[psk_$s]:-${SC[psk]}}
  cat <<EOF
connections {
    ${SC[conn]} {
        version = ${SC[version]}
        local_addrs = ${S_ADDR[$s]}
        remote_addrs = ${SC[remote_addrs_$s]:-${S_PEER[$s]}}
        proposals = ${SC[proposals_$s]:-${SC[proposals]}}
EOF
  [[ "${SC[aggressive]}" != yes ]] || echo "        aggressive = yes"
  if [[ "${SC[vip]}" == yes ]]; then
    [[ "$s" == left ]] && echo "        vips = 0.0.0.0" || echo "        pools = rw"
  fi
  [[ "${SC[encap]}" != yes ]] || echo "        encap = yes"
  _lines "        " "${SC[ike_extra]}"
  if [[ "${SC[auth]}" == psk ]]; then
    cat <<EOF
        local {
            auth = psk
            id = ${SC[id_$s]}
        }
        remote {
            auth = psk
            id = ${SC[id_$o]}
        }
EOF
    _scenario_xauth_round "$s"
  else
    cat <<EOF
        local {
            auth = pubkey
            certs = $(_scenario_leaf "$s")_cert.pem
        }
        remote {
            auth = pubkey
            id = "$(_scenario_subject "$(_scenario_leaf "$o" default)")"
        }
EOF
  fi
  cat <<EOF
        children {
EOF
  local lts=${S_NET[$s]} rts=${S_NET[$o]}
  if [[ "${SC[vip]}" == yes ]]; then # the road warrior's side of the tunnel is its virtual IP
    [[ "$s" == left ]] && lts=dynamic || rts=dynamic
  fi
  _scenario_child_conf "$s" "${SC[child]}" "$lts" "$rts"
  [[ "${SC[second_child]}" != yes ]] ||
    _scenario_child_conf "$s" "${SC[child]}2" "${S_NET2[$s]}" "${S_NET2[$o]}"
  cat <<EOF
        }
    }
}
EOF
  if [[ "${SC[vip]}" == yes && "$s" == right ]]; then
    printf 'pools {\n    rw {\n        addrs = %s\n        dns = %s\n    }\n}\n' "$VIP_POOL" "$VIP_DNS"
  fi
  [[ "${SC[auth]}" == psk ]] || return 0
  cat <<EOF
secrets {
    ike-${SC[conn]} {
        id-local = ${SC[id_$s]}
        id-remote = ${SC[id_$o]}
        secret = "$psk"
    }
EOF
  if [[ "${SC[xauth]}" == yes ]]; then
    local pw=$XAUTH_PASSWORD
    [[ "$s" != left || -z "${SC[xauth_password_left]}" ]] || pw=${SC[xauth_password_left]}
    printf '    xauth-%s {\n        id = %s\n        secret = "%s"\n    }\n' "$XAUTH_USER" "$XAUTH_USER" "$pw"
  fi
  echo "}"
}

XAUTH_USER=carol XAUTH_PASSWORD=carol-xauth-password-42

# _scenario_xauth_round SIDE: the XAuth round after the PSK one (client left, gateway right).
_scenario_xauth_round() {
  [[ "${SC[xauth]}" == yes ]] || return 0
  if [[ "$1" == left ]]; then
    printf '        local-xauth {\n            auth = xauth\n            xauth_id = %s\n        }\n' "$XAUTH_USER"
  else
    printf '        remote-xauth {\n            auth = xauth\n        }\n'
  fi
}

# _scenario_leaf SIDE [default]: the test PKI leaf a side authenticates with (with "default": the
# one the other side expects, ignoring cert_<side> overrides such as an untrusted certificate).
_scenario_leaf() {
  local kind=${SC[auth]}
  [[ "$1" == left ]] || kind=${kind}_right
  [[ "${2:-}" == default ]] && { echo "$kind"; return; }
  echo "${SC[cert_$1]:-$kind}"
}
# _scenario_subject LEAF: its subject as the test PKI issued it ("rsa_right" -> CN=rsa-right...).
_scenario_subject() { echo "C=CH, O=Oakley Test, CN=${1//_/-}.oakley.test"; }

# scenario_write_credentials SIDE: the CA, the side's certificate and key, in the swanctl folders
# beside its configuration (both daemons read x509ca/, x509/ and private/ there).
scenario_write_credentials() {
  local s=$1 dir=${SIDE_DIR[$1]} leaf pki=$HARNESS_LIB/../../data/crypto/pki
  [[ "${SC[auth]}" != psk ]] || return 0
  leaf=$(_scenario_leaf "$s")
  mkdir -p "$dir/x509" "$dir/x509ca" "$dir/private"
  cp "$pki/ca_cert.pem" "$dir/x509ca/"
  cp "$pki/${leaf}_cert.pem" "$dir/x509/"
  cp "$pki/${leaf}_key.pem" "$dir/private/"
}

# oakley_daemon_section SIDE: the oakley { } section of oakleyd's config.
oakley_daemon_section() {
  local s=$1
  cat <<EOF
oakley {
    control_socket = $(_oakley_sock "$s")
    listen = ${S_ADDR[$s]}
    port = 500
    port_nat_t = 4500
    dataplane = tun
    tun_name = oak
EOF
  # Like charon, oakleyd refuses Aggressive Mode with a PSK unless told it is acceptable.
  [[ "${SC[aggressive]}" != yes ]] ||
    echo "    i_dont_care_about_security_and_use_aggressive_mode_psk = yes"
  _lines "    " "${SC[oakley_extra]}"
  echo "}"
}

# scenario_write_configs: DIR/swanctl.conf (charon) or DIR/oakley.conf (oakley) for both sides,
# and strongswan.conf for charon sides.
scenario_write_configs() {
  local s extra=()
  for s in left right; do
    scenario_write_credentials "$s"
    case "${SIDE_KIND[$s]}" in
    charon)
      scenario_swanctl_conf "$s" >"${SIDE_DIR[$s]}/swanctl.conf"
      IFS=';' read -ra extra <<<"${SC[charon_extra]}"
      charon_write_conf "$s" ${extra[@]+"${extra[@]}"}
      ;;
    oakley)
      { scenario_swanctl_conf "$s"; oakley_daemon_section "$s"; } >"${SIDE_DIR[$s]}/oakley.conf"
      ;;
    esac
  done
}

# _scenario_hosts SIDE: the namespace's own hosts file (`ip netns exec` mounts /etc/netns/NS/hosts
# over /etc/hosts for every daemon started in it) and a resolv.conf whose server does not exist,
# so a name missing from the file fails at once.
_scenario_hosts() {
  [[ -n "${SC[hosts_$1]}" ]] || return 0
  local d=/etc/netns/${SIDE_NS[$1]}
  mkdir -p "$d"
  on_cleanup "rm -rf '$d'; rmdir /etc/netns 2>/dev/null || true"
  { echo "127.0.0.1 localhost"; _lines "" "${SC[hosts_$1]}"; } >"$d/hosts"
  printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$d/resolv.conf"
}

# scenario_up: topology, sides, configs, capture, loss; starts both daemons (responder first).
scenario_up() {
  case "${SC[topology]}" in
  pair) topo_pair ;;
  nat) topo_nat ;;
  *) fail "unknown topology ${SC[topology]}" ;;
  esac
  side_define left "${SC[left]}" "$NS_L"
  side_define right "${SC[right]}" "$NS_R"
  _scenario_addrs
  if [[ "${SC[second_child]}" == yes ]]; then
    ip -n "$NS_L" addr add "${S_INNER2[left]}/24" dev lo
    ip -n "$NS_R" addr add "${S_INNER2[right]}/24" dev lo
  fi
  scenario_write_configs
  _scenario_hosts left
  _scenario_hosts right
  [[ "${SC[capture]}" != yes ]] || capture_start wire right "$IF_R"
  if ((SC[loss] > 0)); then
    topo_loss "$NS_L" "$IF_L" "${SC[loss]}"
    topo_loss "$NS_R" "$IF_R" "${SC[loss]}"
  fi
  local init=${SC[initiator]}
  side_start "$(other_side "$init")"
  side_start "$init"
}

_child_spis() { # SIDE -> "spi_in spi_out" of the CHILD_SA SC[child]
  local f c=(--conn "${SC[conn]}" --child "${SC[child]}")
  f=$(side_snapshot "$1" spis)
  echo "$(_sa_view get "$f" child.spi_in "${c[@]}") $(_sa_view get "$f" child.spi_out "${c[@]}")"
}

_rekeyed_child() { # SIDE OLD_SPIS
  _pair_ok "${SC[conn]}" >/dev/null 2>&1 || return 1
  [[ "$(_child_spis "$1")" != "$2" ]]
}

# _bg_start NAME CMD...: runs CMD in the background (output in $SCEN_DIR/NAME.log); sets BG_PID.
_bg_start() {
  local name=$1
  shift
  "$@" >"$SCEN_DIR/$name.log" 2>&1 &
  BG_PID=$!
  on_cleanup "kill_pid $BG_PID 1"
}

# scenario_rekey_child: CHILD_SA rekey from SC[rekey_from]; new SPIs on both sides, old ones gone,
# traffic still flows. rekey_ping=yes: a ping (every 50 ms) runs across the rekey and must lose
# nothing; rekey_during_transfer=yes: a paced TCP transfer runs across it and must arrive intact,
# part of it over the new CHILD_SA.
scenario_rekey_child() {
  local s=${SC[rekey_from]} old ping_pid="" tcp_pid="" spid="" during_before=""
  local six=""
  [[ "${S_INNER[right]}" != *:* ]] || six=-6
  if [[ "${SC[rekey_during_transfer]}" == yes ]]; then
    local bytes=${SC[rekey_transfer_bytes]} port=5202 ready=$SCEN_DIR/tcp-ready.5202
    rm -f "$ready"
    _bg_start tcp-rekey-serve ip netns exec "${SIDE_NS[right]}" "$PYTHON" "$HARNESS_LIB/tcp_check.py" \
      serve --bind "${S_INNER[right]}" --port $port --ready "$ready" --timeout 60
    spid=$BG_PID
    wait_until 10 test -f "$ready" || fail "tcp_check server did not start: $(cat "$SCEN_DIR/tcp-rekey-serve.log")"
    # paced at 80 Mbit/s (60 MB: 6 s) whatever the tunnel's throughput, so the rekey lands mid-transfer
    _bg_start tcp-rekey-send ip netns exec "${SIDE_NS[left]}" "$PYTHON" "$HARNESS_LIB/tcp_check.py" \
      send --src "${S_INNER[left]}" --dst "${S_INNER[right]}" --port $port --bytes "$bytes" \
      --rate-mbit 80 --timeout 60
    tcp_pid=$BG_PID
    sleep 1
    kill -0 "$tcp_pid" 2>/dev/null || fail "TCP transfer ended before the rekey: $(cat "$SCEN_DIR/tcp-rekey-send.log")"
    note "TCP transfer of $bytes bytes running (80 Mbit/s) before the rekey"
  fi
  if [[ "${SC[rekey_ping]}" == yes ]]; then
    _bg_start ping-rekey ip netns exec "${SIDE_NS[left]}" ping $six -n -q -c 100 -i 0.05 -W 2 \
      -I "${S_INNER[left]}" "${S_INNER[right]}"
    ping_pid=$BG_PID
    sleep 0.5
  fi
  old=$(_child_spis "$s")
  side_rekey_child "$s" "${SC[conn]}" "${SC[child]}" || fail "rekey of ${SC[child]} refused by $s"
  wait_until 15 _rekeyed_child "$s" "$old" || fail "CHILD_SA not rekeyed within 15 s (old SPIs $old)"
  note "CHILD_SA rekeyed from $s: SPIs $old -> $(_child_spis "$s")"
  if [[ -n "$ping_pid" ]]; then
    kill -0 "$ping_pid" 2>/dev/null || fail "the ping ended before the rekey completed (make it longer)"
    wait "$ping_pid" || true
    grep -q " 0% packet loss" "$SCEN_DIR/ping-rekey.log" ||
      fail "ping across the rekey lost packets: $(grep -h 'loss\|rtt' "$SCEN_DIR/ping-rekey.log" | tr '\n' ' ')"
    note "ping across the rekey: $(grep -h 'packet loss' "$SCEN_DIR/ping-rekey.log")"
  fi
  if [[ -n "$tcp_pid" ]]; then
    kill -0 "$tcp_pid" 2>/dev/null || fail "the TCP transfer ended before the rekey completed (make it longer)"
    during_before=$(counters_snapshot right during)
    note "rekey completed while the transfer runs"
    wait "$tcp_pid" || fail "TCP transfer across the rekey: $(cat "$SCEN_DIR/tcp-rekey-send.log")"
    wait "$spid" 2>/dev/null || true
    note "across the rekey: $(cat "$SCEN_DIR/tcp-rekey-send.log")"
    # the new CHILD_SA carried a good part of it (a tenth at least)
    assert_counters_increased right "$during_before" $((bytes / 10))
  fi
  assert_established "${SC[conn]}"
  # the rekeyed CHILD_SA used CREATE_CHILD_SA: with PFS in the proposal it has a DH group now
  assert_algorithms left "" "${SC[esp_proposals]}" "${SC[conn]}"
  assert_algorithms right "" "${SC[esp_proposals]}" "${SC[conn]}"
  assert_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  [[ "${SC[second_child]}" != yes ]] || assert_ping left "${S_INNER2[right]}" "${S_INNER2[left]}"
}

_rekeyed_ike() { # OLD_SPI_I
  _pair_ok "${SC[conn]}" >/dev/null 2>&1 || return 1
  [[ "$(sa_get left ike.spi_i)" != "$1" ]]
}

scenario_rekey_ike() {
  local s=${SC[rekey_from]} old
  old=$(sa_get left ike.spi_i)
  side_rekey_ike "$s" "${SC[conn]}" || fail "IKE rekey refused by $s"
  wait_until 15 _rekeyed_ike "$old" || fail "IKE SA not rekeyed within 15 s"
  note "IKE SA rekeyed from $s: spi_i $old -> $(sa_get left ike.spi_i)"
  assert_established "${SC[conn]}"
  assert_ping left "${S_INNER[right]}" "${S_INNER[left]}"
}

_no_sas_both() {
  local a=$SCEN_DIR/sas-left-end.json b=$SCEN_DIR/sas-right-end.json
  side_sas left "$a" && side_sas right "$b" && _sa_view none "$a" && _sa_view none "$b"
}

# tunnel_scenario KEY=VALUE...: the standard interop check for one configuration.
tunnel_scenario() {
  scenario "$@"
  scenario_up
  local init=${SC[initiator]} conn=${SC[conn]} before_l before_r patience=30
  ((SC[loss] == 0)) || patience=90 # retransmissions take their time
  side_initiate "$init" "$conn" "${SC[child]}" "$patience" ||
    fail "initiate from $init failed: $(tail -5 "${SIDE_DIR[$init]}/initiate.log")"
  if [[ "${SC[second_child]}" == yes ]]; then
    # on the IKE SA that is up: assert_established wants exactly one IKE SA with both CHILD_SAs
    side_initiate "$init" "$conn" "${SC[child]}2" "$patience" ||
      fail "initiate of ${SC[child]}2 from $init failed: $(tail -5 "${SIDE_DIR[$init]}/initiate.log")"
  fi
  assert_established "$conn"
  local child_dh=proposal
  [[ "${SC[version]}" != 2 ]] || child_dh=none # IKE_AUTH's CHILD_SA has no key exchange of its own
  assert_algorithms left "${SC[proposals]}" "${SC[esp_proposals]}" "$conn" "$child_dh"
  assert_algorithms right "${SC[proposals]}" "${SC[esp_proposals]}" "$conn" "$child_dh"
  local encap=false
  [[ "${SC[expect_encap]}" != yes ]] || encap=true
  assert_sa left child.udp_encap=$encap
  assert_sa right child.udp_encap=$encap
  if [[ "${SC[expect_nat]}" == yes ]]; then
    assert_sa right ike.remote_host="$NAT_PUBLIC" child.udp_encap=true
    local port
    port=$(sa_get right ike.remote_port)
    ((port >= 40000 && port <= 49999)) || fail "right sees left from port $port, not a NAT mapping"
    note "right sees left at $NAT_PUBLIC:$port (translated)"
  fi
  before_l=$(counters_snapshot left before)
  before_r=$(counters_snapshot right before)
  assert_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  assert_ping right "${S_INNER[left]}" "${S_INNER[right]}"
  if [[ "${SC[second_child]}" == yes ]]; then
    assert_ping left "${S_INNER2[right]}" "${S_INNER2[left]}"
    assert_ping right "${S_INNER2[left]}" "${S_INNER2[right]}"
    # each CHILD_SA carries only its own pair: 10.1.0.1 -> 10.2.1.1 matches neither
    assert_no_ping left "${S_INNER2[right]}" "${S_INNER[left]}"
  fi
  if ((SC[tcp_bytes] > 0)); then
    assert_tcp_transfer left right "${SC[tcp_bytes]}" "${S_INNER[left]}" "${S_INNER[right]}"
  fi
  assert_counters_increased left "$before_l" "${SC[tcp_bytes]}"
  assert_counters_increased right "$before_r" "${SC[tcp_bytes]}"
  [[ "${SC[rekey_child]}" != yes ]] || scenario_rekey_child
  [[ "${SC[rekey_ike]}" != yes ]] || scenario_rekey_ike
  local term=${SC[terminate_from]}
  if ! side_terminate "$term" "$conn"; then
    # under loss the DELETE may still be in retransmission when the command gives up waiting
    ((SC[loss] > 0)) || fail "terminate from $term failed"
    note "terminate command timed out under loss; waiting for the SAs to go"
  fi
  wait_until "$patience" _no_sas_both || fail "SAs left after terminate: $(_no_sas_both 2>&1)"
  note "terminated from $term ($([[ $term == "$init" ]] && echo initiator || echo responder)); no SA left on either side"
  if ((SC[loss] > 0)); then
    note "loss rules dropped $(topo_loss_dropped "$NS_L") IKE packets into left, $(topo_loss_dropped "$NS_R") into right"
  fi
  if [[ "${SC[capture]}" == yes ]]; then
    local pcap n
    pcap=$(capture_stop wire)
    check_tshark_clean "$pcap" 4
    if [[ "$encap" == true ]]; then
      n=$(capture_count "$pcap" "udp.port == 4500 && esp")
    else
      n=$(capture_count "$pcap" "esp && !udp")
    fi
    ((n > 0)) || fail "no ESP $([[ $encap == true ]] && echo in UDP 4500 || echo 'as IP protocol 50') on the wire"
    note "wire: $n ESP packets $([[ $encap == true ]] && echo 'in UDP 4500' || echo 'as IP protocol 50')"
  fi
}

# auth_failure_scenario KEY=VALUE...: different PSKs; the initiation must fail, nothing may be
# installed on either side, no traffic passes, and each side's log says why (IKEv2 or IKEv1).
auth_failure_scenario() {
  scenario psk_right=not-the-same-psk-0123456789 "$@"
  scenario_up
  local init=${SC[initiator]}
  if side_initiate "$init" "${SC[conn]}" "${SC[child]}" 15; then
    fail "initiation with mismatched PSKs succeeded"
  fi
  note "initiation failed as expected"
  sleep 0.5
  assert_no_sas left right
  assert_no_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  if [[ "${SC[version]}" == 2 ]]; then
    # charon as responder verifies the initiator's AUTH and logs the MAC mismatch; as initiator it
    # receives the AUTHENTICATION_FAILED notify
    _assert_fail_logs 'tried [0-9]+ shared key.*MAC mismatched' 'received AUTHENTICATION_FAILED'
  else
    # IKEv1: charon as responder cannot decrypt Main Mode message 5; as initiator it gets the
    # peer's AUTHENTICATION-FAILED notify in the clear (and ignores it, being unprotected)
    _assert_fail_logs 'decryption failed\?' 'parsed INFORMATIONAL_V1 request 0 \[ N\(AUTH_FAILED\) \]'
  fi
  if [[ "${SC[capture]}" == yes ]]; then
    check_tshark_clean "$(capture_stop wire)" 2
  fi
}

VIP_POOL=10.3.0.0/24 VIP_FIRST=10.3.0.1 VIP_DNS=10.3.0.53

# virtual_ip_scenario KEY=VALUE...: left asks right for a virtual IP (see the vip key); the first
# address of the pool arrives on left, each log names it, a ping from it crosses the tunnel, and
# after the delete the address is gone from left again.
virtual_ip_scenario() {
  scenario vip=yes "$@"
  scenario_up
  side_initiate left "${SC[conn]}" "${SC[child]}" 30 ||
    fail "initiate from left failed: $(tail -5 "${SIDE_DIR[left]}/initiate.log")"
  assert_established "${SC[conn]}"
  wait_until 5 _has_address left "$VIP_FIRST" || fail "left has no virtual IP $VIP_FIRST: $(ip -n "$NS_L" -br addr)"
  note "left holds virtual IP $VIP_FIRST"
  assert_ping left "${S_INNER[right]}" "$VIP_FIRST"
  _assert_side_log left 'installed virtual IP 10\.3\.0\.1' 'installing new virtual IP 10\.3\.0\.1'
  _assert_side_log right 'assigned virtual IP 10\.3\.0\.1 from pool' 'assigning virtual IP 10\.3\.0\.1'
  if [[ "${SC[xauth]}" == yes ]]; then
    _assert_side_log left "XAuth of user '$XAUTH_USER' succeeded" "XAuth authentication of '$XAUTH_USER' \\(myself\\) successful"
    _assert_side_log right "XAuth: accepted user '$XAUTH_USER'" "XAuth authentication of '$XAUTH_USER' successful"
    # the lease belongs to the user, not to the (group) Phase 1 identity
    _assert_side_log right "assigned virtual IP 10\\.3\\.0\\.1 from pool 'rw' to '$XAUTH_USER'" "assigning virtual IP 10\\.3\\.0\\.1 to peer '$XAUTH_USER'"
    local side
    for side in left right; do
      [[ "${SIDE_KIND[$side]}" != oakley ]] || assert_sa "$side" "ike.auth=PSK+XAuth($XAUTH_USER)"
    done
  fi
  side_terminate left "${SC[conn]}" || fail "terminate from left failed"
  wait_until 10 _no_sas_now left right || true
  assert_no_sas left right
  wait_until 5 _lacks_address left "$VIP_FIRST" || fail "virtual IP $VIP_FIRST still on left"
  note "virtual IP removed from left after the delete"
  if [[ "${SC[capture]}" == yes ]]; then
    check_tshark_clean "$(capture_stop wire)" 2
  fi
}

_has_address() { grep -qw "$2" <<<"$(ip -n "${SIDE_NS[$1]}" -br addr)"; }
_lacks_address() { ! _has_address "$@"; }
# _assert_side_log SIDE OAKLEY_RE CHARON_RE: the side's log, by its daemon, has the line.
_assert_side_log() {
  if [[ "${SIDE_KIND[$1]}" == oakley ]]; then assert_log "$1" "$2"; else assert_log "$1" "$3"; fi
}

# _no_sas_now SIDE...: true when no side lists an SA (for wait_until; assert_no_sas fails hard).
_no_sas_now() {
  local side f
  for side in "$@"; do
    f=$(side_snapshot "$side" none)
    _sa_view none "$f" >/dev/null 2>&1 || return 1
  done
}

# untrusted_cert_scenario KEY=VALUE...: the responder presents a certificate with the expected
# names from a CA the initiator does not trust; the initiation fails, no SA survives on either
# side (the initiator tells the responder, which already considered Phase 1 complete), nothing
# passes, and the logs say why.
untrusted_cert_scenario() {
  scenario auth=rsa "$@"
  local resp
  resp=$(other_side "${SC[initiator]}")
  SC[cert_$resp]=rogue_rsa
  scenario_up
  if side_initiate "${SC[initiator]}" "${SC[conn]}" "${SC[child]}" 15; then
    fail "initiation against an untrusted certificate succeeded"
  fi
  note "initiation failed as expected"
  wait_until 5 _no_sas_now left right || true
  assert_no_sas left right
  assert_no_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  # charon as initiator finds no trusted key; as responder it hears the refusal
  _assert_fail_logs 'received (AUTHENTICATION_FAILED|AUTH_FAILED)|N\(AUTH_FAILED\)' 'no trusted RSA public key found'
  if [[ "${SC[capture]}" == yes ]]; then
    check_tshark_clean "$(capture_stop wire)" 2
  fi
}

# _assert_fail_logs RESPONDER_RE INITIATOR_RE: each side's log explains the failed initiation
# (fail_log_<side> if set; else, for a charon side, RESPONDER_RE or INITIATOR_RE by its role).
_assert_fail_logs() {
  local resp s re
  resp=$(other_side "${SC[initiator]}")
  for s in left right; do
    re=${SC[fail_log_$s]}
    if [[ -z "$re" && "${SIDE_KIND[$s]}" == charon ]]; then
      if [[ "$s" == "$resp" ]]; then re=$1; else re=$2; fi
    fi
    [[ -z "$re" ]] || assert_log "$s" "$re"
  done
}

# no_proposal_scenario KEY=VALUE...: the sides are configured with disjoint proposals
# (proposals_left/proposals_right, or esp_proposals_left/esp_proposals_right): the initiation
# fails, nothing is installed on either side, nothing passes, and each log names the mismatch.
no_proposal_scenario() {
  scenario "$@"
  scenario_up
  local init=${SC[initiator]}
  if side_initiate "$init" "${SC[conn]}" "${SC[child]}" 15; then
    fail "initiation with disjoint proposals succeeded"
  fi
  note "initiation failed as expected: $(tail -1 "${SIDE_DIR[$init]}/initiate.log" | cut -c1-160)"
  sleep 0.5
  assert_no_sas left right
  assert_no_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  if [[ "${SC[version]}" == 2 ]]; then
    # charon as responder names the kind of transform it found nothing acceptable of
    _assert_fail_logs 'no acceptable [A-Z_]+ found' 'received NO_PROPOSAL_CHOSEN notify'
  else
    _assert_fail_logs 'no acceptable [A-Z_]+ found' 'received NO_PROPOSAL_CHOSEN error notify'
  fi
  [[ "${SC[capture]}" != yes ]] || check_tshark_clean "$(capture_stop wire)" 2
}

# dpd_scenario KEY=VALUE...: both sides run DPD (ike_extra, default dpd_delay 2 s and, for IKEv1,
# dpd_timeout 6 s); once the tunnel is up and pinged, the responder's daemon is killed with SIGKILL
# (no DELETE, its data plane gone); the initiator must notice within dpd_bound seconds and remove
# every SA, and its log must say so (fail_log_<initiator>; default for charon below).
dpd_scenario() {
  scenario ike_extra="dpd_delay = 2s; dpd_timeout = 6s" child_extra="dpd_action = clear" "$@"
  scenario_up
  local init=${SC[initiator]} resp pid start took f re
  resp=$(other_side "$init")
  side_initiate "$init" "${SC[conn]}" "${SC[child]}" 30 ||
    fail "initiate from $init failed: $(tail -5 "${SIDE_DIR[$init]}/initiate.log")"
  assert_established "${SC[conn]}"
  assert_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  pid=$(side_pid "$resp")
  kill -KILL "$pid"
  start=$SECONDS
  note "killed the responder's ${SIDE_KIND[$resp]} (pid $pid, $(cat "/proc/$pid/comm" 2>/dev/null || echo gone)) with SIGKILL"
  f=$SCEN_DIR/sas-$init-dpd.json
  wait_until "${SC[dpd_bound]}" _no_sa_at_all "$init" "$f" ||
    fail "$init still holds SAs ${SC[dpd_bound]} s after the peer died: $(cat "$f")"
  took=$((SECONDS - start))
  note "$init removed every SA ${took} s after the peer died (bound ${SC[dpd_bound]} s)"
  re=${SC[fail_log_$init]}
  if [[ -z "$re" ]]; then
    case "${SIDE_KIND[$init]}/${SC[version]}" in
    charon/1) re='DPD check timed out, enforcing DPD action' ;;
    oakley/1) re='peer .* is dead: no R-U-THERE-ACK for [0-9]+s \(dpd_timeout\)' ;;
    esac
  fi
  [[ -z "$re" ]] || assert_log "$init" "$re"
  [[ "${SC[capture]}" != yes ]] || check_tshark_clean "$(capture_stop wire)" 4
}

_no_sa_at_all() { # SIDE FILE: the listing holds no IKE SA in any state
  side_sas "$1" "$2" && _sa_view empty "$2"
}

# lifetime_scenario KEY=VALUE...: IKEv1 Quick Mode where the initiator's CHILD_SA life_time
# (life_initiator, default 2400 s) is longer than the responder's (life_responder, 1200 s); rekey at
# 5/6 of it, no jitter. After establishment every side's CHILD_SA must expire in expect_life_left /
# expect_life_right seconds (within 30 s below). A responder that follows RFC 2407 4.6.3.1 lowers the
# lifetime with RESPONDER-LIFETIME and the initiator applies it: both show life_responder.
lifetime_scenario() {
  scenario version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 tcp_bytes=0 "$@"
  local init=${SC[initiator]} resp s li lr
  resp=$(other_side "$init")
  li=${SC[life_initiator]} lr=${SC[life_responder]}
  SC[child_extra_$init]="rekey_time = $((li * 5 / 6))s; life_time = ${li}s; rand_time = 0s"
  SC[child_extra_$resp]="rekey_time = $((lr * 5 / 6))s; life_time = ${lr}s; rand_time = 0s"
  scenario_up
  side_initiate "$init" "${SC[conn]}" "${SC[child]}" 30 ||
    fail "initiate from $init failed: $(tail -5 "${SIDE_DIR[$init]}/initiate.log")"
  assert_established "${SC[conn]}"
  assert_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  for s in left right; do
    local want=${SC[expect_life_$s]} got f
    [[ -n "$want" ]] || fail "lifetime_scenario: expect_life_$s is not set"
    f=$(side_snapshot "$s" life)
    got=$(_sa_view get "$f" child.expire_in --conn "${SC[conn]}" --child "${SC[child]}")
    [[ "$got" =~ ^[0-9]+$ ]] || fail "$s: CHILD_SA expire_in is '$got', not a number of seconds"
    ((got <= want && got >= want - 30)) ||
      fail "$s ($([[ $s == "$init" ]] && echo initiator || echo responder), ${SIDE_KIND[$s]}): CHILD_SA expires in ${got}s, expected ${want}s (initiator life_time ${li}s, responder ${lr}s)"
    note "$s ($([[ $s == "$init" ]] && echo initiator || echo responder), ${SIDE_KIND[$s]}): CHILD_SA expires in ${got}s (expected ${want}s)"
  done
  [[ -z "${SC[lifetime_log_$resp]}" ]] || assert_log "$resp" "${SC[lifetime_log_$resp]}"
  [[ -z "${SC[lifetime_log_$init]}" ]] || assert_log "$init" "${SC[lifetime_log_$init]}"
  side_terminate "$init" "${SC[conn]}" || fail "terminate from $init failed"
  wait_until 15 _no_sas_both || fail "SAs left after terminate: $(_no_sas_both 2>&1)"
  [[ "${SC[capture]}" != yes ]] || check_tshark_clean "$(capture_stop wire)" 4
}

# xauth_failure_scenario KEY=VALUE...: a road warrior with the wrong XAuth password; Phase 1
# succeeds, the gateway refuses the user, no SA survives on either side, nothing passes, and
# both logs say why.
xauth_failure_scenario() {
  scenario vip=yes xauth=yes xauth_password_left=not-carols-password "$@"
  scenario_up
  if side_initiate left "${SC[conn]}" "${SC[child]}" 20; then
    fail "initiation with a wrong XAuth password succeeded"
  fi
  note "initiation failed as expected"
  wait_until 10 _no_sas_now left right || true
  assert_no_sas left right
  _assert_side_log left "the gateway rejected user '$XAUTH_USER'" "XAuth authentication of '$XAUTH_USER' \\(myself\\) failed"
  _assert_side_log right "wrong XAuth password for user '$XAUTH_USER'" "XAuth authentication of '$XAUTH_USER' failed"
  ! grep -rq not-carols-password "${SIDE_DIR[left]}"/*.log "${SIDE_DIR[right]}"/*.log ||
    fail "a password reached a log"
  if [[ "${SC[capture]}" == yes ]]; then
    check_tshark_clean "$(capture_stop wire)" 2
  fi
}

# trap_any_scenario KEY=VALUE...: left (oakley) traps its CHILD_SA with remote_addrs = %any (or
# a range): no initiate command; a ping to right's own address (host_ts=right, so the packet's
# destination is the peer) hits the trap, and left must negotiate with that destination, as
# charon does. Then traffic passes both ways and the IKE SA names the peer it found.
trap_any_scenario() {
  scenario host_ts=right remote_addrs_left=%any child_extra_left="start_action = trap" "$@"
  scenario_up
  local dst=${S_ADDR[right]} six=""
  [[ "${SC[family]}" == 4 ]] || six=-6
  wait_until 10 side_sas left "$SCEN_DIR/sas-left-trap.json" || fail "left does not answer"
  _sa_view none "$SCEN_DIR/sas-left-trap.json" || fail "an SA exists before the trap fired"
  side_exec left ping $six -n -q -c 1 -W 1 -I "${S_INNER[left]}" "$dst" >/dev/null 2>&1 || true
  wait_until 20 _pair_ok "${SC[conn]}" || fail "the trap did not bring the tunnel up to $dst"
  assert_sa left ike.remote_host="$dst"
  note "trap on remote_addrs = ${SC[remote_addrs_left]} initiated to $dst"
  assert_established "${SC[conn]}"
  assert_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  assert_ping right "${S_INNER[left]}" "${S_INNER[right]}"
  side_terminate left "${SC[conn]}" || fail "terminate from left failed"
  [[ "${SC[capture]}" != yes ]] || check_tshark_clean "$(capture_stop wire)" 4
}
