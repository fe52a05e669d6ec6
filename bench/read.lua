-- wrk script: a counselor alternating their worklist and their caseload.
local token = os.getenv("TP_TOKEN")
local counselor = os.getenv("TP_COUNSELOR")
local n = 0
function request()
  n = n + 1
  local path = (n % 2 == 0) and "/api/worklist" or ("/api/counselors/" .. counselor .. "/caseload")
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
function done(summary, latency, requests)
  io.write(string.format("LATENCY p50=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
