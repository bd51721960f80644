-- The HTTP floor reference: a constant small JSON.
wrk.path = "/bench/const"

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
