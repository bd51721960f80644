-- Queue entries by unique users: each thread counts its own user ids, so no two requests share one.
-- The first script argument offsets the ids, so that every run enters users never seen before.
local thread_id = 0
local counter = 0
local offset = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tonumber(tid)
  offset = tonumber(args[1] or "0")
  wrk.method = "POST"
  wrk.path = "/api/v1/queue/tokens"
  wrk.body = '{"concertId":2}'
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  wrk.headers["X-User-Id"] = tostring(thread_id * 100000000 + offset + counter)
  return wrk.format()
end

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
