#!/usr/bin/env python3
"""Sanity checker for the example SIP traces in this directory.

Usage: python3 check.py [FILE.sip ...]
Without arguments every *.sip file next to this script is checked.

For each file it verifies that
  * every line ends with CRLF (no bare LF, no bare CR), including the last
    line of the body;
  * the header section is closed by an empty line (CRLF CRLF);
  * the first line is a SIP request line or status line;
  * every header line is "Name: value" or a folded continuation line;
  * there is exactly one Content-Length (or compact "l") header, and its
    value equals the exact byte length of the body;
  * a non-empty body comes with a Content-Type header;
  * the only IPv4 literal used anywhere is 127.0.0.1.

Prints one line per file and exits 1 if any file is bad (2 if no files).
Standard library only.
"""
import glob
import os
import re
import sys

REQUEST_LINE = re.compile(rb"^[A-Z][A-Z-]* \S+ SIP/2\.0$")
STATUS_LINE = re.compile(rb"^SIP/2\.0 [1-6]\d\d .*$")
HEADER_LINE = re.compile(rb"^([!%'*+\-.0-9A-Z^_`a-z|~]+)[ \t]*:(.*)$")
IPV4 = re.compile(rb"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")


def check_bytes(data):
    """Return a list of problems (empty if the message is fine)."""
    problems = []
    if not data:
        return ["empty file"]

    # 1. line ends: every LF preceded by CR, every CR followed by LF
    for i, c in enumerate(data):
        if c == 0x0A and (i == 0 or data[i - 1] != 0x0D):
            problems.append("bare LF at byte %d" % i)
            break
    for i, c in enumerate(data):
        if c == 0x0D and (i + 1 >= len(data) or data[i + 1] != 0x0A):
            problems.append("bare CR at byte %d" % i)
            break
    if not data.endswith(b"\r\n"):
        problems.append("file does not end with CRLF")

    # 2. addresses
    bad_ips = sorted({ip.decode() for ip in IPV4.findall(data) if ip != b"127.0.0.1"})
    if bad_ips:
        problems.append("IPv4 address(es) other than 127.0.0.1: %s" % ", ".join(bad_ips))

    # 3. empty line closing the header section
    sep = data.find(b"\r\n\r\n")
    if sep < 0:
        problems.append("no empty line (CRLF CRLF) after the header section")
        return problems
    head = data[:sep]
    body = data[sep + 4:]
    lines = head.split(b"\r\n")

    # 4. start line
    start = lines[0]
    if not (REQUEST_LINE.match(start) or STATUS_LINE.match(start)):
        problems.append("bad start line: %r" % start[:80])

    # 5. header lines, unfolding continuation lines
    headers = []  # (name, value)
    for n, line in enumerate(lines[1:], start=2):
        if line[:1] in (b" ", b"\t"):
            if not headers:
                problems.append("line %d: continuation line before any header" % n)
                continue
            name, value = headers[-1]
            headers[-1] = (name, value + b" " + line.strip())
            continue
        m = HEADER_LINE.match(line)
        if not m:
            problems.append("line %d: not a header line: %r" % (n, line[:80]))
            continue
        headers.append((m.group(1), m.group(2).strip()))

    # 6. Content-Length equals body length
    cls = [v for k, v in headers if k.lower() in (b"content-length", b"l")]
    if len(cls) != 1:
        problems.append("expected exactly one Content-Length header, found %d" % len(cls))
    else:
        if not cls[0].isdigit():
            problems.append("Content-Length value is not a number: %r" % cls[0])
        elif int(cls[0]) != len(body):
            problems.append("Content-Length %s but body is %d bytes" % (cls[0].decode(), len(body)))

    # 7. a body needs a Content-Type
    if body and not any(k.lower() in (b"content-type", b"c") for k, _ in headers):
        problems.append("body present but no Content-Type header")

    return problems


def main(argv):
    paths = argv[1:]
    if not paths:
        here = os.path.dirname(os.path.abspath(__file__))
        paths = sorted(glob.glob(os.path.join(here, "*.sip")))
    if not paths:
        print("no .sip files found", file=sys.stderr)
        return 2
    bad = 0
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            print("FAIL %s: %s" % (path, e))
            bad += 1
            continue
        problems = check_bytes(data)
        name = os.path.basename(path)
        if problems:
            bad += 1
            print("FAIL %s" % name)
            for p in problems:
                print("     - %s" % p)
        else:
            sep = data.find(b"\r\n\r\n")
            print("ok   %s (body %d bytes)" % (name, len(data) - sep - 4))
    print("%d file(s) checked, %d bad" % (len(paths), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
