#!/usr/bin/env python3
"""One view of a peer's SAs, whichever daemon it is, and the assertions the interop tests make on it.

normalize KIND FILE          KIND charon: vici list-sas JSON (vici.py); KIND oakley: oakctl
                             list-sas --json. Prints the normalized view (below).
fetch-charon SOCK [--raw F]  list-sas over charon's vici socket, normalized
check-pair A B [--conn C]    both views hold exactly one ESTABLISHED IKE SA (of C), with equal IKE SPIs
                             and version, and for every INSTALLED CHILD_SA name exactly one on each
                             side, with A.spi_in == B.spi_out, A.spi_out == B.spi_in, same mode,
                             UDP encapsulation and algorithms.
check-proposal F --ike P --esp P [--child-dh none]   the IKE SA / CHILD_SA algorithms are the first
                             of each kind in the swanctl proposal strings P (e.g.
                             aes128gcm16-prfsha256-x25519); --child-dh none: the CHILD_SA must have
                             no DH group (an IKEv2 CHILD_SA made by IKE_AUTH).
expect F PATH=VALUE...       e.g. ike.remote_port=4500 child.udp_encap=true ike.encr=AES_CBC
get F PATH                   prints one value (PATH as for expect)
none F                       no ESTABLISHED IKE SA and no INSTALLED CHILD_SA
empty F                      no IKE SA in any state (nothing half-deleted either)
counters F                   summed bytes/packets in/out over the installed CHILD_SAs (JSON)
counters-increased B A [--min-bytes N]   every counter in A exceeds B, bytes in+out by N at least

Normalized view: {"ike_sas": [{"id", "connection", "version", "state", "initiator", "spi_i",
"spi_r", "local_host", "local_port", "remote_host", "remote_port", "local_id", "remote_id",
"nat_any", "algorithms": {"encr", "encr_key_bits", "integ", "prf", "dh"}, "children": [{"name",
"id", "state", "mode", "udp_encap", "spi_in", "spi_out", "algorithms": {"encr", "encr_key_bits",
"integ", "dh", "esn"}, "bytes_in", "bytes_out", "packets_in", "packets_out", "local_ts",
"remote_ts", "rekey_in", "expire_in"}]}]}; rekey_in/expire_in are seconds from now (null: none).
SPIs are lower-case hex without 0x, zero-padded (16 digits IKE, 8 CHILD).
Algorithm names are strongSwan's (AES_GCM_16, HMAC_SHA2_256_128, PRF_HMAC_SHA2_256, CURVE_25519),
which are also oakley's (src/common/algorithm_ids.cpp).
"""
import argparse
import json
import os
import re
import sys

# ---------------------------------------------------------------------------------------------
# normalization


def spi_hex(value, width):
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return f"{value:0{width}x}"
    s = str(value).strip().lower()
    if s.startswith("0x"):
        s = s[2:]
    if not re.fullmatch(r"[0-9a-f]+", s):
        return s
    return s.zfill(width)


def to_int(value):
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def to_bool(value):
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    return str(value).lower() in ("yes", "true", "1", "on")


def norm_alg(value):
    if value is None or value == "":
        return None
    return str(value).upper()


def split_endpoint(value):
    """'192.0.2.1[4500]', '192.0.2.1:4500', '[2001:db8::1]:500' -> (host, port)."""
    if value is None:
        return None, None
    s = str(value)
    m = re.fullmatch(r"(.*)\[(\d+)\]", s) or re.fullmatch(r"\[(.*)\]:(\d+)", s)
    if not m and s.count(":") == 1:
        m = re.fullmatch(r"(.*):(\d+)", s)
    if m:
        return m.group(1), int(m.group(2))
    return s, None


