-- The HTTP floor reference: a constant small JSON. The argument picks the handler
-- (default /bench/const; /bench/bare/const is the same without the per-request observation).
wrk.path = "/bench/const"

function init(args)
  if args[1] then
    wrk.path = args[1]
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
