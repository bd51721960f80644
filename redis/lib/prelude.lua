-- Put in front of every script of redis/ when it is loaded (LuaScripts.Script.load), before its
-- SHA-1 is taken: Redis runs each script as one chunk of its own, with no require, so what several
-- scripts share is written once here and sent with each of them. Only local functions, two of the
-- 200 locals a chunk may hold; a script must not declare a local of the same name.

-- The sale start in force (ms, 0 = open) from the settings hash's saleOpensAt: missing (false)
-- means the configured default, '' means the operator opened it now.
local function saleOpensAt(raw, default)
  if raw == false or raw == nil then
    return tonumber(default)
  elseif raw == '' then
    return 0
  end
  return tonumber(raw)
end

-- Redis's own clock (ms): the one clock every instance shares for deciding whether a sale has opened.
local function redisNowMillis()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