def normalize_charon(raw):
    sas = []
    for conn, entries in raw.items():
        for sa in entries:
            children = []
            for key, ch in (sa.get("child-sas") or {}).items():
                children.append({
                    "name": ch.get("name", key),
                    "id": to_int(ch.get("uniqueid")),
                    "reqid": to_int(ch.get("reqid")),
                    "state": ch.get("state"),
                    "mode": (ch.get("mode") or "").lower() or None,
                    "protocol": ch.get("protocol"),
                    "udp_encap": to_bool(ch.get("encap", "no")),
                    "spi_in": spi_hex(ch.get("spi-in"), 8),
                    "spi_out": spi_hex(ch.get("spi-out"), 8),
                    "algorithms": {
                        "encr": norm_alg(ch.get("encr-alg")),
                        "encr_key_bits": to_int(ch.get("encr-keysize")),
                        "integ": norm_alg(ch.get("integ-alg")),
                        "dh": norm_alg(ch.get("dh-group")),
                        "esn": to_bool(ch.get("esn", "0")),
                    },
                    "bytes_in": to_int(ch.get("bytes-in")) or 0,
                    "bytes_out": to_int(ch.get("bytes-out")) or 0,
                    "packets_in": to_int(ch.get("packets-in")) or 0,
                    "packets_out": to_int(ch.get("packets-out")) or 0,
                    "local_ts": ch.get("local-ts", []),
                    "remote_ts": ch.get("remote-ts", []),
                    "rekey_in": to_int(ch.get("rekey-time")),
                    "expire_in": to_int(ch.get("life-time")),
                })
            sas.append({
                "id": to_int(sa.get("uniqueid")),
                "connection": conn,
                "version": to_int(sa.get("version")),
                "state": sa.get("state"),
                "initiator": to_bool(sa.get("initiator", "no")),
                "spi_i": spi_hex(sa.get("initiator-spi"), 16),
                "spi_r": spi_hex(sa.get("responder-spi"), 16),
                "local_host": sa.get("local-host"),
                "local_port": to_int(sa.get("local-port")),
                "remote_host": sa.get("remote-host"),
                "remote_port": to_int(sa.get("remote-port")),
                "local_id": sa.get("local-id"),
                "remote_id": sa.get("remote-id"),
                "nat_local": to_bool(sa.get("nat-local", "no")),
                "nat_remote": to_bool(sa.get("nat-remote", "no")),
                "nat_fake": to_bool(sa.get("nat-fake", "no")),
                "nat_any": to_bool(sa.get("nat-any", "no")),
                "algorithms": {
                    "encr": norm_alg(sa.get("encr-alg")),
                    "encr_key_bits": to_int(sa.get("encr-keysize")),
                    "integ": norm_alg(sa.get("integ-alg")),
                    "prf": norm_alg(sa.get("prf-alg")),
                    "dh": norm_alg(sa.get("dh-group")),
                },
                "children": children,
            })
    return {"ike_sas": sas}


def pick(d, *keys, default=None):
    for k in keys:
        if k in d and d[k] is not None:
            return d[k]
    return default


def normalize_oakley(raw):
    sas = []
    for sa in raw.get("ike_sas", []):
        algs = sa.get("algorithms") or {}
        local_host, local_port = split_endpoint(pick(sa, "local", "local_addr"))
        remote_host, remote_port = split_endpoint(pick(sa, "remote", "remote_addr"))
        children = []
        for ch in sa.get("children", []):
            ca = ch.get("algorithms") or {}
            children.append({
                "name": ch.get("name"),
                "id": to_int(pick(ch, "id", "uniqueid")),
                "reqid": to_int(ch.get("reqid")),
                "state": ch.get("state"),
                "mode": (ch.get("mode") or "").lower() or None,
                "protocol": ch.get("protocol", "ESP"),
                "udp_encap": to_bool(pick(ch, "udp_encap", "encap", default=False)),
                "spi_in": spi_hex(ch.get("spi_in"), 8),
                "spi_out": spi_hex(ch.get("spi_out"), 8),
                "algorithms": {
                    "encr": norm_alg(ca.get("encr")),
                    "encr_key_bits": to_int(pick(ca, "encr_key_bits", "encr_keysize")),
                    "integ": norm_alg(ca.get("integ")),
                    "dh": norm_alg(ca.get("dh")),
                    "esn": to_bool(ca.get("esn", False)),
                },
                "bytes_in": to_int(ch.get("bytes_in")) or 0,
                "bytes_out": to_int(ch.get("bytes_out")) or 0,
                "packets_in": to_int(ch.get("packets_in")) or 0,
                "packets_out": to_int(ch.get("packets_out")) or 0,
                "local_ts": ch.get("local_ts", []),
                "remote_ts": ch.get("remote_ts", []),
                "rekey_in": to_int(ch.get("rekey_in_seconds")),
                "expire_in": to_int(ch.get("expire_in_seconds")),
            })
        sas.append({
            "id": to_int(pick(sa, "id", "uniqueid")),
            "connection": sa.get("connection"),
            "version": to_int(sa.get("version")),
            "state": sa.get("state"),
            "initiator": to_bool(sa.get("initiator")),
            "spi_i": spi_hex(sa.get("spi_i"), 16),
            "spi_r": spi_hex(sa.get("spi_r"), 16),
            "local_host": pick(sa, "local_host", default=local_host),
            "local_port": to_int(pick(sa, "local_port", default=local_port)),
            "remote_host": pick(sa, "remote_host", default=remote_host),
            "remote_port": to_int(pick(sa, "remote_port", default=remote_port)),
            "local_id": sa.get("local_id"),
            "remote_id": sa.get("remote_id"),
            "auth": sa.get("auth"),  # oakley only: "PSK", "PSK+XAuth(carol)"
            "nat_local": to_bool(sa.get("nat_local")),
            "nat_remote": to_bool(sa.get("nat_remote")),
            "nat_fake": to_bool(sa.get("nat_fake")),
            "nat_any": to_bool(sa.get("nat_any")),
            "algorithms": {
                "encr": norm_alg(algs.get("encr")),
                "encr_key_bits": to_int(pick(algs, "encr_key_bits", "encr_keysize")),
                "integ": norm_alg(algs.get("integ")),
                "prf": norm_alg(algs.get("prf")),
                "dh": norm_alg(algs.get("dh")),
            },
            "children": children,
        })
    return {"ike_sas": sas}


