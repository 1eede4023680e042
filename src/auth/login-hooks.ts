import { Injectable } from '@nestjs/common';
import type { User } from './user.entity';

/** Who is signing in, and the id of the visitor's session that is about to be replaced. */
export interface LoginEvent {
  user: Pick<User, 'id' | 'role' | 'buyerUnitId'>;
  visitorSessionId: string;
  /** Whether the visitor's session holds an intent list (the session keeps only this flag). */
  hadVisitorList: boolean;
}

/**
 * Work a feature must do whenever someone signs in, while the visitor's session still exists
 * (its rows are deleted with the old session id). Returns an optional message to show the
 * user on the next page.
 */
export type LoginHook = (event: LoginEvent) => Promise<string | undefined>;

/**
 * Features register their log-in work here (in onModuleInit), so that auth depends on none
 * of them: auth sits below the features, which call it, not the other way round.
 */
@Injectable()
export class LoginHooks {
  private readonly hooks: LoginHook[] = [];

  register(hook: LoginHook): void {
    this.hooks.push(hook);
  }

  /** Runs the hooks one after another, in the order they were registered; returns their messages. */
  async run(event: LoginEvent): Promise<string[]> {
    const messages: string[] = [];
    for (const hook of this.hooks) {
      const message = await hook(event);
      if (message) messages.push(message);
    }
    return messages;
  }
}
