#!/usr/bin/env python3
"""Generates corpus.jsonl: the labeled DLP corpus (synthetic data and public test values only).

Every line is {"id", "type" (text | json | form), "text", "expect": [detectors that must be found]}.
Positives are built to be valid by construction (Luhn, mod-97, SSN rules, ...); negatives are the
look-alikes real traffic is full of (order ids, timestamps, phone numbers without a country code,
numbers that fail Luhn, UUIDs, hashes, publishable keys, public keys). Fixed seed: the file is stable.

    python3 src/test/resources/dlp/generate_corpus.py > src/test/resources/dlp/corpus.jsonl
"""
import base64
import hashlib
import hmac
import json
import random
import string

rnd = random.Random(20261126)
samples = []


def add(kind, text, expect):
    samples.append({"id": len(samples) + 1, "type": kind, "text": text, "expect": sorted(set(expect))})


def digits(n):
    return "".join(rnd.choice(string.digits) for _ in range(n))


def alnum(n, alphabet=string.ascii_letters + string.digits):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def luhn_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


ISSUERS = [("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15), ("37", 15),
           ("6011", 16), ("65", 16), ("3528", 16), ("3589", 16), ("36", 14), ("62", 16), ("62", 19)]


def card():
    prefix, length = rnd.choice(ISSUERS)
    partial = prefix + digits(length - len(prefix) - 1)
    return partial + luhn_digit(partial)


def bad_luhn(number):
    last = int(number[-1])
    return number[:-1] + str((last + rnd.randint(1, 9)) % 10)


def grouped(number, sep):
    if len(number) == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i:i + 4] for i in range(0, len(number), 4))


def ssn():
    while True:
        area = rnd.randint(1, 899)
        if area != 666:
            return "%03d-%02d-%04d" % (area, rnd.randint(1, 99), rnd.randint(1, 9999))


IBAN_COUNTRIES = {"DE": 22, "FR": 27, "GB": 22, "NL": 18, "ES": 24, "IT": 27, "BE": 16, "CH": 21, "AT": 20, "PL": 28}


def iban(valid=True):
    country = rnd.choice(sorted(IBAN_COUNTRIES))
    length = IBAN_COUNTRIES[country]
    if country in ("GB", "NL"):
        bban = alnum(4, string.ascii_uppercase) + digits(length - 8)
    else:
        bban = digits(length - 4)
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(numeric) % 97
    if not valid:
        check = (check + rnd.randint(1, 90)) % 97 + 2
        if 98 - int(numeric) % 97 == check:
            check = (check + 1) % 97 + 2
    return country + "%02d" % check + bban


def spaced(value):
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


NAMES = ["jane.roe", "john.doe", "a.smith", "m.garcia", "li.wei", "ops-team", "billing+eu", "n_okafor"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.co.uk", "corp.example"]


def email():
    return "%s%d@%s" % (rnd.choice(NAMES), rnd.randint(1, 999), rnd.choice(DOMAINS))


def phone():
    style = rnd.randint(0, 3)
    if style == 0:
        return "+1 (%s) 555-01%s" % (rnd.choice(["202", "415", "646", "312"]), digits(2))
    if style == 1:
        return "+44 20 7946 0%s" % digits(3)
    if style == 2:
        return "+33 1 %s %s %s %s" % (digits(2), digits(2), digits(2), digits(2))
    return "+49%s%s" % (rnd.choice(["30", "89", "40"]), digits(8))


B32 = string.ascii_uppercase + "234567"


def aws_key_id():
    return rnd.choice(["AKIA", "ASIA"]) + alnum(16, B32)


def aws_secret():
    return alnum(40, string.ascii_letters + string.digits + "+/")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt():
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"sub": "user-%d" % rnd.randint(1, 10**6), "iat": 1700000000 + rnd.randint(0, 10**7),
                                 "scope": rnd.choice(["read", "read write", "admin"])}).encode())
    sig = b64url(hmac.new(alnum(32).encode(), (header + "." + payload).encode(), hashlib.sha256).digest())
    return header + "." + payload + "." + sig


