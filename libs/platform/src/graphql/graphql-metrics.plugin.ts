import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Metrics } from '../metrics/metrics';

export interface GraphQLMetricsOptions {
  /** Distinct operation names kept as labels; later ones count as `other`. */
  maxOperationNames?: number;
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Apollo plugin counting streetteam_graphql_operations_total{operation,outcome}. Outcome is
 * `ok`, `error` (executed with errors) or `rejected` (failed to parse or validate). Clients
 * choose operation names, so the label set is capped to keep the series count bounded.
 */
export function graphqlMetricsPlugin(metrics: Metrics, options: GraphQLMetricsOptions = {}): ApolloServerPlugin<BaseContext> {
  const maxOperationNames = options.maxOperationNames ?? 200;
  const seenNames = new Set<string>();
  const labelFor = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (seenNames.has(name)) return name;
    if (seenNames.size >= maxOperationNames) return 'other';
    seenNames.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      let operation: string | undefined;
      return {
        async didResolveOperation(requestContext) {
          operation = labelFor(requestContext.operationName);
        },
        async willSendResponse(requestContext) {
          const body = requestContext.response.body;
          const responseErrors = body.kind === 'single' ? body.singleResult.errors : undefined;
          const failed = (requestContext.errors?.length ?? 0) > 0 || (responseErrors?.length ?? 0) > 0;
          const outcome = operation === undefined ? 'rejected' : failed ? 'error' : 'ok';
          metrics.graphqlOperations.inc({ operation: operation ?? 'unknown', outcome });
        },
      };
    },
  };
}
