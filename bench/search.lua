-- GET /api/cases?q=<keyword>&pageSize=20, rotating over five two-character keywords
-- (物业 工资 邻里 宅基地 借款, URL-encoded). Needs TOKEN in the environment.
local token = os.getenv("TOKEN")
local keywords = {
  "%E7%89%A9%E4%B8%9A",         -- 物业
  "%E5%B7%A5%E8%B5%84",         -- 工资
  "%E9%82%BB%E9%87%8C",         -- 邻里
  "%E5%AE%85%E5%9F%BA%E5%9C%B0", -- 宅基地
  "%E5%80%9F%E6%AC%BE",         -- 借款
}
local counter = 0

request = function()
  counter = counter + 1
  local q = keywords[(counter % #keywords) + 1]
  return wrk.format("GET", "/api/cases?q=" .. q .. "&pageSize=20", { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
