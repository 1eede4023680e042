import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const ROLES_KEY = 'roles';

/** Only signed-in users with one of these roles may call the handler (or controller). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
