-- Polls with a well-formed token whose signature is wrong: must be a cheap 401.
wrk.headers["Authorization"] = "Bearer 1.123456.k2x9q3m1f0a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
wrk.path = "/api/v1/queue/tokens/me"

function done(summary, latency, requests)
  io.write(string.format("RESULT statuses_non2xx=%d\n", summary.errors.status))
end
