/** The readiness probe of the subgraph served at `graphqlUrl` (same origin, /health/ready). */
export function subgraphReadinessUrl(graphqlUrl: string): string {
  return new URL('/health/ready', graphqlUrl).toString();
}

/**
 * A HealthRegistry check: passes when the subgraph says it is ready (200). The gateway
 * can plan nothing useful while a subgraph is down, so it should not take traffic.
 */
export function subgraphReadinessCheck(graphqlUrl: string, timeoutMs = 1500): () => Promise<void> {
  const probe = subgraphReadinessUrl(graphqlUrl);
  return async () => {
    const response = await fetch(probe, { signal: AbortSignal.timeout(timeoutMs) });
    // Drain the body so the connection goes back to the pool.
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${probe} answered ${response.status}`);
  };
}
