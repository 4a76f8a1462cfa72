"""Expand RFC 5545 rules with python-dateutil, for calendar's differential test.

Reads a JSON list on stdin, one object per rule:

    {"start": "2026-01-05T10:00:00", "zone": "Europe/Madrid",
     "rule": "FREQ=WEEKLY;BYDAY=MO", "to": 1767225600, "max": 300}

and writes a JSON list of results in the same order:

    {"insts": [unix seconds, ...], "truncated": bool, "error": str}

dateutil iterates naive wall-clock times carrying the zone (fold=0). Each
one is mapped to its instant with the zone's utcoffset, which for fold=0
is what RFC 5545 section 3.3.5 asks for: a time in a gap takes the offset
before the gap, a repeated time its first occurrence. The instants are
then sorted and de-duplicated, which is the set tandem yields.

One documented deviation is adjusted here: dateutil leaves DTSTART out
when it does not match the rule and then counts COUNT instances without
it, while RFC 5545 makes DTSTART the first instance and counts it. When
the first instance is not DTSTART, the rule is expanded with COUNT-1 and
DTSTART is added in front.
"""

import json
import signal
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

MARGIN = 86400  # keep iterating a day past "to": gap instants come back in order


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def expand(item):
    tz = ZoneInfo(item["zone"])
    start = datetime.fromisoformat(item["start"]).replace(tzinfo=tz)
    to = item["to"]
    limit = item["max"]
    rule = rrulestr(item["rule"], dtstart=start)
    first = next(iter(rule), None)
    extra = []
    if first != start:
        extra = [start]
        count = rule._count
        if count is not None:
            rule = rule.replace(count=count - 1) if count > 1 else []
    walls = list(extra)
    truncated = False
    for dt in rule:
        if dt.timestamp() >= to + MARGIN:
            break
        walls.append(dt)
        if len(walls) >= limit:
            truncated = True
            break
    insts = sorted({int(dt.astimezone(timezone.utc).timestamp()) for dt in walls})
    return {"insts": [x for x in insts if x < to], "truncated": truncated, "error": ""}


def main():
    items = json.load(sys.stdin)
    signal.signal(signal.SIGALRM, on_alarm)
    out = []
    for item in items:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        try:
            out.append(expand(item))
        except Timeout:
            out.append({"insts": [], "truncated": False, "error": "timeout"})
        except Exception as e:  # reported, and failed, by the Go test
            out.append({"insts": [], "truncated": False, "error": repr(e)})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
