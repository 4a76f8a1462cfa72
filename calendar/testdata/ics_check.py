"""Reads an iCalendar file written by tandem's WriteICS with independent
parsers (python3-icalendar, python3-recurring-ical-events) and reports what
they see, as JSON, for ics_external_test.go.

stdin:  {"ics": str, "from": iso, "to": iso, "prefix": str,
         "samples": {zone: [utc iso, ...]}}
stdout: {"events": {uid: {"starts": [...], "ends": [...], "props": [...],
                          "summary": str, "description": str,
                          "accounts": [str, ...],   # X-TANDEM-ACCOUNT
                          "attach": [[uri, fmttype or ""], ...]}},
         "own_zones": {uid: [...]},   # the same expansion, read with
                                      # tandem's VTIMEZONEs instead of the
                                      # parser's own zone data
         "offsets": {zone: [seconds, ...]},
         "components": [name, ...]}
"""
import json
import sys
from datetime import datetime, timezone

import icalendar
import recurring_ical_events


def iso(dt):
    if isinstance(dt, datetime):
        return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.strftime("%Y-%m-%d")


def parse_utc(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def values(comp, name):
    """Every value of property name in comp, in order: icalendar gives one
    value for a property written once and a list for one written more."""
    v = comp.get(name)
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def expand(cal, start, end, ends=None):
    out = {}
    for ev in recurring_ical_events.of(cal).between(start, end):
        dt = ev["DTSTART"].dt
        if isinstance(dt, datetime) and not (start <= dt.astimezone(timezone.utc) < end):
            continue  # overlaps the window but starts outside it
        out.setdefault(str(ev["UID"]), []).append(iso(dt))
        if ends is not None and "DTEND" in ev:
            ends.setdefault(str(ev["UID"]), []).append(iso(ev["DTEND"].dt))
    for v in out.values():
        v.sort()
    return out


def main():
    req = json.load(sys.stdin)
    start, end = parse_utc(req["from"]), parse_utc(req["to"])
    cal = icalendar.Calendar.from_ical(req["ics"])
    res = {"events": {}, "components": [c.name for c in cal.walk()], "offsets": {}}
    for comp in cal.walk("VEVENT"):
        res["events"][str(comp["UID"])] = {
            "props": sorted(comp.keys()),
            "summary": str(comp.get("SUMMARY", "")),
            "description": str(comp.get("DESCRIPTION", "")),
            "accounts": [str(v) for v in values(comp, "X-TANDEM-ACCOUNT")],
            "attach": [[str(v), str(v.params.get("FMTTYPE", ""))] for v in values(comp, "ATTACH")],
            "starts": [],
            "ends": [],
        }
    ends = {}
    for uid, starts in expand(cal, start, end, ends).items():
        res["events"].setdefault(uid, {"props": [], "summary": "", "description": ""})["starts"] = starts
    for uid, e in ends.items():
        res["events"][uid]["ends"] = sorted(e)

    # tandem's own VTIMEZONEs: rename every TZID so that icalendar cannot
    # find it in its zone database and builds the zone from the VTIMEZONE.
    prefix = req["prefix"]
    for comp in cal.walk("VTIMEZONE"):
        tz = comp.to_tz()
        zone = str(comp["TZID"])
        res["offsets"][zone] = [
            int(parse_utc(s).astimezone(tz).utcoffset().total_seconds()) for s in req["samples"].get(zone, [])
        ]
    renamed = req["ics"].replace("TZID=", "TZID=" + prefix).replace("TZID:", "TZID:" + prefix)
    own = icalendar.Calendar.from_ical(renamed)
    res["own_zones"] = expand(own, start, end)
    json.dump(res, sys.stdout)


main()
