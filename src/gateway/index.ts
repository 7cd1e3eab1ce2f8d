import type { Config } from '../config.js';
import { HttpStateGateway, type StateGateway } from './state-gateway.js';

const gateways = new WeakMap<Config, StateGateway>();

/** The configured gateway, made once per configuration. */
export function stateGateway(config: Config): StateGateway {
  let gateway = gateways.get(config);
  if (!gateway) {
    gateway = new HttpStateGateway({
      url: config.STATE_GATEWAY_URL,
      token: config.STATE_GATEWAY_TOKEN,
      timeoutMs: config.STATE_GATEWAY_TIMEOUT_MS,
      attempts: config.STATE_GATEWAY_ATTEMPTS,
      retryBaseMs: config.STATE_GATEWAY_RETRY_BASE_MS,
      concurrency: config.STATE_GATEWAY_CONCURRENCY,
    });
    gateways.set(config, gateway);
  }
  return gateway;
}