def github():
    if rnd.random() < 0.8:
        return rnd.choice(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + alnum(36)
    return "github_pat_" + alnum(22) + "_" + alnum(59)


def slack():
    return "xox%s-%s-%s-%s" % (rnd.choice("bpa"), digits(12), digits(13), alnum(24))


def stripe():
    return rnd.choice(["sk_live_", "sk_test_", "rk_live_"]) + alnum(rnd.choice([24, 32, 99]))


def private_key(escaped=False):
    kind = rnd.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    body = "\n".join(base64.b64encode(bytes(rnd.getrandbits(8) for _ in range(48))).decode() for _ in range(4))
    block = "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, body, kind)
    return block.replace("\n", "\\n") if escaped else block


def api_key():
    key = alnum(rnd.choice([24, 32, 40]) - 2)
    return key[:5] + rnd.choice(string.digits) + key[5:] + rnd.choice(string.ascii_letters)  # keys mix letters and digits


KEY_NAMES = ["api_key", "apiKey", "x-api-key", "client_secret", "access_token", "auth_token", "secret", "API_TOKEN"]

# ---- positives: every detector in free text, JSON and form shapes ---------------------------------
for _ in range(60):
    c = card()
    shape = rnd.randint(0, 2)
    value = c if shape == 0 else grouped(c, " " if shape == 1 else "-")
    add("text", rnd.choice(["Card on file: %s, exp 04/29", "please charge %s today", "cc=%s"]) % value, ["credit-card"])
for _ in range(20):
    add("json", json.dumps({"order": "ORD-%s" % digits(6), "payment": {"pan": card(), "amount": rnd.randint(1, 9999) / 100}}),
        ["credit-card"])
for _ in range(60):
    s = ssn()
    add("text", rnd.choice(["SSN %s on the W-2", "social security number: %s", "applicant %s verified"]) % s, ["us-ssn"])
for _ in range(15):
    add("json", json.dumps({"employee": {"name": "Pat Example", "ssn": ssn().replace("-", "")}}), ["us-ssn"])
for _ in range(60):
    i = iban()
    add("text", rnd.choice(["IBAN: %s", "transfer to %s please", "beneficiary account %s"]) % (spaced(i) if rnd.random() < 0.5 else i), ["iban"])
for _ in range(60):
    add("text", rnd.choice(["contact %s for access", "From: %s", "reply-to=%s"]) % email(), ["email"])
for _ in range(60):
    add("text", rnd.choice(["call me at %s", "Tel: %s", "mobile %s (evenings)"]) % phone(), ["phone"])
for _ in range(50):
    add("text", rnd.choice(["aws_access_key_id = %s", "key %s leaked in logs", "AccessKeyId: %s"]) % aws_key_id(), ["aws-access-key"])
for _ in range(25):
    add("text", "aws_access_key_id=%s\naws_secret_access_key=%s" % (aws_key_id(), aws_secret()), ["aws-access-key", "aws-secret-key"])
for _ in range(25):
    add("json", json.dumps({"AccessKeyId": aws_key_id(), "SecretAccessKey": aws_secret(), "Expiration": "2026-11-26T12:00:00Z"}),
        ["aws-access-key", "aws-secret-key"])
for _ in range(30):
    add("text", private_key(), ["private-key"])
for _ in range(20):
    add("json", '{"name":"deploy","key":"%s"}' % private_key(escaped=True), ["private-key"])
for _ in range(60):
    add("text", rnd.choice(["Authorization: Bearer %s", "id_token=%s", "session %s expired"]) % jwt(), ["jwt"])
for _ in range(50):
    add("text", rnd.choice(["GITHUB_TOKEN=%s", "cloned with %s", "token: %s"]) % github(), ["github-token"])
for _ in range(50):
    add("text", rnd.choice(["SLACK_BOT_TOKEN=%s", "use %s for the bot", "slack: %s"]) % slack(), ["slack-token"])
for _ in range(50):
    add("text", rnd.choice(["STRIPE_KEY=%s", "stripe.api_key = '%s'", "charged with %s"]) % stripe(), ["stripe-secret-key"])
for _ in range(40):
    add("text", "%s: %s" % (rnd.choice(KEY_NAMES), api_key()), ["generic-api-key"])
for _ in range(20):
    add("json", json.dumps({"service": "geo", rnd.choice(KEY_NAMES): api_key()}), ["generic-api-key"])
for _ in range(20):
    add("form", "user=svc&%s=%s&region=eu" % (rnd.choice(["api_key", "token", "client_secret"]), api_key()), ["generic-api-key"])

# ---- negatives: realistic payloads and look-alikes that are not sensitive -------------------------
for _ in range(150):
    doc = {
        "orderId": "ORD-%s" % digits(8),
        "createdAt": "2026-%02d-%02dT%02d:%02d:%02dZ" % (rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23),
                                                          rnd.randint(0, 59), rnd.randint(0, 59)),
        "epochMillis": int("17" + digits(11)),
        "requestId": "%s-%s-%s-%s-%s" % (alnum(8, "0123456789abcdef"), alnum(4, "0123456789abcdef"), alnum(4, "0123456789abcdef"),
                                         alnum(4, "0123456789abcdef"), alnum(12, "0123456789abcdef")),
        "items": [{"sku": "SKU-%s" % digits(6), "qty": rnd.randint(1, 9), "price": rnd.randint(100, 99999) / 100}
                  for _ in range(rnd.randint(1, 4))],
        "shipping": {"tracking": "1Z%s" % alnum(16, string.ascii_uppercase + string.digits), "zip": digits(5),
                     "phone": "(%s) 555-01%s" % (digits(3), digits(2))},
        "idempotency_key": "%s-%s-%s-%s-%s" % (alnum(8, "0123456789abcdef"), alnum(4, "0123456789abcdef"),
                                               alnum(4, "0123456789abcdef"), alnum(4, "0123456789abcdef"),
                                               alnum(12, "0123456789abcdef")),
        "version": "%d.%d.%d" % (rnd.randint(0, 9), rnd.randint(0, 20), rnd.randint(0, 99)),
    }
    add("json", json.dumps(doc), [])
