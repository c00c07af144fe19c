-- wrk script for bench/load/soak.sh: a steady mix of creates and status polls of the
-- tasks this thread created, each connection paced by delay(), with answers counted by
-- kind and HTTP status. Arguments (after `--`): PACE_MS CREATE_SHARE BATCH_SHARE.
local pace_ms, create_share, batch_share = 15, 0.2, 0.05
local models = {"img", "video"}
local ids, n_ids, next_slot, ring = {}, 0, 1, 4096  -- the newest ids this thread created
counts = {}       -- "kind status" -> answers; read by done() through thread:get
first_full = 0    -- os.time() of this thread's first 507 (journal full)
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  pace_ms = tonumber(args[1]) or pace_ms
  create_share = tonumber(args[2]) or create_share
  batch_share = tonumber(args[3]) or batch_share
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function delay()
  return pace_ms
end

local function headers()
  -- 50 client names within the one key: the rate limit keeps 50 buckets, as a real
  -- fleet of clients sharing a key would make it
  return {["Authorization"] = "Bearer soak-key", ["Content-Type"] = "application/json",
          ["X-Pollbench-Client"] = "client-" .. math.random(50)}
end

function request()
  local r = math.random()
  if n_ids == 0 or r < create_share then
    local body = string.format('{"request_type":"async","input":{"prompt":"a cat on a skateboard","seed":%d}}',
                               math.random(1000000))
    return wrk.format("POST", "/generateTask/" .. models[math.random(#models)], headers(), body)
  elseif r < create_share + batch_share then
    local picked = {}
    for i = 1, 10 do picked[i] = '"' .. ids[math.random(n_ids)] .. '"' end
    return wrk.format("POST", "/recordInfo/batch", headers(), '{"taskIds":[' .. table.concat(picked, ",") .. ']}')
  else
    return wrk.format("GET", "/recordInfo?taskId=" .. ids[math.random(n_ids)], headers())
  end
end

-- wrk does not say which request an answer belongs to: the body tells.
function response(status, headers, body)
  local kind
  if body:find('"data":[', 1, true) then
    kind = "batch"
  elseif body:find('"state"', 1, true) then
    kind = "status"
  else
    local id = body:match('"data":{"taskId":"([^"]+)"}')
    if id then
      kind = "create"
      ids[next_slot] = id
      next_slot = next_slot % ring + 1
      if n_ids < ring then n_ids = n_ids + 1 end
    elseif status == 507 then
      kind = "create"
      if first_full == 0 then first_full = os.time() end
    else
      kind = "other"  -- injected faults, 429s: their body does not say which request
    end
  end
  local key = kind .. " " .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total, full = {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
    local f = t:get("first_full")
    if f > 0 and (full == 0 or f < full) then full = f end
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("answers %s %d\n", k, total[k])) end
  io.write(string.format("journal_full_at %d\n", full))
  io.write(string.format("wrk_errors connect %d read %d write %d status %d timeout %d\n", summary.errors.connect,
                         summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
