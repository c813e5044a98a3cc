-- POST /api/cases: one intake per request (window registration with two parties).
-- Needs TOKEN (a clerk's bearer token) in the environment.
local token = os.getenv("TOKEN")
local categories = { "01", "02", "03", "06", "07", "12" }
local counter = 0

request = function()
  counter = counter + 1
  local category = categories[(counter % #categories) + 1]
  local body = '{"channel":"window","categoryCode":"' .. category .. '",'
    .. '"summary":"业主反映小区物业费及邻里纠纷",'
    .. '"narrative":"业主到窗口反映小区物业公司长期不清理垃圾，拒交物业费后被停办门禁卡，与邻居也因此发生口角，请求调解。",'
    .. '"villageCode":"340881002003","amountFen":120000,"peopleInvolved":2,'
    .. '"parties":[{"role":"applicant","kind":"person","name":"张建国","idNumber":"340881198005121239","phone":"13805561234"},'
    .. '{"role":"respondent","kind":"organisation","name":"西苑物业服务有限公司"}]}'
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
