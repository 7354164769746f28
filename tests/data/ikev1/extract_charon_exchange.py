#!/usr/bin/env python3
"""Turns a recorded charon <-> charon IKEv1 exchange into a known-answer JSON file.

Inputs: the initiator's charon.log (filelog with ike = 4, chd = 4: charon prints SKEYID*, Ka, the
initial IV, the DH secrets and the ESP keys at that level), a pcap of UDP 500/4500 taken on the
responder's interface, the PSK and a description. Output: JSON on stdout with every ISAKMP
message as sent (non-ESP marker removed) and the key material charon derived.

    extract_charon_exchange.py charon.log x.pcap PSK "description" > charon_mm_....json
"""
import json
import re
import struct
import sys


def dumps(log_path):
    """{name: [hex, ...]} for every 'NAME => N bytes @ addr' dump of the log, in order."""
    out = {}
    lines = open(log_path, encoding="utf-8", errors="replace").read().splitlines()
    i = 0
    head = re.compile(r"\[(IKE|CHD|LIB)\] (.+?) => (\d+) bytes @ ")
    row = re.compile(r"\[(IKE|CHD|LIB)\]\s+\d+: ((?:[0-9A-F]{2} ?)+)")
    while i < len(lines):
        m = head.search(lines[i])
        if not m:
            i += 1
            continue
        name, size = m.group(2).strip(), int(m.group(3))
        data = ""
        i += 1
        while len(data) < 2 * size and i < len(lines):
            r = row.search(lines[i])
            if not r:
                break
            data += r.group(2).replace(" ", "").lower()
            i += 1
        out.setdefault(name, []).append(data[: 2 * size])
    return out


def isakmp_messages(pcap_path):
    raw = open(pcap_path, "rb").read()
    magic = struct.unpack("<I", raw[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", raw[20:24])[0]
    off, out = 24, []
    while off + 16 <= len(raw):
        _, _, incl, _ = struct.unpack(endian + "IIII", raw[off : off + 16])
        frame = raw[off + 16 : off + 16 + incl]
        off += 16 + incl
        l2 = 14 if linktype == 1 else 16  # Ethernet or Linux cooked capture
        ip = frame[l2:]
        ihl = (ip[0] & 0x0F) * 4
        src = ".".join(str(b) for b in ip[12:16])
        udp = ip[ihl:]
        sport, dport = struct.unpack(">HH", udp[:4])
        payload = udp[8:]
        if 4500 in (sport, dport):
            if payload[:4] != b"\0\0\0\0":
                continue  # ESP in UDP or a keepalive
            payload = payload[4:]
        out.append({"from": f"{src}[{sport}]", "hex": payload.hex()})
    return out


def main():
    log, pcap, psk, description = sys.argv[1:5]
    d = dumps(log)
    first = lambda name, n=0: d[name][n] if name in d and len(d[name]) > n else None
    result = {
        "origin": "recorded here: strongSwan 5.9.8 charon <-> charon (Debian 12, kernel-libipsec) in "
        "network namespaces; values from the initiator's charon.log (ike = 4, chd = 4) and a "
        "tcpdump capture on the responder's interface; extracted by extract_charon_exchange.py",
        "description": description,
        "psk": psk,
        "messages": isakmp_messages(pcap),
        "initiator": {
            "g_xy": first("shared Diffie Hellman secret"),
            "SKEYID": first("SKEYID"),
            "SKEYID_d": first("SKEYID_d"),
            "SKEYID_a": first("SKEYID_a"),
            "SKEYID_e": first("SKEYID_e"),
            "Ka": first("encryption key Ka"),
            "initial_IV": first("initial IV"),
            "qm_g_xy": first("DH secret"),
            "esp_encryption_initiator": first("encryption initiator key"),
            "esp_encryption_responder": first("encryption responder key"),
            "esp_integrity_initiator": first("integrity initiator key"),
            "esp_integrity_responder": first("integrity responder key"),
        },
    }
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
