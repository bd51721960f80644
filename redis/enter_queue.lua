-- Puts a user in a concert's waiting line, or hands back the place or pass they already hold
-- (re-entering never sends anyone to the back).
-- KEYS[1] wr:{c}:seq           per-queue sequence; INCR gives strict FIFO scores, never ties
-- KEYS[2] wr:{c}:waiting       ZSET userId -> sequence
-- KEYS[3] wr:{c}:seen          ZSET userId -> last time the waiter showed up (ms)
-- KEYS[4] wr:{c}:tokens        HASH userId -> token id of the waiting entry
-- KEYS[5] wr:{c}:active        ZSET userId -> pass expiry (ms)
-- KEYS[6] wr:{c}:pass:<userId> the user's active pass (token id), a TTL key
-- ARGV[1] userId   ARGV[2] token id for a new entry   ARGV[3] now (ms)
-- Returns {state, tokenId, rank, activeUntil, created}: state 1 WAITING, 2 ACTIVE; created 1 if new.
local user = ARGV[1]
local now = tonumber(ARGV[3])

local pass = redis.call('GET', KEYS[6])
if pass then
  local activeUntil = redis.call('ZSCORE', KEYS[5], user)
  if activeUntil and tonumber(activeUntil) > now then
    return {2, pass, 0, activeUntil, 0}
  end
end

local existing = redis.call('HGET', KEYS[4], user)
if existing then
  local rank = redis.call('ZRANK', KEYS[2], user)
  if rank then
    redis.call('ZADD', KEYS[3], now, user)
    return {1, existing, rank + 1, 0, 0}
  end
end

local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], seq, user)
redis.call('ZADD', KEYS[3], now, user)
redis.call('HSET', KEYS[4], user, ARGV[2])
-- The newest sequence is always last in line.
return {1, ARGV[2], redis.call('ZCARD', KEYS[2]), 0, 1}
