-- One admission tick of one concert's queue: expires spent passes, evicts waiters who stopped
-- polling, and, if this tick is due, the line is not paused and the sale has opened, moves the
-- first min(admitPerTick, maxActive - active) waiters to ACTIVE in line order.
-- The "due" key is the fence between instances: whoever runs first for a tick moves it
-- forward, so several schedulers together admit no more than one would.
-- Each due tick also measures how the line really moves, as exponentially weighted averages
-- (time constant ARGV[10]) kept in wr:{c}:rate, with their weights so that readers can correct
-- the start-up bias: how fast passes end per active pass (by hold, leave or expiry), how much of
-- the scheduled tick time really passes per second (the pace: 1 when ticks keep time), and
-- admissions per second. Each is a count over a time (weighted by the time it covers), so the
-- averages are ratios of sums over the recent past, not averages of ratios.
-- KEYS[1] wr:{c}:waiting  KEYS[2] wr:{c}:seen  KEYS[3] wr:{c}:tokens  KEYS[4] wr:{c}:active
-- KEYS[5] wr:{c}:settings (HASH of operator overrides)  KEYS[6] wr:{c}:due (next tick, ms)
-- KEYS[7] wr:{c}:admissions (ZSET of recent ticks, for admissions in the last minute)
-- KEYS[8] wr:{c}:rate (HASH of the measured averages)
-- KEYS[9] wr:{c}:inventory (HASH of seat counts: free, held, sold; absent until first counted)
-- ARGV[1] now (ms)  ARGV[2..6] defaults: admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused (0/1)
-- ARGV[7] idle timeout (ms)  ARGV[8] pass key prefix "wr:{c}:pass:" (same hash slot as KEYS)
-- ARGV[9] window of admittedInWindow (ms)  ARGV[10] averaging time constant (ms)
-- ARGV[11] default saleOpensAt (ms, 0 = open)  ARGV[12] default maxActivePerFreeSeat
-- With the inventory known, passes never exceed maxActivePerFreeSeat x free seats: nothing is
-- admitted while every seat is held (ALL_HELD), and once nothing is free, held or left to sell
-- (SOLD_OUT, after at least one sale) the waiting line itself is dropped: polls and entries are
-- answered from the availability alone.
-- Returns {admitted, waiting, active, admittedInWindow, admitPerTick, tickMillis, maxActive,
--          activeTtlSeconds, paused, saleOpensAt, preQueue,
--          endRate, endWeight, pace, paceWeight, admitRate, admitWeight,
--          maxActivePerFreeSeat, availability (0 unknown, 1 AVAILABLE, 2 ALL_HELD, 3 SOLD_OUT),
--          free, held, sold} where the six averages and the factor are sent as text (the reply
--          would truncate them to integers).
-- saleOpensAt() and redisNowMillis() are lib/prelude.lua's, put in front of this script when it is loaded.
local PRE_QUEUE_END = '(1125899906842624' -- places below 2^50 were drawn before the start
local now = tonumber(ARGV[1])
local s = redis.call('HMGET', KEYS[5], 'admitPerTick', 'tickMillis', 'maxActive', 'activeTtlSeconds', 'paused', 'saleOpensAt',
  'maxActivePerFreeSeat')
local admitPerTick = tonumber(s[1] or ARGV[2])
local tickMillis = tonumber(s[2] or ARGV[3])
local maxActive = tonumber(s[3] or ARGV[4])
local activeTtlSeconds = tonumber(s[4] or ARGV[5])
local paused = tonumber(s[5] or ARGV[6])
local opensAt = saleOpensAt(s[6], ARGV[11])
local idleTimeout = tonumber(ARGV[7])
local passPrefix = ARGV[8]
local window = tonumber(ARGV[9])
local timeConstant = tonumber(ARGV[10])
local perFreeSeat = tonumber(s[7] or ARGV[12])
local CHUNK = 1000

