-- The HTTP floor of a bare app: a constant small JSON, no per-request observation.
wrk.path = "/bench/bare/const"

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
