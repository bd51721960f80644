-- The one-round-trip reference of a bare app (no per-request observation): ZRANK of rotating members of a 2,000-member set.
local i = 0

function init(args)
  i = math.random(2000)
end

function request()
  i = (i + 1) % 2000
  return wrk.format("GET", "/bench/bare/zrank/m" .. i)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
