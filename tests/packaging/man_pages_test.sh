#!/usr/bin/env bash
# The man pages as the build renders them (scdoc → roff, and the gzipped copies that get
# installed): man(1) formats each without a groff warning, at 80 columns, and the sections and
# options a reader looks for are there.
#   man_pages_test.sh BUILD_DIR/docs/man
set -euo pipefail
dir=$1
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# render PAGE: the page as a reader sees it; groff warnings fail the test
render() {
  local warnings
  warnings=$(MANWIDTH=80 man --warnings -l "$dir/$1" 2>&1 >/dev/null) || fail "$1: man -l failed"
  [[ -z $warnings ]] || fail "$1: groff warnings: $warnings"
  MANWIDTH=80 man -l "$dir/$1" 2>/dev/null
}

# expect PAGE LINE-REGEX...: every regex matches a line of the rendered page
expect() {
  local page=$1 text
  shift
  text=$(render "$page")
  for re in "$@"; do
    grep -Eq -- "$re" <<<"$text" || fail "$page: no line matches /$re/"
  done
}

for page in oakleyd.8 oakctl.8 oakley.conf.5 oakload.1; do
  [[ -s $dir/$page ]] || fail "$page was not built"
  cmp -s <(gzip -dc "$dir/$page.gz") "$dir/$page" || fail "$page.gz is not $page compressed"
  expect "$page" '^NAME$' '^SYNOPSIS$' '^DESCRIPTION$' '^SEE ALSO$'
done

expect oakleyd.8 '^oakleyd\(8\) +System Manager.s Manual' \
  '^ +oakleyd - IKEv1/IKEv2 IPsec daemon' '^OPTIONS$' '^ +-c, --config FILE$' \
  '^ +--control SOCKET$' '^ +--log-level LEVEL$' '^ +--timestamps$' '^ +--version$' \
  '^SIGNALS$' '^ +SIGHUP$' '^ +SIGTERM, SIGINT$' '^SYSTEMD$' 'READY=1' 'WATCHDOG=1' \
  '^FILES$' '^ +/etc/oakley/oakley.conf$' '^ +/run/oakley/oakley.ctl$' '^EXIT STATUS$'

expect oakctl.8 '^oakctl\(8\)' '^ +oakctl - control the oakley IPsec daemon' '^OPTIONS$' \
  '^ +--control SOCKET$' '^ +--json$' '^COMMANDS$' '^ +load$' '^ +list-conns$' \
  '^ +list-sas \[--ike CONN\]$' '^ +list-certs$' '^ +initiate CONN\[/CHILD\] \[--timeout SECONDS\]$' \
  '^ +terminate CONN \| --ike-id N \| --child CONN/CHILD$' '^ +rekey CONN\[/CHILD\] \| --ike-id N$' \
  '^ +stats$' '^ +diagnose CONN$' '^ +log-level LEVEL \[SUBSYSTEM\]$' '^ +trace \[--connection CONN\] \[--peer ADDRESS\] \[--level LEVEL\]$' \
  '^ +version$' '^ENVIRONMENT$' '^ +OAKLEY_CONTROL$' '^EXIT STATUS$'

expect oakley.conf.5 '^oakley.conf\(5\) +File Formats Manual' '^SYNTAX$' '^VALUES$' \
  '^IDENTITIES$' '^PROPOSALS$' '^CONNECTIONS$' '^LOCAL AND REMOTE$' '^CHILDREN$' '^SECRETS$' \
  '^POOLS$' '^DAEMON SETTINGS$' '^ +remote_addrs' '^ +start_action = none \| trap' \
  '^ +control_socket = path$' '^ +ike<suffix>$' '^ +addrs = subnet \| range$' '^EXAMPLES$'

expect oakload.1 '^oakload\(1\) +General Commands Manual' '^ +-r, --remote ADDRESS$' \
  '^ +--psk SECRET$' '^ +-n, --count N$' '^ +--flood-rate RATE$' '^EXIT STATUS$'

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "man pages: all rendered and complete"
