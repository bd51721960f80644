-- Answers a poll: where this token stands, and marks the waiter as still present.
-- KEYS[1] wr:{c}:waiting  KEYS[2] wr:{c}:seen  KEYS[3] wr:{c}:tokens  KEYS[4] wr:{c}:active
-- KEYS[5] wr:{c}:pass:<userId>
-- ARGV[1] userId   ARGV[2] token id   ARGV[3] now (ms)
-- ARGV[4] how stale the "seen" mark may get before a poll refreshes it (ms): most polls then
--         only read, which keeps them cheap and off the AOF.
-- Returns one integer, to keep the hottest reply small: the rank (> 0) while WAITING, minus the
-- pass expiry in ms (< 0) while ACTIVE, 0 when EXPIRED (left, evicted, timed out, used for a
-- hold, or superseded by a newer entry of the same user).
local user = ARGV[1]
local now = tonumber(ARGV[3])

if redis.call('HGET', KEYS[3], user) == ARGV[2] then
  local rank = redis.call('ZRANK', KEYS[1], user)
  if rank then
    local seen = redis.call('ZSCORE', KEYS[2], user)
    if not seen or now - tonumber(seen) >= tonumber(ARGV[4]) then
      redis.call('ZADD', KEYS[2], now, user)
    end
    return rank + 1
  end
end

if redis.call('GET', KEYS[5]) == ARGV[2] then
  local activeUntil = redis.call('ZSCORE', KEYS[4], user)
  if activeUntil and tonumber(activeUntil) > now then
    return -tonumber(activeUntil)
  end
end

return 0
