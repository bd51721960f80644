-- Puts a user in a concert's waiting line, or hands back the place or pass they already hold
-- (re-entering never sends anyone to the back). Before the sale opens the place is a random draw
-- below every place taken after the start, so the early arrivals come out in random order ahead
-- of everyone later, with nothing to do at the start itself. Whether the sale has opened is
-- decided by Redis's own clock, the one clock that every instance shares for this queue.
-- The per-user (and, if on, per-address) limits are checked first, as GCRA: one key each
-- holding the theoretical arrival time.
-- KEYS[1] wr:{c}:seq           per-queue sequence; INCR gives strict FIFO after the start, never ties
-- KEYS[2] wr:{c}:waiting       ZSET userId -> place (draw < 2^50 before the start, 2^50 + seq after)
-- KEYS[3] wr:{c}:seen          ZSET userId -> last time the waiter showed up (ms)
-- KEYS[4] wr:{c}:tokens        HASH userId -> token id of the waiting entry
-- KEYS[5] wr:{c}:active        ZSET userId -> pass expiry (ms)
-- KEYS[6] wr:{c}:pass:<userId> the user's active pass (token id), a TTL key
-- KEYS[7] wr:{c}:settings      HASH of operator overrides (saleOpensAt: ms, '' = open now)
-- KEYS[8] wr:{c}:limit:u:<userId>  the user's entry limit (GCRA arrival time, ms)
-- KEYS[9] wr:{c}:limit:a:<address> the client address's entry limit (unused when that limit is off)
-- ARGV[1] userId  ARGV[2] token id for a new entry  ARGV[3] now (ms, the instance's clock)
-- ARGV[4] this entry's draw, 1 .. 2^50 - 1 (used only before the start)
-- ARGV[5] configured saleOpensAt (ms, 0 = open)
-- ARGV[6] user limit: ms between entries (0 = off)   ARGV[7] user limit: burst
-- ARGV[8] address limit: ms between entries (0 = off)   ARGV[9] address limit: burst
-- Returns {state, tokenId, rank, activeUntil, created, preQueue}: state 1 WAITING, 2 ACTIVE;
-- or {0, retryAfterMillis, limit} when refused by a limit (limit 1 user, 2 address).
-- saleOpensAt() and redisNowMillis() are lib/prelude.lua's, put in front of this script when it is loaded.
local POST_START = 1125899906842624 -- 2^50: every place taken after the start is above every draw
local user = ARGV[1]
local now = tonumber(ARGV[3])

-- GCRA: refuse when the next allowed arrival is further away than the burst allows.
local function over(key, interval, burst)
  if interval <= 0 then
    return 0
  end
  local tat = math.max(tonumber(redis.call('GET', key) or now), now)
  local wait = tat - now - interval * (burst - 1)
  if wait > 0 then
    return wait
  end
  return 0
end
local function take(key, interval)
  if interval > 0 then
    local tat = math.max(tonumber(redis.call('GET', key) or now), now) + interval
    redis.call('SET', key, tat, 'PX', tat - now)
  end
end
local userInterval, userBurst = tonumber(ARGV[6]), tonumber(ARGV[7])
local addressInterval, addressBurst = tonumber(ARGV[8]), tonumber(ARGV[9])
local wait = over(KEYS[8], userInterval, userBurst)
if wait > 0 then
  return {0, wait, 1}
end
wait = over(KEYS[9], addressInterval, addressBurst)
if wait > 0 then
  return {0, wait, 2}
end
take(KEYS[8], userInterval)
take(KEYS[9], addressInterval)

local opensAt = saleOpensAt(redis.call('HGET', KEYS[7], 'saleOpensAt'), ARGV[5])
local beforeStart = opensAt > 0 and redisNowMillis() < opensAt

local pass = redis.call('GET', KEYS[6])
if pass then
  local activeUntil = redis.call('ZSCORE', KEYS[5], user)
  if activeUntil and tonumber(activeUntil) > now then
    return {2, pass, 0, activeUntil, 0, 0}
  end
end

local existing = redis.call('HGET', KEYS[4], user)
if existing then
  local rank = redis.call('ZRANK', KEYS[2], user)
  if rank then
    redis.call('ZADD', KEYS[3], now, user)
    return {1, existing, rank + 1, 0, 0, beforeStart and 1 or 0}
  end
end

-- Places are written with %d: Redis would turn a Lua number into text with 14 digits only.
local place
if beforeStart then
  place = ARGV[4]
else
  place = string.format('%d', POST_START + redis.call('INCR', KEYS[1]))
end
redis.call('ZADD', KEYS[2], place, user)
redis.call('ZADD', KEYS[3], now, user)
redis.call('HSET', KEYS[4], user, ARGV[2])
return {1, ARGV[2], redis.call('ZRANK', KEYS[2], user) + 1, 0, 1, beforeStart and 1 or 0}
