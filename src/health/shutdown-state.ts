import { Injectable } from '@nestjs/common';

/**
 * Set when the process has been asked to stop (SIGTERM/SIGINT): from then on the readiness
 * check answers 503, so a load balancer that still reaches this instance over a kept-alive
 * connection sends new work elsewhere while the requests in flight finish.
 */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}
