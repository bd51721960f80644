-- Moves seat counts of one concert's inventory as a hold, a release, a payment or a cancellation
-- commits, so the next admission tick sees it without asking the database. Nothing is moved while
-- the inventory has not been counted yet: the first count (recount_seats.lua) starts it whole.
-- Every move bumps 'moves', which a recount uses to tell whether a move raced its database read.
-- KEYS[1] wr:{c}:inventory (HASH: free, held, sold, and free:<scheduleId>, held:<scheduleId>, sold:<scheduleId>)
-- ARGV[1] scheduleId  ARGV[2] free delta  ARGV[3] held delta  ARGV[4] sold delta
-- Returns 1 when moved, 0 when the inventory is not counted yet.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local date = ARGV[1]
local deltas = {free = tonumber(ARGV[2]), held = tonumber(ARGV[3]), sold = tonumber(ARGV[4])}
for field, delta in pairs(deltas) do
  if delta ~= 0 then
    redis.call('HINCRBY', KEYS[1], field, delta)
    redis.call('HINCRBY', KEYS[1], field .. ':' .. date, delta)
  end
end
redis.call('HINCRBY', KEYS[1], 'moves', 1)
return 1
