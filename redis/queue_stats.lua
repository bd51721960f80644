-- Public numbers of one queue, read only: waiting, live actives, admissions in the rate window,
-- and the operator overrides ('' where the configured default applies).
-- KEYS[1] wr:{c}:waiting  KEYS[2] wr:{c}:active  KEYS[3] wr:{c}:admissions  KEYS[4] wr:{c}:settings
-- ARGV[1] now (ms)   ARGV[2] rate window (ms)
-- Returns {waiting, active, admittedInWindow, admitPerTick, tickMillis, maxActive, activeTtlSeconds, paused}
local now = tonumber(ARGV[1])
local admitted = 0
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. (now - tonumber(ARGV[2])), '+inf')) do
  admitted = admitted + tonumber(string.match(entry, '^%d+:(%d+):'))
end
local s = redis.call('HMGET', KEYS[4], 'admitPerTick', 'tickMillis', 'maxActive', 'activeTtlSeconds', 'paused')
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf'), admitted,
        s[1] or '', s[2] or '', s[3] or '', s[4] or '', s[5] or ''}
