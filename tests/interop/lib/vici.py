#!/usr/bin/env python3
"""A small client for strongSwan's vici protocol (stdlib only).

Debian ships no Python vici binding, and swanctl starts one process per command and waits for each
initiate, which is too slow to drive hundreds of IKE SAs. The wire format is the one described in
strongSwan's src/libcharon/plugins/vici/README.md: 32-bit big-endian length, packet type, optional
name, then a message of sections, key/values and lists.

Usage (SOCK is the path of a charon's vici socket):
  vici.py SOCK list-sas [--ike NAME]      JSON of every IKE SA (the list-sa events, merged)
  vici.py SOCK stats                      JSON of the stats command
  vici.py SOCK version                    JSON of the version command
  vici.py SOCK initiate-many CHILD IKE... fire one non-blocking initiate per IKE name
"""
import argparse
import json
import socket
import struct
import sys

CMD_REQUEST, CMD_RESPONSE, CMD_UNKNOWN = 0, 1, 2
EVENT_REGISTER, EVENT_UNREGISTER, EVENT_CONFIRM, EVENT_UNKNOWN, EVENT = 3, 4, 5, 6, 7
SECTION_START, SECTION_END, KEY_VALUE, LIST_START, LIST_ITEM, LIST_END = 1, 2, 3, 4, 5, 6


def encode(msg):
    out = bytearray()
    for key, value in msg.items():
        kb = key.encode()
        if isinstance(value, dict):
            out += bytes([SECTION_START, len(kb)]) + kb + encode(value) + bytes([SECTION_END])
        elif isinstance(value, list):
            out += bytes([LIST_START, len(kb)]) + kb
            for item in value:
                vb = str(item).encode()
                out += bytes([LIST_ITEM]) + struct.pack("!H", len(vb)) + vb
            out += bytes([LIST_END])
        else:
            vb = str(value).encode()
            out += bytes([KEY_VALUE, len(kb)]) + kb + struct.pack("!H", len(vb)) + vb
    return bytes(out)


def decode(data):
    root = {}
    stack = [root]
    current_list = None
    i = 0
    while i < len(data):
        kind = data[i]
        i += 1
        if kind in (SECTION_START, KEY_VALUE, LIST_START):
            n = data[i]
            name = data[i + 1:i + 1 + n].decode(errors="replace")
            i += 1 + n
        if kind == SECTION_START:
            section = {}
            stack[-1][name] = section
            stack.append(section)
        elif kind == SECTION_END:
            stack.pop()
        elif kind == KEY_VALUE:
            (n,) = struct.unpack_from("!H", data, i)
            stack[-1][name] = data[i + 2:i + 2 + n].decode(errors="replace")
            i += 2 + n
        elif kind == LIST_START:
            current_list = []
            stack[-1][name] = current_list
        elif kind == LIST_ITEM:
            (n,) = struct.unpack_from("!H", data, i)
            current_list.append(data[i + 2:i + 2 + n].decode(errors="replace"))
            i += 2 + n
        elif kind == LIST_END:
            current_list = None
        else:
            raise ValueError(f"vici: unknown element type {kind}")
    return root


class Vici:
    def __init__(self, path, timeout=30.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)

    def _send(self, kind, name=None, msg=None):
        body = bytes([kind])
        if name is not None:
            nb = name.encode()
            body += bytes([len(nb)]) + nb
        if msg is not None:
            body += encode(msg)
        self.sock.sendall(struct.pack("!I", len(body)) + body)

    def _recv_exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("vici: connection closed")
            buf += chunk
        return bytes(buf)

    def _recv(self):
        (n,) = struct.unpack("!I", self._recv_exact(4))
        body = self._recv_exact(n)
        kind = body[0]
        name = None
        rest = body[1:]
        if kind == EVENT:
            ln = rest[0]
            name = rest[1:1 + ln].decode()
            rest = rest[1 + ln:]
        return kind, name, rest

    def request(self, command, msg=None):
        self._send(CMD_REQUEST, command, msg or {})
        kind, _, rest = self._recv()
        if kind == CMD_UNKNOWN:
            raise RuntimeError(f"vici: unknown command {command}")
        return decode(rest)

    def streamed(self, command, event, msg=None):
        """Runs a command that streams `event` messages; returns (events, response)."""
        self._send(EVENT_REGISTER, event)
        kind, _, _ = self._recv()
        if kind != EVENT_CONFIRM:
            raise RuntimeError(f"vici: cannot register for {event}")
        self._send(CMD_REQUEST, command, msg or {})
        events = []
        while True:
            kind, name, rest = self._recv()
            if kind == EVENT and name == event:
                events.append(decode(rest))
            elif kind == CMD_RESPONSE:
                response = decode(rest)
                break
            elif kind == CMD_UNKNOWN:
                raise RuntimeError(f"vici: unknown command {command}")
        self._send(EVENT_UNREGISTER, event)
        self._recv()
        return events, response

    def list_sas(self, ike=None):
        msg = {"ike": ike} if ike else {}
        events, _ = self.streamed("list-sas", "list-sa", msg)
        merged = {}
        for ev in events:
            for name, sa in ev.items():
                # several IKE SAs may share a connection name: keep them all
                merged.setdefault(name, []).append(sa)
        return merged


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("socket")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list-sas")
    p.add_argument("--ike")
    sub.add_parser("stats")
    sub.add_parser("version")
    p = sub.add_parser("initiate-many")
    p.add_argument("child")
    p.add_argument("ikes", nargs="+")
    args = ap.parse_args()

    v = Vici(args.socket)
    if args.cmd == "list-sas":
        print(json.dumps(v.list_sas(args.ike), indent=1, sort_keys=True))
    elif args.cmd == "stats":
        print(json.dumps(v.request("stats"), indent=1, sort_keys=True))
    elif args.cmd == "version":
        print(json.dumps(v.request("version"), indent=1, sort_keys=True))
    elif args.cmd == "initiate-many":
        failed = 0
        for ike in args.ikes:
            # timeout -1: charon queues the initiation and answers at once
            r = v.request("initiate", {"child": args.child, "ike": ike, "timeout": "-1",
                                       "init-limits": "no"})
            if r.get("success") != "yes":
                failed += 1
                print(f"initiate {ike}: {r.get('errmsg', 'failed')}", file=sys.stderr)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
