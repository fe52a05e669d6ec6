-- wrk script: record an oral dose for a random patient (ids in TP_PATIENTS) on one of TP_DATES, counting answers.
-- One clinic: every request carries TP_TOKEN. Several clinics: TP_TOKENS names a file with one token a line,
-- and each line of TP_PATIENTS is "N id", N being the line (from 1) of the patient's clinic's token.
local tokens = nil
if os.getenv("TP_TOKENS") then
  tokens = {}
  for line in io.lines(os.getenv("TP_TOKENS")) do tokens[#tokens + 1] = line end
end
local ids = {}
local owners = {}
for line in io.lines(os.getenv("TP_PATIENTS")) do
  if tokens then
    local n, id = string.match(line, "^(%d+) (%S+)$")
    ids[#ids + 1] = id; owners[#owners + 1] = tokens[tonumber(n)]
  else
    ids[#ids + 1] = line
  end
end
local dates = {}
for d in string.gmatch(os.getenv("TP_DATES"), "[^,]+") do dates[#dates + 1] = d end
local token = os.getenv("TP_TOKEN")
local threads = {}
local pause = tonumber(os.getenv("TP_DELAY_MS") or "0")
if pause > 0 then function delay() return pause end end

function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; conflict = 0; server = 0; other = 0; math.randomseed(os.time() + (args[1] or 0)) end

function request()
  local i = math.random(#ids)
  local id = ids[i]
  local bearer = tokens and owners[i] or token
  local body = string.format('{"takenOn":"%s","doseMg":50,"observed":true}', dates[math.random(#dates)])
  return wrk.format("POST", "/api/patients/" .. id .. "/doses",
    { ["Authorization"] = "Bearer " .. bearer, ["Content-Type"] = "application/json" }, body)
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
