-- bench/rush.lua: wrk's script for `make bench-rush` (bench/rush.py writes the users file and runs wrk).
--   wrk -t2 -c50 -d15s -s bench/rush.lua http://127.0.0.1:PORT -- MODE USERS_FILE THREADS
-- MODE "autosave": each thread takes its share of the signed-in employees (one line each: session cookie, CSRF
-- secret, realisation URL) and posts a realisation value for them in turn, as the autosave script does.
-- MODE "bare": POST /bench/insert/ (one INSERT; exists only in config.settings_bench).
-- done() prints one JSON line: requests, seconds, errors, latency percentiles in ms.

local next_id = 1

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

function init(args)
  mode = args[1] or "bare"
  local path = args[2]
  local threads = tonumber(args[3] or "1")
  users = {}
  sent = 0
  if mode == "autosave" then
    local i = 0
    for line in io.lines(path) do
      if i % threads == thread_id - 1 then
        local session, csrf, url = line:match("^(%S+) (%S+) (%S+)$")
        users[#users + 1] = {
          url = url,
          headers = {
            ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
            ["X-CSRFToken"] = csrf,
            ["Content-Type"] = "application/x-www-form-urlencoded",
            ["Accept"] = "application/json",
          },
        }
      end
      i = i + 1
    end
  end
end

function request()
  sent = sent + 1
  if mode == "autosave" then
    local u = users[(sent % #users) + 1]
    local body = "value=" .. tostring(sent % 500) .. "," .. tostring(sent % 10) .. "&note=Register+harian+" .. sent
    return wrk.format("POST", u.url, u.headers, body)
  end
  return wrk.format("POST", "/bench/insert/", {["Accept"] = "application/json"}, "")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
