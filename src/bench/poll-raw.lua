-- Diagnostic: the poll's token check and script alone, rotating tokens from the file argument.
local tokens = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(tokens, line) end
  end
  i = math.random(#tokens)
end

function request()
  i = i % #tokens + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[i]
  return wrk.format("GET", "/bench/poll-raw")
end
