import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './roles';

/** The signed-in user as every request sees it (loaded from the session by SessionUserMiddleware). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  countyId: number | null;
  countyName: string | null;
  buyerUnitId: number | null;
  buyerUnitName: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    currentUser?: SessionUser;
  }
}

/** @CurrentUser() user: SessionUser — only on routes guarded by @Roles(). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<Request>().currentUser;
});
