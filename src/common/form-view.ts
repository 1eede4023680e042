import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, Type } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** Supplies what a form template needs besides the typed values (option lists, the record…). */
export interface FormLocalsProvider {
  formLocals(req: Request): Promise<Record<string, unknown>> | Record<string, unknown>;
}

interface FormViewMeta {
  template: string;
  provider?: Type<FormLocalsProvider>;
}

const FORM_VIEW = 'formView';

/**
 * Marks a POST handler whose validation errors re-render `template` with the user's values
 * and a message beside each field (status 422), instead of an error page.
 */
export const FormView = (template: string, provider?: Type<FormLocalsProvider>) =>
  SetMetadata(FORM_VIEW, { template, provider } satisfies FormViewMeta);

export interface PendingFormView {
  template: string;
  locals(): Promise<Record<string, unknown>>;
}

declare module 'express-serve-static-core' {
  interface Request {
    formView?: PendingFormView;
  }
}

/** Records the handler's form view on the request, where the exception filter finds it. */
@Injectable()
export class FormViewInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<FormViewMeta | undefined>(FORM_VIEW, context.getHandler());
    if (meta && context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      const provider = meta.provider ? this.moduleRef.get(meta.provider, { strict: false }) : undefined;
      req.formView = {
        template: meta.template,
        locals: async () => (provider ? await provider.formLocals(req) : {}),
      };
    }
    return next.handle();
  }
}
