#!/usr/bin/env python3
"""Checks the signed checkpoints of the platform's audit trail (docs/audit-checkpoints.md), with nothing but the files.

  python3 audit-checkpoints.py signature HEAD.json [KEY.pem]             # needs the `cryptography` package
  python3 audit-checkpoints.py consistency OLD.json NEW.json PROOF.json  # NEW extends OLD
  python3 audit-checkpoints.py inclusion HEAD.json PROOF.json            # the proof's leaf is in HEAD's tree

HEAD.json is a head as /v1/public/checkpoints/{size} serves it (or a line of the public export of kind "checkpoint");
PROOF.json is what /v1/public/checkpoint-proofs/consistency or /inclusion answers. Prints "OK: ..." and exits 0, or
says what does not hold and exits 1.
"""
import base64
import hashlib
import json
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    return document.get("checkpoint", document)


def signed_text(head):
    """The text the notary signs: one "name value" a line, each ending in a newline."""
    lines = ["ssyg-checkpoint-v1", f"tree_size {int(head['treeSize'])}", f"root_hash {head['rootHash']}", f"time {head['time']}",
             f"previous_size {int(head.get('previousSize', 0))}"]
    lines += [f"high_water {service} {int(seq)}" for service, seq in sorted(head.get("highWater", {}).items())]
    lines += [f"key_id {head['keyId']}", f"algorithm {head['algorithm']}"]
    return "".join(line + "\n" for line in lines).encode()


def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(m, n, first_root, second_root, proof):
    """RFC 9162 §2.1.4.2."""
    if m == n:
        return not proof and first_root == second_root
    if m & (m - 1) == 0:
        proof = [first_root] + proof
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


def verify_signature(head, key_pem=None):
    """ecdsa-p256-sha256 heads; an sm2-sm3 head is checked with OpenSSL (see the docs)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    if head["algorithm"] != "ecdsa-p256-sha256":
        sys.exit(f"{head['algorithm']}: check it with OpenSSL as docs/audit-checkpoints.md shows")
    key = serialization.load_pem_public_key(key_pem or head["publicKey"].encode())
    spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if hashlib.sha256(spki).hexdigest() != head["keyId"]:
        return False
    try:
        key.verify(base64.b64decode(head["signature"]), signed_text(head), ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def main(args):
    hexes = lambda hashes: [bytes.fromhex(h) for h in hashes]
    if args[:1] == ["signature"] and len(args) in (2, 3):
        head = read(args[1])
        key = open(args[2], "rb").read() if len(args) == 3 else None
        ok, what = verify_signature(head, key), f"the head of size {head['treeSize']} is signed by key {head['keyId']}"
    elif args[:1] == ["consistency"] and len(args) == 4:
        old, new, proof = read(args[1]), read(args[2]), read(args[3])
        m, n = int(old["treeSize"]), int(new["treeSize"])
        ok = (int(proof["first"]), int(proof["second"])) == (m, n) and verify_consistency(
            m, n, bytes.fromhex(old["rootHash"]), bytes.fromhex(new["rootHash"]), hexes(proof.get("hashes", [])))
        what = f"the tree of {n} leaves extends the tree of {m}"
    elif args[:1] == ["inclusion"] and len(args) == 3:
        head, proof = read(args[1]), read(args[2])
        ok = int(proof["treeSize"]) == int(head["treeSize"]) and verify_inclusion(
            int(proof.get("leafIndex", 0)), int(head["treeSize"]), leaf_hash(proof["leaf"].encode()), hexes(proof.get("auditPath", [])),
            bytes.fromhex(head["rootHash"]))
        what = f"leaf {int(proof.get('leafIndex', 0))} ({proof['leaf'].splitlines()[1:4]}) is in the tree of {head['treeSize']}"
    else:
        sys.exit(__doc__)
    print(("OK: " if ok else "FAILED: not so: ") + what)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
