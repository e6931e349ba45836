-- Takes the bots whose deadline passed and marks them offline, atomically: a bot taken here is taken by
-- exactly one caller, however many replicas sweep at once.
-- KEYS[1] = deadlines sorted set; ARGV: now (epoch ms), limit, live-hash key prefix
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local live = ARGV[3] .. member
  local old = redis.call('HGET', live, 'status') or 'online'
  local seq = math.max(tonumber(redis.call('HGET', live, 'statusSeq') or '0') + 1, tonumber(ARGV[1]))
  redis.call('HSET', live, 'status', 'offline', 'statusSeq', tostring(seq))
  table.insert(out, member)
  table.insert(out, old)
  table.insert(out, tostring(seq))
end
return out
