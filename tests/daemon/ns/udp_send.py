"""Sends one UDP datagram from a chosen source address.   udp_send.py SRC DST PORT PAYLOAD"""
import socket
import sys

src, dst, port, payload = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((src, 0))
for _ in range(3):
    s.sendto(payload.encode(), (dst, port))
