"""Counts UDP datagrams on a port: one line "SOURCE_ADDRESS PAYLOAD" per datagram, flushed.
   udp_sink.py PORT OUTFILE"""
import socket
import sys

port, out = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", port))
with open(out, "a", buffering=1) as f:
    while True:
        data, (addr, _) = s.recvfrom(2048)
        f.write(f"{addr} {data.decode(errors='replace')}\n")
