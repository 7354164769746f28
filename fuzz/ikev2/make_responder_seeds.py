#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz_ikev2_responder into fuzz/corpus/fuzz_ikev2_responder/.

Each seed is the harness's input format (see the header of fuzz_ikev2_responder.cpp): a setup byte,
then records. The inner payloads are encoded here (RFC 7296 section 3) so that the seeds reach the
exchanges' real logic instead of stopping at the parser; libFuzzer mutates from there.
    fuzz/ikev2/make_responder_seeds.py      # rewrites the seed_* files, leaves the others alone
"""
import os
import struct

OUT = os.path.join(os.path.dirname(__file__), "..", "corpus", "fuzz_ikev2_responder")

# payload types
SA, KE, IDI, IDR, AUTH, NONCE, NOTIFY, DELETE, VENDOR, TSI, TSR, SK, CP = (
    33, 34, 35, 36, 39, 40, 41, 42, 43, 44, 45, 46, 47)
# exchange selector bytes of the harness (34 + b % 4; 0xe8 / 0xe9: IKE_INTERMEDIATE /
# IKE_FOLLOWUP_KE)
X_INIT, X_AUTH, X_CHILD, X_INFO, X_INTERMEDIATE, X_FOLLOWUP = 0, 1, 2, 3, 0xe8, 0xe9
# setup flags
HALF_OPEN, ESTABLISHED, SMALL_FRAGMENTS, ADDITIONAL_KE = 0, 1, 2, 4
ADDITIONAL_KEY_EXCHANGE = 16441


def chain(payloads):
    """[(type, body)] -> (first type, bytes) with the generic headers."""
    out = b""
    for i, (_, body) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += struct.pack("!BBH", nxt, 0, 4 + len(body)) + body
    return (payloads[0][0] if payloads else 0), out


def transform(ttype, tid, key_bits=None, last=False):
    attrs = struct.pack("!HH", 0x800E, key_bits) if key_bits else b""
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs


def proposal(number, protocol, spi, transforms, last=True):
    body = b"".join(transforms)
    head = struct.pack("!BBHBBBB", 0 if last else 2, 0, 8 + len(spi) + len(body), number,
                       protocol, len(spi), len(transforms))
    return head + spi + body


def esp_sa(spi=b"\x11\x22\x33\x44", dh=None):
    ts = [transform(1, 20, 128)]  # ENCR_AES_GCM_16, 128 bits
    if dh:
        ts.append(transform(4, dh))
    ts.append(transform(5, 0, last=True))  # no ESN
    return proposal(1, 3, spi, ts)


def ike_sa(spi=b"\xaa" * 8):
    ts = [transform(1, 20, 128), transform(2, 5), transform(4, 31, last=True)]
    return proposal(1, 1, spi, ts)


def ts(start, end, proto=0):
    sel = struct.pack("!BBHHH", 7, proto, 16, 0, 65535) + bytes(start) + bytes(end)
    return struct.pack("!B3x", 1) + sel


def notify(ntype, data=b"", protocol=0, spi=b""):
    return struct.pack("!BBH", protocol, len(spi), ntype) + spi + data


def sk(exch, payloads, mid=0, flags=0, nat=0):
    first, inner = chain(payloads)
    return bytes([0, exch, flags, mid, first]) + struct.pack("!H", len(inner)) + inner + bytes([nat])


def skf(exch, first, number, total, part, mid=0):
    return bytes([2, exch, 0, mid, first]) + struct.pack("!HHH", number, total, len(part)) + part


def advance(seconds):
    return bytes([5, seconds // 4])


def initiator(op):
    return bytes([6, op])


KE_X25519 = struct.pack("!HH", 31, 0) + bytes(range(1, 33))
KE_ECP256 = struct.pack("!HH", 19, 0) + bytes(range(1, 65))
NONCE_BODY = bytes(range(32))
TS_VIP = ts([10, 3, 0, 1], [10, 3, 0, 1])
TS_NET = ts([10, 2, 0, 0], [10, 2, 0, 255])

# An IKE_AUTH request's payloads (IDi first), to be split into fragments.
AUTH_CHAIN = chain([(IDI, struct.pack("!B3x", 3) + b"carol@example.test"),
                    (AUTH, struct.pack("!B3x", 2) + bytes(32)), (SA, esp_sa()), (TSI, TS_VIP),
                    (TSR, TS_NET)])[1]

SEEDS = {
    "seed_half_open": bytes([HALF_OPEN]),
    "seed_established": bytes([ESTABLISHED]),
    "seed_dpd": bytes([ESTABLISHED]) + sk(X_INFO, []),
    "seed_delete_ike": bytes([ESTABLISHED]) + sk(X_INFO, [(DELETE, struct.pack("!BBH", 1, 0, 0))]),
    "seed_delete_child": bytes([ESTABLISHED]) + sk(
        X_INFO, [(DELETE, struct.pack("!BBH", 3, 4, 1) + b"\xc0\x00\x00\x01")]),
    "seed_info_cp": bytes([ESTABLISHED]) + sk(
        X_INFO, [(CP, struct.pack("!B3x", 1) + struct.pack("!HH", 1, 0))]),
    "seed_new_child_no_pfs": bytes([ESTABLISHED]) + sk(
        X_CHILD, [(SA, esp_sa()), (NONCE, NONCE_BODY), (TSI, TS_VIP), (TSR, TS_NET)]),
    "seed_new_child_pfs": bytes([ESTABLISHED]) + sk(
        X_CHILD, [(SA, esp_sa(dh=31)), (NONCE, NONCE_BODY), (KE, KE_X25519), (TSI, TS_VIP),
                  (TSR, TS_NET)]),
    "seed_new_child_missing_ke": bytes([ESTABLISHED]) + sk(
        X_CHILD, [(SA, esp_sa(dh=31)), (NONCE, NONCE_BODY), (TSI, TS_VIP), (TSR, TS_NET)]),
    "seed_rekey_child": bytes([ESTABLISHED]) + sk(
        X_CHILD, [(NOTIFY, notify(16393, protocol=3, spi=b"\xc0\x00\x00\x01")),
                  (SA, esp_sa(dh=31)), (NONCE, NONCE_BODY), (KE, KE_X25519), (TSI, TS_VIP),
                  (TSR, TS_NET)]),
    "seed_rekey_ike": bytes([ESTABLISHED]) + sk(
        X_CHILD, [(SA, ike_sa()), (NONCE, NONCE_BODY), (KE, KE_X25519)]),
    "seed_ike_auth_bad_psk": bytes([HALF_OPEN]) + sk(
        X_AUTH, [(IDI, struct.pack("!B3x", 3) + b"carol@example.test"),
                 (AUTH, struct.pack("!B3x", 2) + bytes(32)),
                 (CP, struct.pack("!B3x", 1) + struct.pack("!HH", 1, 0) + struct.pack("!HH", 8, 0)),
                 (SA, esp_sa()), (TSI, TS_VIP), (TSR, TS_NET)], mid=0),
    "seed_ike_auth_strict_id": bytes([HALF_OPEN]) + sk(
        X_AUTH, [(IDI, struct.pack("!B3x", 3) + b"strict@example.test"),
                 (AUTH, struct.pack("!B3x", 2) + bytes(32))]),
    "seed_fragments": bytes([HALF_OPEN]) + skf(X_AUTH, IDI, 1, 2, AUTH_CHAIN[:60]) + skf(
        X_AUTH, 0, 2, 2, AUTH_CHAIN[60:]),
    "seed_fragment_flood": bytes([HALF_OPEN]) + b"".join(
        skf(X_AUTH, IDI, n, 40, b"\x55" * 300) for n in range(1, 12)),
    "seed_raw_with_spis": bytes([ESTABLISHED, 3, 1]) + struct.pack("!H", 28) + bytes(16) + bytes(
        [0, 0x20, 37, 0x08]) + struct.pack("!II", 2, 28),
    "seed_mutated_init": bytes([HALF_OPEN, 4]) + bytes(range(8)) + bytes([2, 0, 40, 0xff, 0, 80,
                                                                          0x10]),
    "seed_time_dpd": bytes([ESTABLISHED]) + advance(120) + advance(200),
    "seed_half_open_timeout": bytes([HALF_OPEN]) + advance(40),
    "seed_initiator_rekeys": bytes([ESTABLISHED]) + initiator(0) + initiator(1) + initiator(3) +
    initiator(2) + initiator(4),
    "seed_small_fragments": bytes([ESTABLISHED | SMALL_FRAGMENTS]) + initiator(1) + sk(
        X_INFO, [(VENDOR, b"v" * 900)]),
    "seed_retransmit": bytes([ESTABLISHED]) + sk(X_INFO, []) + b"\x07" + sk(X_INFO, [], mid=1),
    # RFC 9370: IKE_INTERMEDIATE in setup, IKE_FOLLOWUP_KE in the initiator's rekeys and new child.
    "seed_additional_ke_rekeys": bytes([ESTABLISHED | ADDITIONAL_KE]) + initiator(1) +
    initiator(0) + initiator(3),
    "seed_additional_ke_intermediate": bytes([HALF_OPEN | ADDITIONAL_KE]) + sk(
        X_INTERMEDIATE, [(KE, KE_ECP256)]),
    "seed_followup_without_chain": bytes([ESTABLISHED | ADDITIONAL_KE]) + sk(
        X_FOLLOWUP, [(NOTIFY, notify(ADDITIONAL_KEY_EXCHANGE, bytes(16))), (KE, KE_ECP256)]),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"{len(SEEDS)} seeds in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
