"""S4 probe: record a dose, then time until the caseload read model shows that version.

Runs while wrk loads the API at half of S1's rate. The caseload's minVersion wait polls every
25 ms, so the lag measured is from the append's commit to a caseload answer that includes it.
usage: lag.py BASE TOKEN COUNSELOR PATIENTS_FILE PROBES DATES_CSV
"""
import json, random, sys, time, urllib.request

base, token, counselor, patients_file, probes, dates = sys.argv[1:7]
patients = [l.strip() for l in open(patients_file) if l.strip()]
dates = dates.split(",")

def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)

lags = []
for _ in range(int(probes)):
    patient = random.choice(patients)
    try:
        version = call("POST", f"/api/patients/{patient}/doses", {"takenOn": random.choice(dates), "doseMg": 50})["version"]
    except Exception:
        continue
    start = time.perf_counter()
    call("GET", f"/api/counselors/{counselor}/caseload?minVersion={version}&patientId={patient}")
    lags.append((time.perf_counter() - start) * 1000)
lags.sort()
pick = lambda q: lags[min(len(lags) - 1, int(q * len(lags)))]
print(f"LAG n={len(lags)} p50={pick(0.5):.1f} p99={pick(0.99):.1f} max={lags[-1]:.1f}")
