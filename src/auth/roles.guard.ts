import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { ROLES_KEY } from './roles.decorator';
import type { Role } from './roles';

/**
 * Global guard: routes marked @Roles() need a signed-in user of one of those roles.
 * Ownership (a county's own products, a unit's own intents) is checked by the services.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const user = context.switchToHttp().getRequest<Request>().currentUser;
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (!roles.includes(user.role)) throw AppError.forbidden();
    return true;
  }
}
