-- Answers a poll: where this token stands, and marks the waiter as still present.
-- KEYS[1] wr:{c}:waiting  KEYS[2] wr:{c}:seen  KEYS[3] wr:{c}:tokens  KEYS[4] wr:{c}:active
-- KEYS[5] wr:{c}:pass:<userId>
-- ARGV[1] userId   ARGV[2] token id   ARGV[3] now (ms)
-- Returns {state, rank, activeUntil}: state 1 WAITING, 2 ACTIVE, 3 EXPIRED (left, evicted,
-- timed out, used for a hold, or superseded by a newer entry of the same user).
local user = ARGV[1]
local now = tonumber(ARGV[3])

if redis.call('HGET', KEYS[3], user) == ARGV[2] then
  local rank = redis.call('ZRANK', KEYS[1], user)
  if rank then
    redis.call('ZADD', KEYS[2], now, user)
    return {1, rank + 1, 0}
  end
end

if redis.call('GET', KEYS[5]) == ARGV[2] then
  local activeUntil = redis.call('ZSCORE', KEYS[4], user)
  if activeUntil and tonumber(activeUntil) > now then
    return {2, 0, activeUntil}
  end
end

return {3, 0, 0}
