-- Diagnostic: the ZRANK reference run as a one-line Lua script (script-call overhead alone).
local i = 0

function init(args)
  i = math.random(2000)
end

function request()
  i = (i + 1) % 2000
  return wrk.format("GET", "/bench/zrank-script/m" .. i)
end
