-- One admission tick of one concert's queue: expires spent passes, evicts waiters who stopped
-- polling, and, if this tick is due and the queue is not paused, moves the first
-- min(admitPerTick, maxActive - active) waiters to ACTIVE in entry order.
-- The "due" key is the fence between instances: whoever runs first for a tick moves it
-- forward, so several schedulers together admit no more than one would.
-- KEYS[1] wr:{c}:waiting  KEYS[2] wr:{c}:seen  KEYS[3] wr:{c}:tokens  KEYS[4] wr:{c}:active
-- KEYS[5] wr:{c}:settings (HASH of operator overrides)  KEYS[6] wr:{c}:due (next tick, ms)
-- KEYS[7] wr:{c}:admissions (ZSET of recent ticks, for the measured rate)
-- ARGV[1] now (ms)  ARGV[2..6] defaults: admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused (0/1)
-- ARGV[7] idle timeout (ms)  ARGV[8] pass key prefix "wr:{c}:pass:" (same hash slot as KEYS)
-- ARGV[9] rate window (ms)
-- Returns {admitted, waiting, active, admittedInWindow, rateAdmitted, rateMillis,
--          admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused}
local now = tonumber(ARGV[1])
local s = redis.call('HMGET', KEYS[5], 'admitPerTick', 'tickMillis', 'maxActive', 'activeTtlSeconds', 'paused')
local admitPerTick = tonumber(s[1] or ARGV[2])
local tickMillis = tonumber(s[2] or ARGV[3])
local maxActive = tonumber(s[3] or ARGV[4])
local activeTtlSeconds = tonumber(s[4] or ARGV[5])
local paused = tonumber(s[5] or ARGV[6])
local idleTimeout = tonumber(ARGV[7])
local passPrefix = ARGV[8]
local window = tonumber(ARGV[9])
local CHUNK = 1000

-- Passes past their time no longer count against maxActive.
local spent = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 10000)
for i = 1, #spent, CHUNK do
  local last = math.min(i + CHUNK - 1, #spent)
  redis.call('ZREM', KEYS[4], unpack(spent, i, last))
  for j = i, last do
    redis.call('DEL', passPrefix .. spent[j])
  end
end

-- Waiters who stopped polling lose their place, so ranks and ETAs stay honest.
local idle = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - idleTimeout, 'LIMIT', 0, 10000)
for i = 1, #idle, CHUNK do
  local last = math.min(i + CHUNK - 1, #idle)
  redis.call('ZREM', KEYS[1], unpack(idle, i, last))
  redis.call('ZREM', KEYS[2], unpack(idle, i, last))
  redis.call('HDEL', KEYS[3], unpack(idle, i, last))
end

local admitted = 0
local due = tonumber(redis.call('GET', KEYS[6]) or '0')
if paused ~= 1 and now >= due then
  local nextDue = due + tickMillis
  if nextDue <= now then
    nextDue = now + tickMillis
  end
  redis.call('SET', KEYS[6], nextDue)

  local waitingBefore = redis.call('ZCARD', KEYS[1])
  if waitingBefore > 0 then
    local room = maxActive - redis.call('ZCARD', KEYS[4])
    local n = math.min(admitPerTick, room)
    if n > 0 then
      local popped = redis.call('ZPOPMIN', KEYS[1], n)
      local activeUntil = now + activeTtlSeconds * 1000
      local users = {}
      local scored = {}
      for i = 1, #popped, 2 do
        local user = popped[i]
        users[#users + 1] = user
        scored[#scored + 1] = activeUntil
        scored[#scored + 1] = user
        local tokenId = redis.call('HGET', KEYS[3], user)
        if tokenId then
          redis.call('SET', passPrefix .. user, tokenId, 'PXAT', activeUntil)
        end
      end
      admitted = #users
      for i = 1, #users, CHUNK do
        local last = math.min(i + CHUNK - 1, #users)
        redis.call('ZREM', KEYS[2], unpack(users, i, last))
        redis.call('HDEL', KEYS[3], unpack(users, i, last))
      end
      for i = 1, #scored, 2 * CHUNK do
        redis.call('ZADD', KEYS[4], unpack(scored, i, math.min(i + 2 * CHUNK - 1, #scored)))
      end
    end
    -- A tick that emptied the line says nothing about capacity: keep it out of the rate.
    local limited = 0
    if waitingBefore > admitted then
      limited = 1
    end
    redis.call('ZADD', KEYS[7], now, now .. ':' .. admitted .. ':' .. tickMillis .. ':' .. limited)
  end
end

redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', now - window)
local admittedInWindow, rateAdmitted, rateMillis = 0, 0, 0
for _, entry in ipairs(redis.call('ZRANGE', KEYS[7], 0, -1)) do
  local _, count, tick, limited = string.match(entry, '^(%d+):(%d+):(%d+):(%d)$')
  admittedInWindow = admittedInWindow + tonumber(count)
  if limited == '1' then
    rateAdmitted = rateAdmitted + tonumber(count)
    rateMillis = rateMillis + tonumber(tick)
  end
end

return {admitted, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[4]), admittedInWindow,
        rateAdmitted, rateMillis, admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused}
