-- One heartbeat, atomically: move the bot's deadline, store its live load, and decide whether its status
-- changed; and read how many commands wait for the bot (the beat's answer says so), in the same round trip.
-- KEYS[1] = deadlines sorted set, KEYS[2] = the bot's live hash, KEYS[3] = the tenant's pending-work hash.
-- ARGV: member, deadline (epoch ms), status, load, activeTasks, activeSessions, cpu, memory, version, now, bot id
-- Returns {pending} when the status stays, {pending, old status, sequence} when it changed.
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], 'load', ARGV[4], 'tasks', ARGV[5], 'sessions', ARGV[6], 'cpu', ARGV[7],
           'memory', ARGV[8], 'version', ARGV[9], 'lastBeat', ARGV[10])
local pending = tostring(math.max(0, tonumber(redis.call('HGET', KEYS[3], ARGV[11]) or '0')))
local old = redis.call('HGET', KEYS[2], 'status')
if old == ARGV[3] then
  return {pending}
end
-- Time-based, so a Redis that lost its data still hands out sequences above the ones PostgreSQL holds.
local seq = math.max(tonumber(redis.call('HGET', KEYS[2], 'statusSeq') or '0') + 1, tonumber(ARGV[10]))
redis.call('HSET', KEYS[2], 'status', ARGV[3], 'statusSeq', tostring(seq))
return {pending, old or 'offline', tostring(seq)}
