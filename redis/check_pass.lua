-- Checks that a token is an ACTIVE pass right now (read only), for the booking endpoints.
-- KEYS[1] wr:{c}:active   KEYS[2] wr:{c}:pass:<userId>
-- ARGV[1] userId   ARGV[2] token id   ARGV[3] now (ms)
-- Returns the pass expiry (ms) when active, 0 otherwise.
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
  return 0
end
local activeUntil = redis.call('ZSCORE', KEYS[1], ARGV[1])
if activeUntil and tonumber(activeUntil) > tonumber(ARGV[3]) then
  return tonumber(activeUntil)
end
return 0
