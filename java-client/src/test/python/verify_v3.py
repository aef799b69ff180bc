#!/usr/bin/env python3
"""A second implementation of protocol 3's receiving side, written from docs/PROTOCOL.md alone.

Reads on stdin a JSON object {"room", "member", "privateKey" (the member's RSA key, PKCS#8 DER,
base64), "frames" (envelope bodies as the relay delivered them, in order)}. Verifies the room's
record chain, takes the member's room key from the key delivery bound to its newest record, and
reads the chat messages of that epoch. Prints what it found; exits 1 with the reason on the first
check that fails. Needs Python's `cryptography` (Debian: python3-cryptography).
"""
import base64
import hashlib
import hmac
import json
import struct
import sys

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.exceptions import InvalidSignature

CHANGES = {"create", "join", "leave", "remove", "rekey"}


class Refused(Exception):
    pass


def encode(label, *parts):
    """Purpose label, then each part: 4-byte big-endian length and UTF-8 bytes (absent = empty)."""
    out = b""
    for part in (label,) + parts:
        data = ("" if part is None else part).encode("utf-8")
        out += struct.pack(">I", len(data)) + data
    return out


def verify(identity_key_b64, signature_b64, label, *parts):
    key = serialization.load_der_public_key(base64.b64decode(identity_key_b64))
    try:
        key.verify(base64.b64decode(signature_b64), encode(label, *parts))
        return True
    except InvalidSignature:
        return False


def fingerprint(der):
    hexed = hashlib.sha256(der).digest()[:16].hex()
    return " ".join(hexed[i:i + 4] for i in range(0, len(hexed), 4))


def record_parts(r):
    members = "".join(m["name"] + "\n" + m["identityKey"] + "\n" + m["keyFingerprint"] + "\n" for m in r["members"])
    return (r["room"], str(r["epoch"]), r.get("previous", ""), r["charter"]["signature"], members,
            "\n".join(r.get("removed", [])), r["change"], "\n".join(r.get("subjects", [])), r["keyCommitment"],
            r["author"])


def record_hash(r):
    return hashlib.sha256(encode("e2e-chat membership record hash v3", *record_parts(r), r["signature"])).hexdigest()


def member(r, name):
    return next((m for m in r["members"] if m["name"] == name), None)


def check_record(r, room, head, removed):
    """The checks of PROTOCOL.md, 'Receiving a record', steps 2 to 6, for a chain read from its start."""
    names = [m["name"] for m in r["members"]]
    if r["room"] != room or r["charter"]["room"] != room:
        raise Refused("record for another room")
    if r["change"] not in CHANGES or r["epoch"] < 1 or (r["epoch"] == 1) != ("previous" not in r):
        raise Refused("malformed record")
    if len(set(names)) != len(names) or set(names) & set(r.get("removed", [])):
        raise Refused("a name listed twice, or as member and removed")
    author = member(r, r["author"])
    if author is None:
        raise Refused("author not among the members")
    charter = r["charter"]
    if r["epoch"] == 1 and (r["change"] != "create" or len(names) != 1 or r["author"] != charter["creator"]
                            or author["identityKey"] != charter["creatorIdentity"]):
        raise Refused("a first record must be its creator's, alone")
    if not verify(author["identityKey"], r["signature"], "e2e-chat membership record v3", *record_parts(r)):
        raise Refused("record for epoch %d with a bad signature" % r["epoch"])
    if not removed <= set(r.get("removed", [])):
        raise Refused("record takes back a removal")
    if not verify(charter["creatorIdentity"], charter["signature"], "e2e-chat room charter v3", charter["room"],
                  charter["policy"], charter["creator"], charter["creatorIdentity"], charter.get("protection", "rsa")):
        raise Refused("charter with a bad signature")
    if head is None:
        if r["epoch"] != 1:
            raise Refused("the chain does not start at the room's first record")
        return
    if charter["signature"] != head["charter"]["signature"]:
        raise Refused("record under another charter")
    if r["epoch"] != head["epoch"] + 1 or r["previous"] != record_hash(head):
        raise Refused("record for epoch %d not chained to epoch %d" % (r["epoch"], head["epoch"]))
    before = member(head, r["author"])
    if before is None or before["identityKey"] != author["identityKey"]:
        raise Refused("author %s is not a member of the record before" % r["author"])
    if set(r.get("removed", [])) - removed and r["author"] != charter["creator"]:
        raise Refused("only the creator removes members")


def main():
    given = json.load(sys.stdin)
    room, me = given["room"], given["member"]
    private_key = serialization.load_der_private_key(base64.b64decode(given["privateKey"]), password=None)
    own_fingerprint = fingerprint(private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    envelopes = [json.loads(frame) for frame in given["frames"]]
    for e in envelopes:
        if e.get("v") != 3:
            raise Refused("not a protocol 3 envelope")

    records = {}
    for e in envelopes:
        if e["type"] == "record":
            records[record_hash(e)] = e
    chain, removed, head = [], set(), None
    for e in sorted((r for r in records.values()), key=lambda r: r["epoch"]):
        check_record(e, room, head, removed)
        chain.append(e)
        removed |= set(e.get("removed", []))
        head = e
    print("chain: %d records, epochs 1..%d, members %s" % (len(chain), head["epoch"],
                                                          ",".join(m["name"] for m in head["members"])))

    mine = member(head, me)
    if mine is None or mine["keyFingerprint"] != own_fingerprint:
        raise Refused("the newest record does not list %s with this RSA key" % me)
    head_hash = record_hash(head)
    room_key = None
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    for e in envelopes:
        if e["type"] == "key" and e["record"] == head_hash:
            for wrap in e["wraps"]:
                if wrap["to"] == me:
                    room_key = private_key.decrypt(base64.b64decode(wrap["wrappedKey"]), oaep)
    if room_key is None:
        raise Refused("no key delivery for %s bound to the newest record" % me)
    commitment = hashlib.sha256(encode("e2e-chat room key commitment v3", room, str(head["epoch"]),
                                       room_key.decode("ascii"))).hexdigest()
    if not hmac.compare_digest(commitment, head["keyCommitment"]):
        raise Refused("the delivered key does not match the record's commitment")
    print("key: epoch %d, matches the record's commitment" % head["epoch"])

    fernet = Fernet(room_key)
    for e in envelopes:
        if e["type"] != "chat" or e["epoch"] != head["epoch"]:
            continue
        try:
            content = json.loads(fernet.decrypt(e["token"].encode("ascii"), ttl=600))
        except InvalidToken:
            raise Refused("a chat token that does not open")
        if hashlib.sha256(content["text"].encode("utf-8")).hexdigest() != content["sha256"]:
            raise Refused("content hash mismatch")
        if content["room"] != room or content["epoch"] != head["epoch"] or content["author"] in removed:
            raise Refused("message for another room or epoch, or by a removed member")
        author = member(head, content["author"])
        if author is None or not verify(author["identityKey"], content["signature"], "e2e-chat chat message v3",
                                        content["room"], str(content["epoch"]), content["author"], content["id"],
                                        str(content["counter"]), str(content["sentAt"]), content["kind"],
                                        content.get("target", ""), content["sha256"], ""):
            raise Refused("message with a bad signature")
        print("message: %s: %s" % (content["author"], content["text"]))


if __name__ == "__main__":
    try:
        main()
    except Refused as refused:
        print("refused: %s" % refused)
        sys.exit(1)
