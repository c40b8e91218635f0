-- wrk script: counts responses by HTTP status and prints one JSON line, prefixed "RESULT ", at the end.
-- Latencies are in microseconds, as wrk measures them.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    statuses = {}
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local merged = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            merged[status] = (merged[status] or 0) + count
        end
    end
    local codes = {}
    for status, count in pairs(merged) do
        table.insert(codes, string.format('"%d": %d', status, count))
    end
    local e = summary.errors
    io.write(string.format(
        'RESULT {"duration_us": %d, "requests": %d, "statuses": {%s}, ' ..
        '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "non_2xx_3xx": %d}, ' ..
        '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
        summary.duration, summary.requests, table.concat(codes, ", "),
        e.connect, e.read, e.write, e.timeout, e.status,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
