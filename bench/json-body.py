#!/usr/bin/env python3
"""16 KiB of realistic JSON (an order list) with one card number in it, written to argv[1].
The bench scripts POST it; a dlp route in redact mode redacts the card on every call.
With --clean (argv[2]) the card is left out: nothing to find, the usual case for outbound traffic.
With --late the card is in the last order instead of the 20th (near the end, not at 30%): the JSON
reader stops after the last candidate, so where the card is sets how much of the body it reads."""
import json, random, sys
r = random.Random(42)
orders = []
while len(json.dumps({"orders": orders})) < 16000:
    orders.append({"orderId": "ORD-%06d" % r.randint(0, 999999), "createdAt": "2026-11-26T10:%02d:00Z" % r.randint(10, 59),
                   "customer": {"name": "Pat Example", "tier": "gold"}, "qty": r.randint(1, 9), "price": r.randint(100, 9999) / 100,
                   "requestId": "%08x-%04x-%04x-%04x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16), r.getrandbits(16), r.getrandbits(48)),
                   "note": "card 4111 1111 1111 1111" if len(orders) == 20 and "--clean" not in sys.argv else "leave at the front door"})
if "--late" in sys.argv:  # the last order kept below holds the card
    orders[-2]["note"], orders[20]["note"] = orders[20]["note"], orders[-2]["note"]
doc = json.dumps({"orders": orders[:-1]})
doc = doc[:-1] + ', "pad": "' + "x" * (16384 - len(doc) - 12) + '"}'
open(sys.argv[1], "w").write(doc)