# ---------------------------------------------------------------------------------------------
# selection helpers


class Failure(Exception):
    pass


def load(path):
    with open(path) as f:
        return json.load(f)


def established(view, conn=None):
    return [s for s in view["ike_sas"]
            if s["state"] == "ESTABLISHED" and (conn is None or s["connection"] == conn)]


def installed(sa, name=None):
    return [c for c in sa["children"]
            if c["state"] == "INSTALLED" and (name is None or c["name"] == name)]


def one_ike(view, conn, label):
    sas = established(view, conn)
    if len(sas) != 1:
        states = [(s["connection"], s["state"]) for s in view["ike_sas"]]
        raise Failure(f"{label}: expected 1 ESTABLISHED IKE SA{' of ' + conn if conn else ''}, "
                      f"found {len(sas)} (all: {states})")
    return sas[0]


def one_child(sa, name, label):
    kids = installed(sa, name)
    if len(kids) != 1:
        raise Failure(f"{label}: expected 1 INSTALLED CHILD_SA{' ' + name if name else ''}, found "
                      f"{len(kids)} (all: {[(c['name'], c['state']) for c in sa['children']]})")
    return kids[0]


def lookup(view, path, conn=None, child=None):
    head, _, key = path.partition(".")
    sa = one_ike(view, conn, "view")
    obj = sa if head == "ike" else one_child(sa, child, "view") if head == "child" else None
    if obj is None:
        raise Failure(f"path must start with ike. or child.: {path}")
    if key in obj:
        return obj[key]
    if key in obj.get("algorithms", {}):
        return obj["algorithms"][key]
    raise Failure(f"no field {key} in {head} (fields: {sorted(obj)})")


def same(expected, actual):
    if isinstance(actual, bool):
        return str(expected).lower() in (("true", "yes", "1") if actual else ("false", "no", "0"))
    if actual is None:
        return str(expected).lower() in ("", "none", "null")
    return str(expected).upper() == str(actual).upper()


# ---------------------------------------------------------------------------------------------
# proposals -> expected algorithm names (first algorithm of each kind in the first proposal)

ENCR = [
    (r"aes(128|192|256)gcm(16|128)", "AES_GCM_16"), (r"aes(128|192|256)gcm(12|96)", "AES_GCM_12"),
    (r"aes(128|192|256)gcm(8|64)", "AES_GCM_8"), (r"aes(128|192|256)ccm(16|128)", "AES_CCM_16"),
    (r"aes(128|192|256)ccm(12|96)", "AES_CCM_12"), (r"aes(128|192|256)ccm(8|64)", "AES_CCM_8"),
    (r"aes(128|192|256)ctr", "AES_CTR"), (r"aes(128|192|256)", "AES_CBC"),
    (r"chacha20poly1305", "CHACHA20_POLY1305"), (r"3des", "3DES_CBC"), (r"null", "NULL"),
    (r"camellia(128|192|256)ccm(16|128)", "CAMELLIA_CCM_16"),
    (r"camellia(128|192|256)ccm(12|96)", "CAMELLIA_CCM_12"),
    (r"camellia(128|192|256)ccm(8|64)", "CAMELLIA_CCM_8"),
    (r"camellia(128|192|256)ctr", "CAMELLIA_CTR"), (r"camellia(128|192|256)", "CAMELLIA_CBC"),
    (r"blowfish(128|192|256)", "BLOWFISH_CBC"), (r"cast(128)", "CAST_CBC"),
]
# keywords with an implied key size
ENCR_DEFAULT_BITS = {"camellia": ("CAMELLIA_CBC", 128), "blowfish": ("BLOWFISH_CBC", 128)}
INTEG = {"md5": "HMAC_MD5_96", "sha1": "HMAC_SHA1_96", "sha": "HMAC_SHA1_96",
         "sha256": "HMAC_SHA2_256_128", "sha2_256": "HMAC_SHA2_256_128",
         "sha384": "HMAC_SHA2_384_192", "sha512": "HMAC_SHA2_512_256",
         "aesxcbc": "AES_XCBC_96", "aescmac": "AES_CMAC_96", "sha256_96": "HMAC_SHA2_256_96",
         "sha2_256_96": "HMAC_SHA2_256_96", "md5_128": "HMAC_MD5_128",
         "sha1_160": "HMAC_SHA1_160"}
