-- One heartbeat, atomically: move the bot's deadline, store its live load, and decide whether its status
-- changed. KEYS[1] = deadlines sorted set, KEYS[2] = the bot's live hash.
-- ARGV: member, deadline (epoch ms), status, load, activeTasks, activeSessions, cpu, memory, version, now
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], 'load', ARGV[4], 'tasks', ARGV[5], 'sessions', ARGV[6], 'cpu', ARGV[7],
           'memory', ARGV[8], 'version', ARGV[9], 'lastBeat', ARGV[10])
local old = redis.call('HGET', KEYS[2], 'status')
if old == ARGV[3] then
  return {}
end
-- Time-based, so a Redis that lost its data still hands out sequences above the ones PostgreSQL holds.
local seq = math.max(tonumber(redis.call('HGET', KEYS[2], 'statusSeq') or '0') + 1, tonumber(ARGV[10]))
redis.call('HSET', KEYS[2], 'status', ARGV[3], 'statusSeq', tostring(seq))
return {old or 'offline', tostring(seq)}
