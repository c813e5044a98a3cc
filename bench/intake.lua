-- POST /api/cases: one intake per request (window registration with two parties).
-- Every request is a different dispute: its own applicant (valid ID number and phone) and its
-- own respondent company, so triage's repeat and group lookups do the work they do in real
-- life (find nothing, through their indexes) rather than matching thousands of copies.
-- Distinct across runs too: run.sh warms up with one wrk run and measures with another on the
-- same database, so each run takes its own block of numbers (RUN, else the clock).
-- Needs TOKEN (a clerk's bearer token) in the environment.
local token = os.getenv("TOKEN")
local run = tonumber(os.getenv("RUN") or "") or (os.time() % 90 + 10)
local categories = { "01", "02", "03", "06", "07", "12" }
local weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local checks = "10X98765432"
local counter = 0
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

local function id_number(n)
  local first17 = string.format("340881%011d", n)
  local sum = 0
  for i = 1, 17 do
    sum = sum + tonumber(first17:sub(i, i)) * weights[i]
  end
  local k = (sum % 11) + 1
  return first17 .. checks:sub(k, k)
end

request = function()
  counter = counter + 1
  local n = run * 10000000 + (tid or 1) * 1000000 + counter
  local category = categories[(counter % #categories) + 1]
  local body = '{"channel":"window","categoryCode":"' .. category .. '",'
    .. '"summary":"业主反映小区物业费及邻里纠纷",'
    .. '"narrative":"业主到窗口反映小区物业公司长期不清理垃圾，拒交物业费后被停办门禁卡，与邻居也因此发生口角，请求调解。",'
    .. '"villageCode":"340881002003","amountFen":120000,"peopleInvolved":2,'
    .. '"parties":[{"role":"applicant","kind":"person","name":"张建国","idNumber":"' .. id_number(n) .. '","phone":"13' .. string.format("%09d", n) .. '"},'
    .. '{"role":"respondent","kind":"organisation","name":"物业服务有限公司' .. n .. '"}]}'
  return wrk.format("POST", "/api/cases", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
