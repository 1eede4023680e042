import { Injectable } from '@nestjs/common';
import { HashingGate } from './hashing-gate';
import { hashPassword, verifyPassword } from './password';

/**
 * Password hashing for requests (log-in, registration), through one HashingGate per instance:
 * a few jobs at a time, each client address served in turn, the rest refused with 503.
 * The seeder and the benchmarks hash directly (password.ts): no visitor waits on them.
 */
@Injectable()
export class PasswordHasher {
  /** Public so a test can hold its slots and fill its queue whatever the machine's speed. */
  readonly gate = new HashingGate();

  hash(client: string, password: string): Promise<string> {
    return this.gate.run(client, () => hashPassword(password));
  }

  verify(client: string, password: string, stored: string): Promise<boolean> {
    return this.gate.run(client, () => verifyPassword(password, stored));
  }
}
