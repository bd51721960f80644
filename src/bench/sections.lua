-- The section map of a date (GET /api/v1/schedules/{id}/sections), rotating over the ACTIVE passes
-- in the file named by the first script argument; the second is the date's id.
local tokens = {}
local i = 0
local path = ""

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(tokens, line) end
  end
  i = math.random(#tokens)
  path = "/api/v1/schedules/" .. args[2] .. "/sections"
end

function request()
  i = i % #tokens + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[i]
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