PRF = {"prfmd5": "PRF_HMAC_MD5", "prfsha1": "PRF_HMAC_SHA1", "prfsha256": "PRF_HMAC_SHA2_256",
       "prfsha384": "PRF_HMAC_SHA2_384", "prfsha512": "PRF_HMAC_SHA2_512",
       "prfaesxcbc": "PRF_AES128_XCBC", "prfaescmac": "PRF_AES128_CMAC"}
PRF_FROM_INTEG = {"HMAC_MD5_96": "PRF_HMAC_MD5", "HMAC_SHA1_96": "PRF_HMAC_SHA1",
                  "HMAC_SHA2_256_128": "PRF_HMAC_SHA2_256", "HMAC_SHA2_384_192": "PRF_HMAC_SHA2_384",
                  "HMAC_SHA2_512_256": "PRF_HMAC_SHA2_512", "AES_XCBC_96": "PRF_AES128_XCBC",
                  "AES_CMAC_96": "PRF_AES128_CMAC", "HMAC_MD5_128": "PRF_HMAC_MD5",
                  "HMAC_SHA1_160": "PRF_HMAC_SHA1"}
DH = {"x25519": "CURVE_25519", "curve25519": "CURVE_25519", "x448": "CURVE_448",
      "curve448": "CURVE_448", "ecp256": "ECP_256", "ecp384": "ECP_384", "ecp521": "ECP_521",
      "ecp192": "ECP_192", "ecp224": "ECP_224", "ecp224bp": "ECP_224_BP", "ecp256bp": "ECP_256_BP",
      "ecp384bp": "ECP_384_BP", "ecp512bp": "ECP_512_BP", "modp1024s160": "MODP_1024_160",
      "modp2048s224": "MODP_2048_224", "modp2048s256": "MODP_2048_256"}


NO_KEY_BITS = "none"  # expected: no encr_key_bits at all (3DES, ChaCha20-Poly1305, NULL)


def parse_proposal(text):
    first = text.split(",")[0].strip().lower()
    exp = {"encr": None, "encr_key_bits": None, "integ": None, "prf": None, "dh": None, "esn": None}
    for tok in first.split("-"):
        if tok in ("esn", "noesn"):
            exp["esn"] = exp["esn"] if exp["esn"] is not None else (tok == "esn")
            continue
        if exp["dh"] is None and (tok in DH or re.fullmatch(r"modp\d+", tok)):
            exp["dh"] = DH.get(tok) or tok.upper().replace("MODP", "MODP_")
            continue
        if exp["prf"] is None and tok in PRF:
            exp["prf"] = PRF[tok]
            continue
        if exp["integ"] is None and tok in INTEG:
            exp["integ"] = INTEG[tok]
            continue
        if exp["encr"] is None and tok in ENCR_DEFAULT_BITS:
            exp["encr"], exp["encr_key_bits"] = ENCR_DEFAULT_BITS[tok]
            continue
        if exp["encr"] is None:
            for pattern, name in ENCR:
                m = re.fullmatch(pattern, tok)
                if m:
                    exp["encr"] = name
                    if m.groups():
                        exp["encr_key_bits"] = int(m.group(1))
                    else:
                        # one key size, no key length attribute: neither daemon reports a size
                        exp["encr_key_bits"] = NO_KEY_BITS
                    break
    if exp["prf"] is None and exp["integ"] is not None:
        exp["prf"] = PRF_FROM_INTEG.get(exp["integ"])
    return exp