for _ in range(100):
    add("text", "card ending %s, number %s was declined (checksum)" % (digits(4), bad_luhn(card())), [])
for _ in range(60):
    add("text", "invoice %s of %s, account ref %s" % ("90" + digits(14), "2026-%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28)),
                                                      "0" + digits(15)), [])
for _ in range(60):
    add("text", "call (%s) 555-01%s or %s-555-01%s, ext %s" % (digits(3), digits(2), digits(3), digits(2), digits(3)), [])
for _ in range(60):
    add("text", "build %s, commit %s, sha256 %s" % (digits(9), alnum(40, "0123456789abcdef"), alnum(64, "0123456789abcdef")), [])
for _ in range(50):
    add("text", "area code 666-%s-%s and %s-00-%s are not SSNs; nor is 000-%s-%s" % (
        digits(2), digits(4), digits(3), digits(4), digits(2), digits(4)), [])
for _ in range(50):
    add("text", "IBAN-like %s with a wrong check" % iban(valid=False), [])
for _ in range(50):
    add("text", "stripe publishable key pk_live_%s is public; test card prefix 4242" % alnum(24), [])
for _ in range(40):
    add("text", "-----BEGIN %s-----\n%s\n-----END %s-----" % (("PUBLIC KEY", alnum(64), "PUBLIC KEY") if rnd.random() < 0.5
                                                               else ("CERTIFICATE", alnum(64), "CERTIFICATE")), [])
for _ in range(50):
    add("text", rnd.choice(["api_key: YOUR_API_KEY_HERE", "password: correct horse battery staple", "token_type: bearer",
                            "secret: <redacted>", "auth: disabled", "api_key=changeme"]) + " (%s)" % digits(3), [])
for _ in range(40):
    add("text", "session token %s-%s-%s-%s-%s" % (alnum(8, "0123456789abcdef"), alnum(4, "0123456789abcdef"),
                                                  alnum(4, "0123456789abcdef"), alnum(4, "0123456789abcdef"),
                                                  alnum(12, "0123456789abcdef")), [])
for _ in range(40):
    add("text", "image data %s" % base64.b64encode(bytes(rnd.getrandbits(8) for _ in range(60))).decode(), [])
for _ in range(40):
    add("text", rnd.choice(["user at example dot com", "@here deploy done", "ping ops@localhost", "email: n/a"]) + " #%s" % digits(4), [])
for _ in range(40):
    add("text", "AKIA%s is lowercase, ghp_%s is short, xoxb-%s too" % (alnum(16, string.ascii_lowercase), alnum(10), digits(5)), [])
for _ in range(40):
    add("text", "version %d.%d.%d released %s at 10:%s+01:00, price +%d.%02d EUR" % (
        rnd.randint(1, 9), rnd.randint(0, 9), rnd.randint(0, 9), "2026-11-%02d" % rnd.randint(1, 28), digits(2),
        rnd.randint(1, 999), rnd.randint(0, 99)), [])
for _ in range(40):
    add("form", "q=%s&page=%d&sort=price&session=%s" % (rnd.choice(["shoes", "red+socks", "gift%20card"]), rnd.randint(1, 50),
                                                         alnum(8, "0123456789abcdef")), [])
for _ in range(30):
    add("text", "eyJ%s is base64 but not a JWT" % b64url(json.dumps({"page": rnd.randint(1, 9)}).encode())[3:], [])

for s in samples:
    print(json.dumps(s, separators=(",", ":")))
