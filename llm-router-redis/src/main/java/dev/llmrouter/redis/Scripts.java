package dev.llmrouter.redis;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the store; each change is one of them, so one round trip. Every
 * script answers a string of space-separated integers, which survives any serializer.
 * Values that are not numbers (foreign or damaged keys) count as absent.
 *
 * @author llm-router
 */
final class Scripts {

	private static final String NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";

	/**
	 * KEYS: cooldown, channel-less. ARGV: until, ttl ms, channel, message. Answers "moved
	 * end".
	 */
	static final RedisScript<String> COOL_DOWN = RedisScript.of("""
			local current = tonumber(redis.call('GET', KEYS[1])) or 0
			local untilMillis = tonumber(ARGV[1])
			if untilMillis <= current then return '0 ' .. string.format('%d', current) end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			redis.call('PUBLISH', ARGV[3], ARGV[4])
			return '1 ' .. ARGV[1]
			""", String.class);

	/** KEYS: cooldown, failures. ARGV: channel, message. Answers "0". */
	static final RedisScript<String> CLEAR = RedisScript.of("""
			redis.call('DEL', KEYS[1], KEYS[2])
			redis.call('PUBLISH', ARGV[1], ARGV[2])
			return '0'
			""", String.class);

	/**
	 * KEYS: failures. ARGV: now, member, window ms. Answers the failures within the
	 * window.
	 */
	static final RedisScript<String> FAILED = RedisScript.of("""
			local now = tonumber(ARGV[1])
			if redis.call('TYPE', KEYS[1]).ok ~= 'zset' then redis.call('DEL', KEYS[1]) end
			redis.call('ZADD', KEYS[1], now, ARGV[2])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
			redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1025)
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return tostring(redis.call('ZCOUNT', KEYS[1], '(' .. (now - tonumber(ARGV[3])), '+inf'))
			""", String.class);

	/**
	 * KEYS: rpm counter. ARGV: limit, counter ttl ms. Counts a request of a deployment
	 * with a request limit, unless the limit is reached. Answers "allowed requests".
	 */
	static final RedisScript<String> STARTED = RedisScript.of("""
			local count = tonumber(redis.call('GET', KEYS[1]))
			if count == nil then redis.call('DEL', KEYS[1]) count = 0 end
			if count >= tonumber(ARGV[1]) then return '0 ' .. string.format('%d', count) end
			count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return '1 ' .. string.format('%d', count)
			""", String.class);

	/**
	 * KEYS: rpm counter, tpm counter, in-flight hash. ARGV: requests to add, tokens to
	 * add, instance id, its attempts in flight, counter ttl ms. Writes one batch of this
	 * instance's counts. Answers "requests tokens" of the minute.
	 */
	static final RedisScript<String> FLUSH = RedisScript.of(
			"""
					local function add(key, delta)
					  local count = tonumber(redis.call('GET', key))
					  if count == nil then redis.call('DEL', key) count = 0 end
					  if delta > 0 then
					    count = redis.call('INCRBY', key, delta)
					    if count == delta then redis.call('PEXPIRE', key, ARGV[5]) end
					  end
					  return count
					end
					local requests = add(KEYS[1], tonumber(ARGV[1]))
					local tokens = add(KEYS[2], tonumber(ARGV[2]))
					if redis.call('TYPE', KEYS[3]).ok ~= 'hash' then redis.call('DEL', KEYS[3]) end
					if tonumber(ARGV[4]) > 0 then redis.call('HSET', KEYS[3], ARGV[3], ARGV[4]) else redis.call('HDEL', KEYS[3], ARGV[3]) end
					return string.format('%d %d', requests, tokens)
					""",
			String.class);

	/**
	 * KEYS: instances sorted set. ARGV: instance id, lease ms. Renews this instance's
	 * leases and forgets instances long gone. Answers "0".
	 */
	static final RedisScript<String> HEARTBEAT = RedisScript.of(NOW + """
			if redis.call('TYPE', KEYS[1]).ok ~= 'zset' then redis.call('DEL', KEYS[1]) end
			redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 3600000)
			return '0'
			""", String.class);

	/**
	 * KEYS: cooldown, rpm counter, tpm counter, in-flight hash, instances. ARGV: instance
	 * id, its attempts in flight. Drops the leases of instances whose lease ran out and
	 * sets this instance's own count (which corrects changes that timed out here but
	 * reached Redis later). Answers "cooldown requests tokens others-in-flight".
	 */
	static final RedisScript<String> REFRESH = RedisScript.of(
			NOW + """
					local cooldown = tonumber(redis.call('GET', KEYS[1])) or 0
					local requests = tonumber(redis.call('GET', KEYS[2])) or 0
					local tokens = tonumber(redis.call('GET', KEYS[3])) or 0
					local others = 0
					if redis.call('TYPE', KEYS[4]).ok == 'hash' then
					  local fields = redis.call('HGETALL', KEYS[4])
					  for i = 1, #fields, 2 do
					    local instance = fields[i]
					    local leaseEnd = tonumber(redis.call('ZSCORE', KEYS[5], instance))
					    if leaseEnd == nil or leaseEnd <= now then
					      redis.call('HDEL', KEYS[4], instance)
					    elseif instance ~= ARGV[1] then
					      local n = tonumber(fields[i + 1])
					      if n ~= nil and n > 0 then others = others + n end
					    end
					  end
					else
					  redis.call('DEL', KEYS[4])
					end
					if tonumber(ARGV[2]) > 0 then redis.call('HSET', KEYS[4], ARGV[1], ARGV[2]) else redis.call('HDEL', KEYS[4], ARGV[1]) end
					return string.format('%d %d %d %d', cooldown, requests, tokens, others)
					""",
			String.class);

	private Scripts() {
	}

}
