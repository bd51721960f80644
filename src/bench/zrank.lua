-- The one-round-trip reference: ZRANK of rotating members of a 2,000-member set. The argument
-- picks the handler (default /bench/zrank/; /bench/bare/zrank/ skips the per-request observation,
-- /bench/zrank-script/ runs the ZRANK as a one-line Lua script).
local i = 0
local prefix = "/bench/zrank/"

function init(args)
  i = math.random(2000)
  prefix = args[1] or prefix
end

function request()
  i = (i + 1) % 2000
  return wrk.format("GET", prefix .. "m" .. i)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
