#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz_ikev1_responder into fuzz/corpus/fuzz_ikev1_responder/.

Each seed is the harness's input format (see the header of fuzz_ikev1_responder.cpp): a setup byte,
then records. The payload chains are encoded here (RFC 2408 section 3, RFC 2407 section 4, RFC 2409
section 5.5, draft-dukes-ike-mode-cfg) so that the seeds reach the exchanges' real logic instead of
stopping at the parser; libFuzzer mutates from there.
    fuzz/ikev1/make_responder_seeds.py      # rewrites the seed_* files, leaves the others alone
"""
import os
import struct

OUT = os.path.join(os.path.dirname(__file__), "..", "corpus", "fuzz_ikev1_responder")

# payload types
SA, KE, ID, HASH, NONCE, NOTIFY, DELETE, VENDOR, ATTR = 1, 4, 5, 8, 10, 11, 12, 13, 14
# exchange selector bytes of the harness
X_QUICK, X_INFO, X_TRANSACTION, X_MAIN = 0, 1, 2, 3
# setup flags
KEYS_ONLY, ESTABLISHED, XAUTH, HOLD_XAUTH_REPLY = 0, 1, 2, 4
# sealed flags
ADD_HASH = 1
# message ID selectors: new, the last again, one of the responder's exchanges, explicit
MID_NEW, MID_LAST, MID_RESPONDERS = 0, 1, 2


def chain(payloads):
    """[(type, body)] -> (first type, bytes) with the generic headers."""
    out = b""
    for i, (_, body) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += struct.pack("!BBH", nxt, 0, 4 + len(body)) + body
    return (payloads[0][0] if payloads else 0), out


def tv(attr, value):
    return struct.pack("!HH", 0x8000 | attr, value)


def tlv(attr, value):
    return struct.pack("!HH", attr, len(value)) + value


def esp_sa(spi=b"\x11\x22\x33\x44", pfs=None, mode=1, auth=5):
    attrs = tv(1, 1) + tv(2, 3600) + tv(4, mode) + tv(5, auth) + tv(6, 128)
    if pfs:
        attrs += tv(3, pfs)
    transform = struct.pack("!BBHBBH", 0, 0, 8 + len(attrs), 1, 12, 0) + attrs  # ESP_AES
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(spi) + len(transform), 1, 3, len(spi), 1)
    return struct.pack("!II", 1, 1) + prop + spi + transform


def subnet(a, mask):
    return struct.pack("!BBH", 4, 0, 0) + bytes(a) + bytes(mask)


def notify(ntype, protocol=1, spi=b"", data=b""):
    return struct.pack("!IBBH", 1, protocol, len(spi), ntype) + spi + data


def delete(protocol, spis):
    size = len(spis[0]) if spis else 0
    return struct.pack("!IBBH", 1, protocol, size, len(spis)) + b"".join(spis)


def attributes(cfg_type, identifier, attrs):
    return struct.pack("!BBH", cfg_type, 0, identifier) + b"".join(attrs)


def sealed(exch, payloads, flags=ADD_HASH, mid=MID_NEW, explicit_mid=None):
    first, inner = chain(payloads)
    out = bytes([0, exch, flags])
    out += bytes([3]) + struct.pack("!I", explicit_mid) if explicit_mid is not None else bytes([mid])
    return out + bytes([first]) + struct.pack("!H", len(inner)) + inner


def advance(seconds):
    return bytes([5, seconds // 4])


def initiator(op):
    return bytes([6, op])


NONCE_BODY = bytes(range(32))
KE_X25519 = bytes(range(1, 33))
ID_CI = subnet([10, 1, 0, 0], [255, 255, 255, 0])
ID_CR = subnet([10, 2, 0, 0], [255, 255, 255, 0])
QM1 = [(SA, esp_sa()), (NONCE, NONCE_BODY), (ID, ID_CI), (ID, ID_CR)]
QM1_PFS = [(SA, esp_sa(pfs=31)), (NONCE, NONCE_BODY), (KE, KE_X25519), (ID, ID_CI), (ID, ID_CR)]
MODE_CFG_REQUEST = attributes(1, 7, [tlv(1, b""), tlv(3, b""), tlv(8, b""), tlv(7, b"")])
XAUTH_REPLY = attributes(2, 0, [tlv(16521, b"carol"), tlv(16522, b"carol-password")])

SEEDS = {
    "seed_keys_only": bytes([KEYS_ONLY]),
    "seed_established": bytes([ESTABLISHED]),
    "seed_mm5_bad_hash": bytes([KEYS_ONLY]) + sealed(
        X_MAIN, [(ID, struct.pack("!BBH", 3, 0, 0) + b"left@example.test"), (HASH, bytes(32))],
        flags=0, explicit_mid=0),
    "seed_mm5_wrong_id": bytes([KEYS_ONLY]) + sealed(
        X_MAIN, [(ID, struct.pack("!BBH", 1, 17, 500) + bytes([192, 0, 2, 9])),
                 (HASH, bytes(32))], flags=0, explicit_mid=0),
    "seed_quick_mode": bytes([ESTABLISHED]) + sealed(X_QUICK, QM1),
    "seed_quick_mode_pfs": bytes([ESTABLISHED]) + sealed(X_QUICK, QM1_PFS),
    "seed_quick_mode_transport": bytes([ESTABLISHED]) + sealed(
        X_QUICK, [(SA, esp_sa(mode=2, auth=2)), (NONCE, NONCE_BODY)]),
    "seed_quick_mode_no_hash": bytes([ESTABLISHED]) + sealed(X_QUICK, QM1, flags=0),
    "seed_quick_mode_qm3": bytes([ESTABLISHED]) + sealed(X_QUICK, QM1) + sealed(
        X_QUICK, [(HASH, bytes(32))], flags=0, mid=MID_LAST),
    "seed_quick_mode_replay": bytes([ESTABLISHED]) + sealed(X_QUICK, QM1) + b"\x07",
    "seed_dpd": bytes([ESTABLISHED]) + sealed(
        X_INFO, [(NOTIFY, notify(36136, spi=bytes(16), data=struct.pack("!I", 1)))]),
    "seed_delete_isakmp": bytes([ESTABLISHED]) + sealed(X_INFO, [(DELETE, delete(1, [bytes(16)]))]),
    "seed_delete_esp": bytes([ESTABLISHED]) + sealed(
        X_INFO, [(DELETE, delete(3, [b"\x00\x00\x01\x01", b"\x00\x00\x10\x01"]))]),
    "seed_responder_lifetime": bytes([ESTABLISHED]) + sealed(
        X_INFO, [(NOTIFY, notify(24576, spi=bytes(16), data=tv(1, 1) + tv(2, 60)))]),
    "seed_info_replay": bytes([ESTABLISHED]) + sealed(
        X_INFO, [(NOTIFY, notify(36136, spi=bytes(16), data=struct.pack("!I", 1)))]) + sealed(
        X_INFO, [(NOTIFY, notify(36136, spi=bytes(16), data=struct.pack("!I", 2)))], mid=MID_LAST),
    "seed_xauth_reply": bytes([KEYS_ONLY | ESTABLISHED | XAUTH | HOLD_XAUTH_REPLY]) + sealed(
        X_TRANSACTION, [(ATTR, XAUTH_REPLY)], mid=MID_RESPONDERS),
    "seed_xauth_wrong_password": bytes([ESTABLISHED | XAUTH | HOLD_XAUTH_REPLY]) + sealed(
        X_TRANSACTION, [(ATTR, attributes(2, 0, [tlv(16521, b"carol"), tlv(16522, b"nope")]))],
        mid=MID_RESPONDERS),
    "seed_quick_mode_before_xauth": bytes([ESTABLISHED | XAUTH | HOLD_XAUTH_REPLY]) + sealed(
        X_QUICK, QM1),
    "seed_mode_config_request": bytes([ESTABLISHED | XAUTH]) + sealed(
        X_TRANSACTION, [(ATTR, MODE_CFG_REQUEST)]),
    "seed_mode_config_set_ack": bytes([ESTABLISHED | XAUTH]) + sealed(
        X_TRANSACTION, [(ATTR, attributes(4, 3, [tlv(1, b"")]))]),
    "seed_xauth_quick_mode": bytes([ESTABLISHED | XAUTH]) + sealed(
        X_QUICK, [(SA, esp_sa()), (NONCE, NONCE_BODY), (ID, struct.pack("!BBH", 1, 0, 0) + bytes(
            [10, 3, 0, 1])), (ID, ID_CR)]),
    "seed_raw_with_cookies": bytes([ESTABLISHED, 3, 1]) + struct.pack("!H", 28) + bytes(16) + bytes(
        [NOTIFY, 0x10, 5, 0]) + struct.pack("!II", 0, 28),
    "seed_mutated_mm1": bytes([ESTABLISHED, 4]) + bytes(range(8)) + bytes([2, 0, 40, 0xff, 0, 80,
                                                                           0x10]),
    "seed_time_dpd": bytes([ESTABLISHED]) + advance(120) + advance(200),
    "seed_half_open_timeout": bytes([KEYS_ONLY]) + advance(40),
    "seed_time_rekey": bytes([ESTABLISHED]) + advance(1020) + advance(1020) + advance(1020) +
    advance(1020),
    "seed_initiator_rekeys": bytes([ESTABLISHED]) + initiator(0) + initiator(1) + initiator(3) +
    initiator(2) + initiator(4),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"{len(SEEDS)} seeds in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
