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
#   encap            yes: force UDP encapsulation (swanctl `encap`)
#   psk, psk_left, psk_right     the secret (per side to provoke an authentication failure)
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
#   fail_log_left, fail_log_right   regex expected in a side's log after an authentication failure

declare -gA SC=() S_ADDR=() S_PEER=() S_NET=() S_INNER=()

scenario_defaults() {
  SC=(
    [left]=charon [right]=charon [initiator]=left [topology]=pair [family]=4
    [version]=2 [aggressive]=no
    [proposals]=aes128gcm16-prfsha256-x25519 [esp_proposals]=aes128gcm16
    [conn]=t [child]=net [mode]=tunnel [encap]=no
    [psk]=interop-test-psk-0123456789 [psk_left]="" [psk_right]=""
    [id_left]=left@example.test [id_right]=right@example.test
    [ike_extra]="" [child_extra]="" [charon_extra]="" [oakley_extra]=""
    [loss]=0 [tcp_bytes]=4000000 [rekey_child]=no [rekey_ike]=no [rekey_from]=""
    [capture]=yes [expect_nat]=auto [expect_encap]=auto [fail_log_left]="" [fail_log_right]=""
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
  if [[ "${SC[mode]}" == transport ]]; then
    local bits=32
    [[ "${SC[family]}" == 4 ]] || bits=128
    S_NET=([left]=${S_ADDR[left]}/$bits [right]=${S_ADDR[right]}/$bits)
    S_INNER=([left]=${S_ADDR[left]} [right]=${S_ADDR[right]})
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
        remote_addrs = ${S_PEER[$s]}
        proposals = ${SC[proposals]}
EOF
  [[ "${SC[aggressive]}" != yes ]] || echo "        aggressive = yes"
  [[ "${SC[encap]}" != yes ]] || echo "        encap = yes"
  _lines "        " "${SC[ike_extra]}"
  cat <<EOF
        local {
            auth = psk
            id = ${SC[id_$s]}
        }
        remote {
            auth = psk
            id = ${SC[id_$o]}
        }
        children {
            ${SC[child]} {
                local_ts = ${S_NET[$s]}
                remote_ts = ${S_NET[$o]}
                esp_proposals = ${SC[esp_proposals]}
                mode = ${SC[mode]}
EOF
  _lines "                " "${SC[child_extra]}"
  cat <<EOF
            }
        }
    }
}
secrets {
    ike-${SC[conn]} {
        id-local = ${SC[id_$s]}
        id-remote = ${SC[id_$o]}
        secret = "$psk"
    }
}
EOF
}

# oakley_daemon_section SIDE: the oakley { } section of oakleyd's config.
oakley_daemon_section() {
  local s=$1
  cat <<EOF
oakley {
    control_socket = ${SIDE_DIR[$s]}/oakley.ctl
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
  scenario_write_configs
  [[ "${SC[capture]}" != yes ]] || capture_start wire right "$IF_R"
  if ((SC[loss] > 0)); then
    topo_loss "$NS_L" "$IF_L" "${SC[loss]}"
    topo_loss "$NS_R" "$IF_R" "${SC[loss]}"
  fi
  local init=${SC[initiator]}
  side_start "$(other_side "$init")"
  side_start "$init"
}

_child_spis() { # SIDE -> "spi_in spi_out"
  local f
  f=$(side_snapshot "$1" spis)
  echo "$(_sa_view get "$f" child.spi_in --conn "${SC[conn]}") $(_sa_view get "$f" child.spi_out --conn "${SC[conn]}")"
}

_rekeyed_child() { # SIDE OLD_SPIS
  _pair_ok "${SC[conn]}" >/dev/null 2>&1 || return 1
  [[ "$(_child_spis "$1")" != "$2" ]]
}

# scenario_rekey_child: CHILD_SA rekey from SC[rekey_from]; new SPIs on both sides, old ones gone,
# traffic still flows.
scenario_rekey_child() {
  local s=${SC[rekey_from]} old
  old=$(_child_spis "$s")
  side_rekey_child "$s" "${SC[conn]}" "${SC[child]}" || fail "rekey of ${SC[child]} refused by $s"
  wait_until 15 _rekeyed_child "$s" "$old" || fail "CHILD_SA not rekeyed within 15 s (old SPIs $old)"
  note "CHILD_SA rekeyed from $s: SPIs $old -> $(_child_spis "$s")"
  assert_established "${SC[conn]}"
  # the rekeyed CHILD_SA used CREATE_CHILD_SA: with PFS in the proposal it has a DH group now
  assert_algorithms left "" "${SC[esp_proposals]}" "${SC[conn]}"
  assert_algorithms right "" "${SC[esp_proposals]}" "${SC[conn]}"
  assert_ping left "${S_INNER[right]}" "${S_INNER[left]}"
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
  if ((SC[tcp_bytes] > 0)); then
    assert_tcp_transfer left right "${SC[tcp_bytes]}" "${S_INNER[left]}" "${S_INNER[right]}"
  fi
  assert_counters_increased left "$before_l" "${SC[tcp_bytes]}"
  assert_counters_increased right "$before_r" "${SC[tcp_bytes]}"
  [[ "${SC[rekey_child]}" != yes ]] || scenario_rekey_child
  [[ "${SC[rekey_ike]}" != yes ]] || scenario_rekey_ike
  if ! side_terminate "$init" "$conn"; then
    # under loss the DELETE may still be in retransmission when the command gives up waiting
    ((SC[loss] > 0)) || fail "terminate from $init failed"
    note "terminate command timed out under loss; waiting for the SAs to go"
  fi
  wait_until "$patience" _no_sas_both || fail "SAs left after terminate: $(_no_sas_both 2>&1)"
  note "terminated from $init; no SA left on either side"
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
# installed on either side, no traffic passes, and each side's log says why.
auth_failure_scenario() {
  scenario psk_right=not-the-same-psk-0123456789 "$@"
  scenario_up
  local init=${SC[initiator]} resp s re
  resp=$(other_side "$init")
  if side_initiate "$init" "${SC[conn]}" "${SC[child]}" 15; then
    fail "initiation with mismatched PSKs succeeded"
  fi
  note "initiation failed as expected"
  sleep 0.5
  assert_no_sas left right
  assert_no_ping left "${S_INNER[right]}" "${S_INNER[left]}"
  for s in left right; do
    re=${SC[fail_log_$s]}
    if [[ -z "$re" && "${SIDE_KIND[$s]}" == charon ]]; then
      # charon as responder verifies the initiator's AUTH and logs the MAC mismatch; as initiator it
      # receives the AUTHENTICATION_FAILED notify
      if [[ "$s" == "$resp" ]]; then re='tried [0-9]+ shared key.*MAC mismatched'; else re='received AUTHENTICATION_FAILED'; fi
    fi
    [[ -z "$re" ]] || assert_log "$s" "$re"
  done
  if [[ "${SC[capture]}" == yes ]]; then
    check_tshark_clean "$(capture_stop wire)" 2
  fi
}