# ---------------------------------------------------------------------------------------------
# commands


def cmd_check_pair(a, b, conn, child):
    ia, ib = one_ike(a, conn, "A"), one_ike(b, conn, "B")
    problems = []
    if (ia["spi_i"], ia["spi_r"]) != (ib["spi_i"], ib["spi_r"]):
        problems.append(f"IKE SPIs differ: A {ia['spi_i']}/{ia['spi_r']} B {ib['spi_i']}/{ib['spi_r']}")
    if ia["version"] != ib["version"]:
        problems.append(f"IKE versions differ: A {ia['version']} B {ib['version']}")
    if ia["initiator"] is not None and ib["initiator"] is not None and ia["initiator"] == ib["initiator"]:
        problems.append(f"both sides claim initiator={ia['initiator']}")
    for k in ("encr", "encr_key_bits", "integ", "prf", "dh"):
        if ia["algorithms"][k] != ib["algorithms"][k]:
            problems.append(f"IKE {k} differs: A {ia['algorithms'][k]} B {ib['algorithms'][k]}")
    names = sorted({c["name"] for c in installed(ia)} | {c["name"] for c in installed(ib)})
    if child:
        names = [child]
    if not names:
        problems.append("no INSTALLED CHILD_SA on either side")
    lines = [f"IKE v{ia['version']} {ia['connection']}: spi_i {ia['spi_i']} spi_r {ia['spi_r']}"]
    for name in names:
        try:
            ca, cb = one_child(ia, name, "A"), one_child(ib, name, "B")
        except Failure as e:
            problems.append(str(e))
            continue
        if ca["spi_in"] != cb["spi_out"] or ca["spi_out"] != cb["spi_in"]:
            problems.append(f"CHILD {name} SPIs do not cross-match: A in {ca['spi_in']} out "
                            f"{ca['spi_out']}, B in {cb['spi_in']} out {cb['spi_out']}")
        for k in ("mode", "udp_encap"):
            if ca[k] != cb[k]:
                problems.append(f"CHILD {name} {k} differs: A {ca[k]} B {cb[k]}")
        for k in ("encr", "encr_key_bits", "integ", "dh", "esn"):
            if ca["algorithms"][k] != cb["algorithms"][k]:
                problems.append(f"CHILD {name} {k} differs: A {ca['algorithms'][k]} B {cb['algorithms'][k]}")
        lines.append(f"CHILD {name}: A in {ca['spi_in']} out {ca['spi_out']} | B in {cb['spi_in']} out "
                     f"{cb['spi_out']} | {ca['mode']} udp_encap={ca['udp_encap']}")
    if problems:
        raise Failure("; ".join(problems))
    print("\n".join(lines))


def cmd_check_proposal(view, conn, child, ike_prop, esp_prop, child_dh):
    problems = []
    sa = one_ike(view, conn, "view")
    if ike_prop:
        exp = parse_proposal(ike_prop)
        for k in ("encr", "encr_key_bits", "integ", "prf", "dh"):
            if exp[k] is not None and not same(exp[k], sa["algorithms"][k]):
                problems.append(f"IKE {k}: expected {exp[k]} (from {ike_prop}), got {sa['algorithms'][k]}")
    # without --child: every installed CHILD_SA (there may be several on one IKE SA)
    kids = [one_child(sa, child, "view")] if child else installed(sa)
    if esp_prop and not kids:
        raise Failure("view: no INSTALLED CHILD_SA")
    for ch in kids if esp_prop else []:
        exp = parse_proposal(esp_prop)
        if child_dh == "none":
            # IKEv2: the CHILD_SA created with IKE_AUTH has no own key exchange; the proposal's
            # group is used only by CREATE_CHILD_SA (rekeys, further CHILD_SAs)
            exp["dh"] = None
        for k in ("encr", "encr_key_bits", "integ", "dh", "esn"):
            if exp[k] is not None and not same(exp[k], ch["algorithms"][k]):
                problems.append(f"CHILD {ch['name']} {k}: expected {exp[k]} (from {esp_prop}), "
                                f"got {ch['algorithms'][k]}")
        if exp["dh"] is None and ch["algorithms"]["dh"] not in (None, "NONE"):
            problems.append(f"CHILD {ch['name']} dh: expected none, got {ch['algorithms']['dh']}")
    if problems:
        raise Failure("; ".join(problems))
    print(f"IKE {sa['algorithms']}")
    for ch in kids if esp_prop else []:
        print(f"CHILD {ch['name']} {ch['algorithms']}")


