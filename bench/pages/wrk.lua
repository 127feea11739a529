-- The figures of one wrk run on one line, p95 included (wrk itself prints 50/75/90/99):
-- BENCH requests duration_us p50_us p95_us p99_us non_2xx_3xx timeouts bytes
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.timeout, summary.bytes))
end
