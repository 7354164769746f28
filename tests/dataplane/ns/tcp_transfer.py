#!/usr/bin/env python3
"""A checksummed TCP transfer for the namespace tests.

  tcp_transfer.py serve ADDR PORT           accept one connection, read to EOF, answer SHA-256
  tcp_transfer.py send ADDR PORT BYTES      send BYTES random bytes, compare the echoed SHA-256
Exit status 0 when the digests match.
"""
import hashlib
import os
import socket
import sys


def serve(addr, port):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        s.listen(1)
        print("listening", flush=True)
        conn, _ = s.accept()
        with conn:
            h = hashlib.sha256()
            while True:
                chunk = conn.recv(1 << 16)
                if not chunk:
                    break
                h.update(chunk)
            conn.sendall(h.hexdigest().encode())


def send(addr, port, size):
    data = os.urandom(size)
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    with socket.create_connection((addr, port), timeout=30) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        answer = b""
        while True:
            chunk = s.recv(128)
            if not chunk:
                break
            answer += chunk
    want = hashlib.sha256(data).hexdigest()
    if answer.decode() != want:
        print(f"digest mismatch: sent {want}, peer got {answer.decode()}")
        return 1
    print(f"{size} bytes transferred, sha256 {want[:16]}... matches")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
