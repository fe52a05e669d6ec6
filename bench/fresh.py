"""S1-fresh: enroll patients through the API, each verified opioid-free and on a daily oral plan
from a week ago, and print their ids (one a line): doses on them start from a short history.
usage: fresh.py BASE ADMIN_TOKEN COUNT TODAY
"""
import datetime, json, sys, urllib.request

base, token, count, today = sys.argv[1], sys.argv[2], int(sys.argv[3]), datetime.date.fromisoformat(sys.argv[4])
start = str(today - datetime.timedelta(days=7))

def call(method, path, body):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)

for i in range(count):
    pid = call("POST", "/api/patients", {"firstName": "Bench", "lastName": f"Fresh{i}", "dateOfBirth": "1980-01-01",
                                         "program": "oud", "enrolledOn": start})["id"]
    call("POST", f"/api/patients/{pid}/opioid-free-verifications", {"verifiedOn": start, "method": "urine-drug-screen", "result": "negative"})
    call("PUT", f"/api/patients/{pid}/medication-plan", {"form": "oral", "startOn": start, "schedule": "daily"})
    print(pid, flush=True)
