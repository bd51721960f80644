-- Replaces one concert's inventory with counts read from the database (the truth), unless a move
-- (move_seats.lua) landed since the caller noted 'moves' before its read: that move may or may not
-- be in the read, so this count is dropped and the next one tried. A forced count (after several
-- dropped in a row, or for a new date) is written anyway; a move it missed is then off until the
-- next count, which is the bound on how long a crash or a race can leave the counters wrong.
-- KEYS[1] wr:{c}:inventory
-- ARGV[1] 'moves' as read before the database read ('-' when there was none), or 'force'
-- ARGV[2..] field, value pairs: free, held, sold and the per-date free:<id>, held:<id>, sold:<id>
-- Returns 1 when written, 0 when dropped.
local moves = redis.call('HGET', KEYS[1], 'moves') or '-'
if ARGV[1] ~= 'force' and ARGV[1] ~= moves then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'moves', moves == '-' and 0 or moves, unpack(ARGV, 2))
return 1
