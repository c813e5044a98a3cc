-- GET <path of the wrk URL> with the bearer token in TOKEN (a read endpoint: dashboard,
-- rankings, 体检表); without TOKEN a plain GET (the /healthz read ceiling).
local token = os.getenv("TOKEN")
local headers = {}
if token and token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end

request = function()
  return wrk.format("GET", nil, headers)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
