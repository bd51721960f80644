-- Ends a token: leaves the waiting line, or gives up the active slot (on leaving, and when the
-- pass is spent on a seat hold). Only the token's own entry is touched, so a stale token
-- cannot remove a newer entry of the same user.
-- KEYS[1] wr:{c}:waiting  KEYS[2] wr:{c}:seen  KEYS[3] wr:{c}:tokens  KEYS[4] wr:{c}:active
-- KEYS[5] wr:{c}:pass:<userId>
-- ARGV[1] userId   ARGV[2] token id
-- Returns 1 if a place or pass was given up, 0 if the token was no longer live.
local user = ARGV[1]
local ended = 0

if redis.call('HGET', KEYS[3], user) == ARGV[2] then
  redis.call('ZREM', KEYS[1], user)
  redis.call('ZREM', KEYS[2], user)
  redis.call('HDEL', KEYS[3], user)
  ended = 1
end

if redis.call('GET', KEYS[5]) == ARGV[2] then
  redis.call('DEL', KEYS[5])
  redis.call('ZREM', KEYS[4], user)
  ended = 1
end

return ended