local inventory = redis.call('HMGET', KEYS[9], 'free', 'held', 'sold')
local free, held, sold = tonumber(inventory[1]), tonumber(inventory[2]), tonumber(inventory[3])
local availability = 0
if free then
  if free > 0 then
    availability = 1
  elseif held > 0 then
    availability = 2
  elseif sold > 0 then
    availability = 3
  else
    availability = 1 -- no seats yet (no date set up): nothing was sold, so nothing is sold out
  end
end
if availability == 3 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
end

local saleOpen = opensAt == 0 or redisNowMillis() >= opensAt

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

local r = redis.call('HMGET', KEYS[8], 'at', 'activeAfter', 'tickMillis', 'endRate', 'endWeight',
  'pace', 'paceWeight', 'admitRate', 'admitWeight')
local endRate, endWeight = tonumber(r[4] or 0), tonumber(r[5] or 0)
local pace, paceWeight = tonumber(r[6] or 0), tonumber(r[7] or 0)
local admitRate, admitWeight = tonumber(r[8] or 0), tonumber(r[9] or 0)

local admitted = 0
local due = tonumber(redis.call('GET', KEYS[6]) or '0')
if paused ~= 1 and saleOpen and now >= due then
  local nextDue = due + tickMillis
  if nextDue <= now then
    nextDue = now + tickMillis
  end
  redis.call('SET', KEYS[6], nextDue)

  local active = redis.call('ZCARD', KEYS[4])
  local waitingBefore = redis.call('ZCARD', KEYS[1])
  local cap = maxActive
  if free then
    -- The small epsilon keeps 0.1 x 30 at 3 rather than 2.9999.
    cap = math.min(cap, math.floor(perFreeSeat * free + 1e-9))
  end
  local room = cap - active
  local n = math.min(admitPerTick, room)
  if waitingBefore > 0 and n > 0 then
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
  if admitted > 0 then
    redis.call('ZADD', KEYS[7], now, now .. ':' .. admitted)
  end

  -- What the line really did since the previous due tick.
  local lastAt = tonumber(r[1])
  if lastAt and now > lastAt then
    local dt = now - lastAt
    local alpha = 1 - math.exp(-dt / timeConstant)
    local activeAfter = tonumber(r[2])
    if activeAfter > 0 then
      -- Passes that ended (hold, leave, expiry) per active pass and second.
      local ended = math.max(0, activeAfter - active)
      endRate = endRate + alpha * (ended * 1000 / (activeAfter * dt) - endRate)
      endWeight = endWeight + alpha * (1 - endWeight)
    end
    if dt < 5 * tonumber(r[3]) then
      -- A gap longer than that was a pause, not a slow tick.
      pace = pace + alpha * (tonumber(r[3]) / dt - pace)
      paceWeight = paceWeight + alpha * (1 - paceWeight)
    end
    if waitingBefore > 0 then
      admitRate = admitRate + alpha * (admitted * 1000 / dt - admitRate)
      admitWeight = admitWeight + alpha * (1 - admitWeight)
    end
  end
  redis.call('HSET', KEYS[8], 'at', now, 'activeAfter', active + admitted, 'tickMillis', tickMillis,
    'endRate', tostring(endRate), 'endWeight', tostring(endWeight), 'pace', tostring(pace),
    'paceWeight', tostring(paceWeight), 'admitRate', tostring(admitRate), 'admitWeight', tostring(admitWeight))
end

redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', now - window)
local admittedInWindow = 0
for _, entry in ipairs(redis.call('ZRANGE', KEYS[7], 0, -1)) do
  admittedInWindow = admittedInWindow + tonumber(string.match(entry, ':(%d+)$'))
end
local preQueue = 0
if not saleOpen then
  preQueue = redis.call('ZCOUNT', KEYS[1], '-inf', PRE_QUEUE_END)
end

return {admitted, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[4]), admittedInWindow,
        admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused, opensAt, preQueue,
        tostring(endRate), tostring(endWeight), tostring(pace), tostring(paceWeight),
        tostring(admitRate), tostring(admitWeight),
        tostring(perFreeSeat), availability, free or -1, held or -1, sold or -1}
