-- Applies an operator's settings change to one queue, atomically with the one rule that needs the
-- line's state: a sale that has opened and has people in it cannot be moved back into the future
-- (their places were taken in arrival order; a new pre-queue would draw places ahead of them).
-- Moving a start that has not come yet, opening now, or restarting an empty line are all fine.
-- KEYS[1] wr:{c}:settings  KEYS[2] wr:{c}:waiting  KEYS[3] wr:{c}:active
-- ARGV[1] configured saleOpensAt (ms, 0 = open)   ARGV[2] now (ms, for live actives)
-- ARGV[3..] field, value pairs to set (saleOpensAt as ms, '' = open now)
-- Returns 1 when applied, 0 when refused (nothing changed).
-- saleOpensAt() and redisNowMillis() are lib/prelude.lua's, put in front of this script when it is loaded.
local redisNow = redisNowMillis()

for i = 3, #ARGV, 2 do
  if ARGV[i] == 'saleOpensAt' then
    local current = saleOpensAt(redis.call('HGET', KEYS[1], 'saleOpensAt'), ARGV[1])
    local next = saleOpensAt(ARGV[i + 1], ARGV[1])
    local openNow = current == 0 or current <= redisNow
    local people = redis.call('ZCARD', KEYS[2]) + redis.call('ZCOUNT', KEYS[3], '(' .. ARGV[2], '+inf')
    if openNow and next > redisNow and people > 0 then
      return 0
    end
  end
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
return 1