def counters(view, conn):
    tot = {"bytes_in": 0, "bytes_out": 0, "packets_in": 0, "packets_out": 0}
    for sa in established(view, conn):
        for ch in installed(sa):
            for k in tot:
                tot[k] += ch[k] or 0
    return tot


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("normalize")
    p.add_argument("kind", choices=["charon", "oakley"])
    p.add_argument("file")
    p = sub.add_parser("fetch-charon")
    p.add_argument("socket")
    p.add_argument("--raw", help="also write vici's answer to this file")
    for name, nfiles in (("check-pair", 2), ("check-proposal", 1), ("expect", 1), ("get", 1),
                         ("none", 1), ("empty", 1), ("counters", 1), ("counters-increased", 2)):
        p = sub.add_parser(name)
        p.add_argument("files", nargs=nfiles)
        p.add_argument("--conn")
        p.add_argument("--child")
        if name == "check-proposal":
            p.add_argument("--ike")
            p.add_argument("--esp")
            p.add_argument("--child-dh", choices=["proposal", "none"], default="proposal")
        if name in ("expect", "get"):
            p.add_argument("items", nargs="+")
        if name == "counters-increased":
            p.add_argument("--min-bytes", type=int, default=1)
    args = ap.parse_args()

    try:
        if args.cmd == "normalize":
            raw = load(args.file)
            view = normalize_charon(raw) if args.kind == "charon" else normalize_oakley(raw)
            print(json.dumps(view, indent=1, sort_keys=True))
        elif args.cmd == "fetch-charon":
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            import vici
            raw = vici.Vici(args.socket).list_sas()
            if args.raw:
                with open(args.raw, "w") as f:
                    json.dump(raw, f, indent=1, sort_keys=True)
            print(json.dumps(normalize_charon(raw), indent=1, sort_keys=True))
        elif args.cmd == "check-pair":
            cmd_check_pair(load(args.files[0]), load(args.files[1]), args.conn, args.child)
        elif args.cmd == "check-proposal":
            cmd_check_proposal(load(args.files[0]), args.conn, args.child, args.ike, args.esp,
                               args.child_dh)
        elif args.cmd == "get":
            print(lookup(load(args.files[0]), args.items[0], args.conn, args.child))
        elif args.cmd == "expect":
            view = load(args.files[0])
            problems = []
            # child.* without --child: every installed CHILD_SA of the IKE SA
            names = [args.child]
            if not args.child:
                names = [c["name"] for c in installed(one_ike(view, args.conn, "view"))] or [None]
            for item in args.items:
                path, _, value = item.partition("=")
                for name in names if path.startswith("child.") else [None]:
                    actual = lookup(view, path, args.conn, name)
                    if not same(value, actual):
                        problems.append(f"{path}{' of ' + name if name else ''}: expected {value}, "
                                        f"got {actual}")
            if problems:
                raise Failure("; ".join(problems))
        elif args.cmd == "none":
            view = load(args.files[0])
            found = [(s["connection"], s["state"], [(c["name"], c["state"]) for c in s["children"]])
                     for s in view["ike_sas"]
                     if s["state"] == "ESTABLISHED" or installed(s)]
            if found:
                raise Failure(f"expected no established/installed SA, found {found}")
        elif args.cmd == "empty":
            view = load(args.files[0])
            if view["ike_sas"]:
                raise Failure("expected no SA, found " + str([
                    (s["connection"], s["state"], [(c["name"], c["state"]) for c in s["children"]])
                    for s in view["ike_sas"]]))
        elif args.cmd == "counters":
            print(json.dumps(counters(load(args.files[0]), args.conn)))
        elif args.cmd == "counters-increased":
            before = counters(load(args.files[0]), args.conn)
            after = counters(load(args.files[1]), args.conn)
            low = [f"{k}: {before[k]} -> {after[k]}" for k in before if after[k] <= before[k]]
            grown = after["bytes_in"] + after["bytes_out"] - before["bytes_in"] - before["bytes_out"]
            if grown < args.min_bytes:
                low.append(f"bytes in+out grew by {grown}, expected at least {args.min_bytes}")
            if low:
                raise Failure("counters did not increase enough: " + ", ".join(low))
            print(f"counters {before} -> {after}")
    except Failure as e:
        print(f"sa_view: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
