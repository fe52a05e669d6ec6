-- wrk script: record an oral dose for a random patient (ids in TP_PATIENTS) on one of TP_DATES, counting answers.
local ids = {}
for line in io.lines(os.getenv("TP_PATIENTS")) do ids[#ids + 1] = line end
local dates = {}
for d in string.gmatch(os.getenv("TP_DATES"), "[^,]+") do dates[#dates + 1] = d end
local token = os.getenv("TP_TOKEN")
local threads = {}
local pause = tonumber(os.getenv("TP_DELAY_MS") or "0")
if pause > 0 then function delay() return pause end end

function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; conflict = 0; server = 0; other = 0; math.randomseed(os.time() + (args[1] or 0)) end

function request()
  local id = ids[math.random(#ids)]
  local body = string.format('{"takenOn":"%s","doseMg":50,"observed":true}', dates[math.random(#dates)])
  return wrk.format("POST", "/api/patients/" .. id .. "/doses",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

function response(status)
  if status == 200 then ok = ok + 1 elseif status == 409 then conflict = conflict + 1
  elseif status >= 500 then server = server + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, c, s, x = 0, 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); c = c + t:get("conflict"); s = s + t:get("server"); x = x + t:get("other") end
  io.write(string.format("ANSWERS ok=%d conflict=%d server=%d other=%d\n", o, c, s, x))
  io.write(string.format("LATENCY p50=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
