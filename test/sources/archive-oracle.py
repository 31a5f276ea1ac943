"""An independent count of a diagnostic-settings archive (shared/log-analytics.md §4), for test/sources/archive.test.ts.

Walks every .json file under the folder given, reads it as one JSON document or as JSON Lines, expands
{"records": [...]} messages, and counts records per report by their category (the record's own, any key case, else
its container's), those without any time, lines that are not JSON, and a last line cut short. An optional since and
until (ISO text, UTC, Z) keep records whose envelope time is inside them. Prints one JSON object.
Written apart from entra-logs' reader: it shares no code with it.
"""
import json
import os
import sys

REPORT = {
    "signinlogs": "signins",
    "noninteractiveusersigninlogs": "signins",
    "serviceprincipalsigninlogs": "signins",
    "managedidentitysigninlogs": "signins",
    "auditlogs": "audits",
    "provisioninglogs": "provisioning",
}
TIME = {"signins": "createdDateTime", "audits": "activityDateTime", "provisioning": "activityDateTime"}

root = sys.argv[1]
since = sys.argv[2] if len(sys.argv) > 2 else None
until = sys.argv[3] if len(sys.argv) > 3 else None
out = {"signins": 0, "audits": 0, "provisioning": 0, "categories": {}, "unknown": 0, "noTime": {}, "notJson": {}, "cut": 0}


def key(obj, name):
    for k, v in obj.items():
        if k.lower() == name:
            return v
    return None


def container(path):
    for part in path.split(os.sep):
        if part.lower().startswith("insights-logs-"):
            return part.lower()[len("insights-logs-"):]
    return None


def count(record, fallback, report_of_file):
    if not isinstance(record, dict):
        out["notJson"][report_of_file] = out["notJson"].get(report_of_file, 0) + 1
        return
    category = key(record, "category")
    category = category.lower() if isinstance(category, str) else fallback
    report = REPORT.get(category)
    if report is None:
        out["unknown"] += 1
        return
    props = key(record, "properties")
    t = key(record, "time")
    if not isinstance(t, str) and not (isinstance(props, dict) and isinstance(props.get(TIME[report]), str)):
        out["noTime"][report] = out["noTime"].get(report, 0) + 1
        return
    if (since and t < since) or (until and t > until):
        return
    out[report] += 1
    out["categories"][category] = out["categories"].get(category, 0) + 1


for folder, _dirs, files in os.walk(root):
    for name in files:
        if not name.lower().endswith(".json"):
            continue
        path = os.path.join(folder, name)
        fallback = container(path)
        report_of_file = REPORT.get(fallback, "?")
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        try:
            doc = json.loads(text)
            units = doc if isinstance(doc, list) else [doc]
        except ValueError:
            units = []
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if line.strip() == "":
                    continue
                try:
                    units.append(json.loads(line))
                except ValueError:
                    if i == len(lines) - 1:
                        out["cut"] += 1
                    else:
                        out["notJson"][report_of_file] = out["notJson"].get(report_of_file, 0) + 1
        for unit in units:
            records = key(unit, "records") if isinstance(unit, dict) else None
            for record in records if isinstance(records, list) else [unit]:
                count(record, fallback, report_of_file)

print(json.dumps(out))
