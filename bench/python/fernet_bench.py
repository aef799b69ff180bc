#!/usr/bin/env python3
"""Python cryptography's Fernet (the original design's library) timed like CryptoBenchmarks:
one thread, encrypt, decrypt, and encrypt+decrypt of 100 B, 1 KiB and 16 KiB. Prints JSON lines."""
import json
import os
import sys
import time

import cryptography
from cryptography.fernet import Fernet


def rate(fn, seconds):
    # warm-up, then count calls for `seconds`
    end = time.perf_counter() + seconds / 3
    while time.perf_counter() < end:
        fn()
    n = 0
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        for _ in range(100):
            fn()
        n += 100
    return n / (time.perf_counter() - start)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    f = Fernet(Fernet.generate_key())
    for size in (100, 1024, 16384):
        data = os.urandom(size)
        token = f.encrypt(data)
        for name, fn in (("fernetEncrypt", lambda: f.encrypt(data)),
                         ("fernetDecrypt", lambda: f.decrypt(token)),
                         ("fernetEncryptThenDecrypt", lambda: f.decrypt(f.encrypt(data)))):
            print(json.dumps({"peer": "python-cryptography " + cryptography.__version__, "benchmark": name,
                              "size": size, "opsPerSecond": round(rate(fn, seconds), 1)}), flush=True)


if __name__ == "__main__":
    main()
