-- Public numbers of one queue, read only: waiting, live actives, admissions in the window, the
-- early arrivals still waiting for the sale to open, and the operator overrides ('' where the
-- configured default applies).
-- KEYS[1] wr:{c}:waiting  KEYS[2] wr:{c}:active  KEYS[3] wr:{c}:admissions  KEYS[4] wr:{c}:settings
-- ARGV[1] now (ms)   ARGV[2] window (ms)   ARGV[3] configured saleOpensAt (ms, 0 = open)
-- Returns {waiting, active, admittedInWindow, preQueue,
--          admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused, saleOpensAt (ms, 0 = open; in force)}
-- saleOpensAt() and redisNowMillis() are lib/prelude.lua's, put in front of this script when it is loaded.
local now = tonumber(ARGV[1])
local admitted = 0
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. (now - tonumber(ARGV[2])), '+inf')) do
  admitted = admitted + tonumber(string.match(entry, ':(%d+)$'))
end
local s = redis.call('HMGET', KEYS[4], 'admitPerTick', 'tickMillis', 'maxActive', 'activeTtlSeconds', 'paused', 'saleOpensAt')
local opensAt = saleOpensAt(s[6], ARGV[3])
local preQueue = 0
if opensAt > 0 and redisNowMillis() < opensAt then
  preQueue = redis.call('ZCOUNT', KEYS[1], '-inf', '(1125899906842624')
end
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf'), admitted, preQueue,
        s[1] or '', s[2] or '', s[3] or '', s[4] or '', s[5] or '', opensAt}
