-- Takes the bots whose deadline passed and marks them offline, atomically: a bot taken here is taken by exactly
-- one caller, however many replicas sweep at once. A taken bot waits in a pending set under a lease until the
-- caller acknowledges that the change is stored; if the caller dies first, the lease runs out and the bot is
-- handed out again (with the same sequence, so storing it twice changes nothing).
-- KEYS[1] = deadlines sorted set, KEYS[2] = pending sorted set
-- ARGV: now (epoch ms), limit, live-hash key prefix, lease (ms)
local now = tonumber(ARGV[1])
local lease = now + tonumber(ARGV[4])
local out = {}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local live = ARGV[3] .. member
  local old = redis.call('HGET', live, 'status') or 'online'
  local seq = math.max(tonumber(redis.call('HGET', live, 'statusSeq') or '0') + 1, now)
  redis.call('HSET', live, 'status', 'offline', 'statusSeq', tostring(seq), 'offlineFrom', old)
  redis.call('ZADD', KEYS[2], lease, member)
  table.insert(out, member)
  table.insert(out, old)
  table.insert(out, tostring(seq))
end
local orphaned = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(orphaned) do
  local live = ARGV[3] .. member
  redis.call('ZADD', KEYS[2], lease, member)
  table.insert(out, member)
  table.insert(out, redis.call('HGET', live, 'offlineFrom') or 'online')
  table.insert(out, redis.call('HGET', live, 'statusSeq') or tostring(now))
end
return out
