#!/usr/bin/env python3
"""A TCP transfer with an end-to-end checksum, for tests through a tunnel.

serve --bind ADDR --port P --ready FILE [--timeout S]
    accepts one connection, reads to EOF, answers "<sha256> <bytes>\\n", exits.
send --src ADDR --dst ADDR --port P --bytes N [--timeout S] [--rate-mbit R]
    sends N random bytes, half-closes, compares the server's answer with its own digest.
    --rate-mbit paces the sender, so that a transfer lasts a known time (e.g. across a rekey).
    Prints one line: "tcp_check: OK N bytes in T s (X Mbit/s) sha256 ..." or the mismatch.
"""
import argparse
import hashlib
import os
import socket
import sys
import time


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def serve(args):
    s = socket.socket(family_of(args.bind), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((args.bind, args.port))
    s.listen(1)
    s.settimeout(args.timeout)
    with open(args.ready, "w") as f:
        f.write("ready\n")
    conn, peer = s.accept()
    conn.settimeout(args.timeout)
    h = hashlib.sha256()
    n = 0
    while True:
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        h.update(chunk)
        n += len(chunk)
    conn.sendall(f"{h.hexdigest()} {n}\n".encode())
    conn.close()
    print(f"tcp_check serve: {n} bytes from {peer[0]} sha256 {h.hexdigest()}")
    return 0


def send(args):
    s = socket.socket(family_of(args.dst), socket.SOCK_STREAM)
    s.settimeout(args.timeout)
    if args.src:
        s.bind((args.src, 0))
    start = time.monotonic()
    s.connect((args.dst, args.port))
    h = hashlib.sha256()
    left = args.bytes
    block = os.urandom(1 << 16)
    sent = 0
    while left > 0:
        if args.rate_mbit:
            ahead = sent * 8 / (args.rate_mbit * 1e6) - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
        # vary the content so that a dropped or repeated block changes the digest
        block = hashlib.sha256(block[:32]).digest() + block[32:]
        part = block[:min(left, len(block))]
        s.sendall(part)
        h.update(part)
        left -= len(part)
        sent += len(part)
    s.shutdown(socket.SHUT_WR)
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = s.recv(256)
        if not chunk:
            break
        reply += chunk
    took = time.monotonic() - start
    s.close()
    want = f"{h.hexdigest()} {args.bytes}"
    got = reply.decode(errors="replace").strip()
    rate = args.bytes * 8 / took / 1e6 if took > 0 else 0
    if got != want:
        print(f"tcp_check: MISMATCH sent {want}, server saw {got or '(nothing)'}")
        return 1
    print(f"tcp_check: OK {args.bytes} bytes in {took:.2f} s ({rate:.0f} Mbit/s) sha256 {h.hexdigest()[:16]}...")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("serve")
    p.add_argument("--bind", required=True)
    p.add_argument("--port", type=int, default=5201)
    p.add_argument("--ready", required=True)
    p.add_argument("--timeout", type=float, default=60)
    p = sub.add_parser("send")
    p.add_argument("--src")
    p.add_argument("--dst", required=True)
    p.add_argument("--port", type=int, default=5201)
    p.add_argument("--bytes", type=int, required=True)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--rate-mbit", type=float, default=0)
    args = ap.parse_args()
    try:
        return serve(args) if args.cmd == "serve" else send(args)
    except OSError as e:
        print(f"tcp_check {args.cmd}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
